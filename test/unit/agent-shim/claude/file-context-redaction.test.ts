import { describe, expect, it } from 'vitest';
import { isPartialRead, redactReadWindow, redactStructuredPatch } from '../../../../agent-shim/claude/file-context-redaction.js';
import { MARKER_PREFIX, createRedactor } from '../../../../redaction/index.js';
import { leakedSecrets, secretSamples } from '../../../helpers/secret-corpus.js';

const redactor = createRedactor();
const samples = secretSamples();

interface Hunk {
  readonly oldStart: number;
  readonly oldLines: number;
  readonly newStart: number;
  readonly newLines: number;
  readonly lines: string[];
}

/** A file holding `text` between two plain lines, as lines (the last one empty: the file ends with a newline). */
function fileAround(text: string): string[] {
  return ['intro', '', ...text.replace(/\n+$/, '').split('\n'), '', 'end', ''];
}

/** The patch as stored: `redactStructuredPatch` of a response holding `hunk`. */
function redacted(before: string[], after: string[], hunk: Hunk): Hunk {
  const response = { filePath: '/repo/f', structuredPatch: [hunk] };
  return (redactStructuredPatch(response, before.join('\n'), after.join('\n'), redactor) as { structuredPatch: Hunk[] }).structuredPatch[0]!;
}

