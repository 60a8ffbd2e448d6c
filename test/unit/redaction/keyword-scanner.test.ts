import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../../redaction/create-redactor.js';
import { SECRET_PATTERNS } from '../../../redaction/patterns.js';
import { nonSecretSamples, secretSamples } from '../../helpers/secret-corpus.js';

const redactor = createRedactor();
const mayContainSecret = (text: string) => {
  const bytes = Buffer.from(text, 'utf8');
  return redactor.mayContainSecret(bytes, 0, bytes.length);
};

/** Deterministic pseudo-random source (mulberry32). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `text` with a few random edits: case flips, deletions, insertions of ASCII, quotes and non-ASCII characters. */
function mutate(text: string, next: () => number): string {
  const chars = [...text];
  const inserts = ['"', "'", ' ', '=', ':', '\\', 'é', '日', '\n', 'A', 'z', '7', '_', '-'];
  for (let edits = 1 + Math.floor(next() * 4); edits > 0; edits--) {
    const at = Math.floor(next() * chars.length);
    const roll = next();
    if (roll < 0.4) chars[at] = next() < 0.5 ? chars[at]!.toUpperCase() : chars[at]!.toLowerCase();
    else if (roll < 0.7) chars.splice(at, 1);
    else chars.splice(at, 0, inserts[Math.floor(next() * inserts.length)]!);
  }
  return chars.join('');
}

describe('the byte prefilter (mayContainSecret)', () => {
  it('lets through every text in which the redactor finds a secret', () => {
    for (const text of [...secretSamples().map((s) => s.text), ...SECRET_PATTERNS.map((p) => p.example)]) {
      expect(mayContainSecret(text), text.slice(0, 60)).toBe(true);
    }
  });

  it('never misses a secret in thousands of randomly mutated corpus texts', () => {
    const next = random(42);
    const texts = [...secretSamples().map((s) => s.text), ...nonSecretSamples().map((s) => s.text), ...SECRET_PATTERNS.map((p) => p.example)];
    let redacted = 0;
    for (let round = 0; round < 20; round++) {
      for (const text of texts) {
        const mutated = mutate(text, next);
        if (redactor.redact(mutated) === mutated) continue;
        redacted++;
        expect(mayContainSecret(mutated), JSON.stringify(mutated.slice(0, 80))).toBe(true);
      }
    }
    expect(redacted).toBeGreaterThan(1000);
  });

  it('works on a slice of a larger buffer', () => {
    const bytes = Buffer.from('xx password=hunter2 yy plain text zz');
    expect(redactor.mayContainSecret(bytes, 3, 19)).toBe(true);
    expect(redactor.mayContainSecret(bytes, 20, 36)).toBe(false);
  });

  it('clears ordinary agent values without decoding them', () => {
    for (const text of ['execute_tool Edit', 'src/api/routes.ts', 'npm test', '{"file_path":"src/lib/cache.ts","old_string":"const a = 1;"}', 'claude-sonnet-4', 'sha256:2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881']) {
      expect(mayContainSecret(text), text).toBe(false);
    }
  });

  it('sees the entropy rule\'s long token after = or : but not hex ones', () => {
    expect(mayContainSecret('X="Zq8vmR2pLx7KtW3nB9cY4dF6"')).toBe(true);
    expect(mayContainSecret('commit: 4f2c1e9a8b7d6c5e4f3a2b1c0d9e8f7a6b5c4d3e')).toBe(false);
    expect(mayContainSecret('run=550e8400-e29b-41d4-a716-446655440000')).toBe(false);
  });
});
