import { describe, expect, it } from 'vitest';
import { attributeText } from '../../../../agent-shim/claude/attribute-text.js';
import { createRedactor } from '../../../../redaction/index.js';
import { leakedSecrets, markerOf, secretSamples } from '../../../helpers/secret-corpus.js';

const redactor = createRedactor();
const samples = secretSamples();
const stored = (value: unknown) => attributeText(value, redactor, Number.MAX_SAFE_INTEGER).text;

/** A hunk of Claude Code's `structuredPatch` (jsdiff) whose middle lines are `text`'s, each prefixed with `prefix`. */
function hunk(text: string, prefix: ' ' | '-' | '+') {
  const lines = text.split('\n').map((line) => prefix + line);
  return { oldStart: 4, oldLines: 9, newStart: 4, newLines: 9, lines: [' before', '-old line', '+new line', ...lines, ' after'] };
}

describe('attributeText: agent data as a span attribute', () => {
  it.each([' ', '-', '+'] as const)('leaves no secret of the corpus in the %j lines of a structuredPatch hunk (multi-line keys included)', (prefix) => {
    for (const sample of samples) {
      const text = stored({ filePath: '/repo/x', structuredPatch: [hunk(sample.text, prefix)] });
      expect(leakedSecrets(text, [sample]), sample.shape).toEqual([]);
      expect(text, sample.shape).toContain(markerOf(sample));
    }
  });

  it('leaves no secret of the corpus in an array of output lines', () => {
    for (const sample of samples) {
      const text = stored({ output: sample.text.split('\n') });
      expect(leakedSecrets(text, [sample]), sample.shape).toEqual([]);
      expect(text, sample.shape).toContain(markerOf(sample));
    }
  });

  it('redacts a secret given as the next word of an argument vector', () => {
    expect(stored({ argv: ['psql', '--host', 'db', '--password', 'seciRp18fLdI39Kh'] })).toBe(
      JSON.stringify({ argv: ['psql', '--host', 'db', '--password', '[REDACTED:secret-flag]'] }),
    );
  });

  it('keeps the shape of a hunk whose secrets each sit on one line', () => {
    const patch = { oldStart: 1, oldLines: 2, newStart: 1, newLines: 2, lines: [' # settings', '-password=hunter2hunter2', '+password=Zq8v!mR2pLx7', '\\ No newline at end of file'] };
    expect(JSON.parse(stored(patch))).toEqual({ ...patch, lines: [' # settings', '-password=[REDACTED:password]', '+password=[REDACTED:password]', '\\ No newline at end of file'] });
  });

  it('turns a hunk whose secret spans lines into its two redacted sides', () => {
    const key = ['-----BEGIN RSA PRIVATE KEY-----', 'MIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgHcTz6sE2I2yPB', 'aNJr1yI4Tr0cPq3tqTg0KmY8UO7ZxBhSs2rPGbPXy5kfG8m1Qq1cHX0nNG4cJ5xK', '-----END RSA PRIVATE KEY-----'];
    const patch = { oldStart: 1, oldLines: 6, newStart: 1, newLines: 6, lines: [' # deploy key', ` ${key[0]}`, `-${key[1]}`, `+${key[2]}`, ` ${key[3]}`, ' done'] };
    expect(JSON.parse(stored(patch)).lines).toEqual(['-# deploy key', '-[REDACTED:private-key]', '-done', '+# deploy key', '+[REDACTED:private-key]', '+done']);
  });

  it('redacts before cutting to size: a secret across the cut leaves nothing of itself', () => {
    const token = 'ghp_ACd4g4LjrRlHnSGZbsEYvAm6HwNwyI9SZuL5';
    const { text, truncated } = attributeText(`${'x'.repeat(40)} GITHUB_TOKEN=${token} and more`, redactor, 64);
    expect(truncated).toBe(true);
    expect(text).toHaveLength(64);
    expect(text).not.toContain(token.slice(4, 12));
  });
});