describe('windows of a file redacted with the whole file as context', () => {
  it('leaves no secret of the corpus in a hunk whose context window starts inside it', () => {
    for (const sample of samples) {
      const before = fileAround(sample.text);
      const end = before.indexOf('end', 2);
      const after = before.map((line, i) => (i === end ? 'END' : line));
      for (let start = 0; start < end; start++) {
        const hunk = { oldStart: start + 1, oldLines: end - start + 1, newStart: start + 1, newLines: end - start + 1, lines: [...before.slice(start, end).map((l) => ` ${l}`), '-end', '+END'] };
        const stored = JSON.stringify(redacted(before, after, hunk));
        expect(leakedSecrets(stored, [sample]), `${sample.shape}, from line ${start}`).toEqual([]);
        if (leakedSecrets(JSON.stringify(hunk), [sample]).length > 0) expect(stored, `${sample.shape}, from line ${start}`).toContain(MARKER_PREFIX);
      }
    }
  });

  it('leaves no secret of the corpus in a hunk whose context window ends inside it', () => {
    for (const sample of samples) {
      const before = fileAround(sample.text);
      const after = ['INTRO', ...before.slice(1)];
      for (let end = 1; end < before.length - 1; end++) {
        const hunk = { oldStart: 1, oldLines: end, newStart: 1, newLines: end, lines: ['-intro', '+INTRO', ...before.slice(1, end).map((l) => ` ${l}`)] };
        expect(leakedSecrets(JSON.stringify(redacted(before, after, hunk)), [sample]), `${sample.shape}, to line ${end}`).toEqual([]);
      }
    }
  });

  it('leaves no secret of the corpus in the removed lines of a hunk that deletes its tail', () => {
    for (const sample of samples) {
      const before = fileAround(sample.text);
      const end = before.indexOf('end', 2);
      for (let from = 2; from < end - 1; from++) {
        const after = [...before.slice(0, from), ...before.slice(end - 1)];
        const start = Math.max(0, from - 3);
        const hunk = {
          oldStart: start + 1,
          oldLines: end - start,
          newStart: start + 1,
          newLines: from - start + 1,
          lines: [...before.slice(start, from).map((l) => ` ${l}`), ...before.slice(from, end - 1).map((l) => `-${l}`), ' '],
        };
        expect(leakedSecrets(JSON.stringify(redacted(before, after, hunk)), [sample]), `${sample.shape}, from line ${from}`).toEqual([]);
      }
    }
  });

  it('shows a marker in place of key lines whose BEGIN line is outside the hunk, once per run', () => {
    const before = ['PuTTY-User-Key-File-3: ssh-ed25519', 'Private-Lines: 2', 'AAAAIDjmZ0f8bD2n5Xq7Lw1uKc9HtTrRVpYsE', 'oMiGaNfJhWB1K5SJNKD5R76ZZ3ZRLHH42QAAVQ', 'Private-MAC: 5c1d87', '', 'a = 1', ''];
    const after = before.map((line) => (line === 'a = 1' ? 'a = 2' : line));
    const hunk = { oldStart: 3, oldLines: 5, newStart: 3, newLines: 5, lines: [' AAAAIDjmZ0f8bD2n5Xq7Lw1uKc9HtTrRVpYsE', ' oMiGaNfJhWB1K5SJNKD5R76ZZ3ZRLHH42QAAVQ', ' Private-MAC: 5c1d87', ' ', '-a = 1', '+a = 2'] };
    expect(redacted(before, after, hunk)).toEqual({ ...hunk, lines: [' [REDACTED:putty-private-key]', ' Private-MAC: 5c1d87', ' ', '-a = 1', '+a = 2'] });
  });

  it('leaves no secret of the corpus in any window of a Read with an offset and a limit', () => {
    for (const sample of samples) {
      const lines = fileAround(sample.text);
      const text = lines.join('\n');
      for (let start = 0; start < lines.length - 1; start++) {
        for (let end = start + 1; end < lines.length; end++) {
          const content = `${lines.slice(start, end).join('\n')}\n`;
          const response = { type: 'text', file: { filePath: '/repo/f', content, numLines: end - start, startLine: start + 1, totalLines: lines.length - 1 } };
          expect(isPartialRead(response) || (start === 0 && end === lines.length - 1)).toBe(true);
          const stored = redactReadWindow(response, text, redactor) as typeof response;
          const where = `${sample.shape}, lines ${start + 1}-${end}`;
          expect(leakedSecrets(JSON.stringify(stored), [sample]), where).toEqual([]);
          // A marker stands in for what the window showed of the secret.
          if (leakedSecrets(content, [sample]).length > 0) expect(stored.file.content, where).toContain(MARKER_PREFIX);
          expect(stored.file.content.endsWith('\n'), sample.shape).toBe(true);
        }
      }
    }
  });

  it('shows the marker of a PEM block for the body lines a Read window shows, and keeps the other lines', () => {
    const text = 'key:\n-----BEGIN EC PRIVATE KEY-----\nB21Tkj7QqCpbJdQR4jTdtOLIl\nb7V9Z9sPkiKO2YsKst3\n-----END EC PRIVATE KEY-----\nafter\n';
    const response = { type: 'text', file: { filePath: '/repo/k', content: 'B21Tkj7QqCpbJdQR4jTdtOLIl\nb7V9Z9sPkiKO2YsKst3\n-----END EC PRIVATE KEY-----\nafter\n', numLines: 4, startLine: 3, totalLines: 6 } };
    expect((redactReadWindow(response, text, redactor) as typeof response).file.content).toBe('[REDACTED:private-key]\nafter\n');
    expect(isPartialRead({ type: 'text', file: { content: text, startLine: 1, numLines: 6, totalLines: 6 } })).toBe(false);
  });

  it('returns the response itself when the files hold no secret, and leaves a hunk that does not match the files as it is', () => {
    const response = { structuredPatch: [{ oldStart: 1, oldLines: 1, newStart: 1, newLines: 1, lines: ['-a', '+b'] }] };
    expect(redactStructuredPatch(response, 'a\n', 'b\n', redactor)).toBe(response);
    const stale = { structuredPatch: [{ oldStart: 1, oldLines: 1, newStart: 1, newLines: 1, lines: ['-x', '+y'] }] };
    expect(redactStructuredPatch(stale, 'password=hunter2hunter2\n', 'b\n', redactor)).toEqual(stale);
  });
});
