import { mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_SNAPSHOT_BYTES, MISSING_FILE, contentHash, snapshotFile, snapshotFileNow } from '../../../../agent-shim/claude/file-snapshot.js';
import { tempDir } from '../../../helpers/temp-dir.js';

describe('file snapshots', () => {
  it('read the same on the event loop as through the thread pool: content and hash, nothing for what is absent, not a file or too large', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'a.ts');
    writeFileSync(file, 'export const a = 1;\n// é\n');
    const large = path.join(dir, 'large.bin');
    writeFileSync(large, '');
    truncateSync(large, MAX_SNAPSHOT_BYTES + 1);
    mkdirSync(path.join(dir, 'folder'));

    expect(snapshotFileNow(file)).toEqual({ exists: true, hash: contentHash('export const a = 1;\n// é\n'), content: 'export const a = 1;\n// é\n' });
    expect(snapshotFileNow(path.join(dir, 'missing.ts'))).toEqual(MISSING_FILE);
    expect(snapshotFileNow(path.join(dir, 'folder'))).toEqual(MISSING_FILE);
    expect(snapshotFileNow(large)).toEqual({ exists: true, hash: undefined, content: undefined });
    for (const name of ['a.ts', 'missing.ts', 'folder', 'large.bin']) {
      expect(snapshotFileNow(path.join(dir, name))).toEqual(await snapshotFile(path.join(dir, name)));
    }
  });
});
