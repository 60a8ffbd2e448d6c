import { appendFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTranscriptReader } from '../../../../agent-shim/claude/transcript-reader.js';
import { tempDir } from '../../../helpers/temp-dir.js';

describe('transcript reader', () => {
  it('returns only what was appended since the last read, whole lines only', async () => {
    const file = path.join(tempDir(), 't.jsonl');
    const reader = createTranscriptReader(file);
    expect(await reader.readNew()).toEqual([]);
    writeFileSync(file, '{"n":1}\n{"n":2}\n{"n":');
    expect(await reader.readNew()).toEqual([{ n: 1 }, { n: 2 }]);
    expect(await reader.readNew()).toEqual([]);
    appendFileSync(file, '3}\nnot json\n{"n":"ü"}\n');
    expect(await reader.readNew()).toEqual([{ n: 3 }, { n: 'ü' }]);
  });

  it('starts over when the file was rewritten shorter', async () => {
    const file = path.join(tempDir(), 't.jsonl');
    const reader = createTranscriptReader(file);
    writeFileSync(file, '{"n":1}\n{"n":2}\n');
    await reader.readNew();
    writeFileSync(file, '{"n":9}\n');
    expect(await reader.readNew()).toEqual([{ n: 9 }]);
  });
});
