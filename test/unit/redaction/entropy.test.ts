import { describe, expect, it } from 'vitest';
import { defaultRedactionConfig } from '../../../redaction/config.js';
import { createRedactor } from '../../../redaction/create-redactor.js';
import { looksLikeSecret, shannonBitsPerChar } from '../../../redaction/entropy.js';

const config = defaultRedactionConfig().entropy;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Deterministic random tokens (mulberry32). */
function randomTokens(count: number, length: number, alphabet = ALPHABET, seed = 1): string[] {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: count }, () => Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join(''));
}

describe('Shannon entropy', () => {
  it('is 0 for one repeated character and log2(n) for n distinct ones', () => {
    expect(shannonBitsPerChar('aaaaaaaa')).toBe(0);
    expect(shannonBitsPerChar('abcd')).toBe(2);
    expect(shannonBitsPerChar('0123456789abcdef')).toBe(4);
  });
});

describe('the entropy rule', () => {
  // Misses are tokens without a digit (~3% at 20 characters, fewer beyond) and a tail of low-entropy draws.
  it.each([
    [20, 0.95],
    [24, 0.96],
    [32, 0.98],
    [40, 0.98],
    [64, 0.99],
    [100, 0.99],
  ])('takes random base62 tokens of length %i for secrets (at least a share of %f)', (length, share) => {
    const tokens = randomTokens(1000, length, ALPHABET, length);
    expect(tokens.filter((t) => looksLikeSecret(t, 'X', config)).length / tokens.length).toBeGreaterThanOrEqual(share);
  });

  it.each([
    ['lowercase alphanumeric', 'abcdefghijklmnopqrstuvwxyz0123456789'],
    ['base64', `${ALPHABET}+/`],
  ])('takes 98 in 100 random %s tokens of length 40 for secrets', (_, alphabet) => {
    const tokens = randomTokens(1000, 40, alphabet, alphabet.length);
    expect(tokens.filter((t) => looksLikeSecret(t, 'X', config)).length / tokens.length).toBeGreaterThanOrEqual(0.98);
  });

  it.each([
    ['a git commit SHA', '4f2c1e9a8b7d6c5e4f3a2b1c0d9e8f7a6b5c4d3e'],
    ['a sha256 digest', '2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881'],
    ['a trace id', '5b8efff798038103d269b633813fc60c'],
    ['a UUID', '550e8400-e29b-41d4-a716-446655440000'],
    ['an identifier', 'build_2024_11_25_release_candidate'],
    ['a kebab-case name', 'my-service-v2-production-eu-west-1'],
    ['a word without digits', 'handleRequestForUserProfileUpdates'],
    ['an absolute path', '/home/dev/work/app-agent-1/node_modules'],
    ['a relative path of words', 'Users/Dev123/Projects2024/MyApp'],
    ['base64 of a sentence', 'SGVsbG8gd29ybGQsIHRoaXMgaXMgYSB0ZXN0'],
    ['a subresource-integrity hash', 'sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg=='],
    ['a Claude tool_use id', 'toolu_01ABCdefGHIjklMNOpqrSTU2'],
  ])('leaves %s alone', (_, token) => {
    expect(looksLikeSecret(token, 'value', config)).toBe(false);
  });

  it.each([['tool_use_id'], ['traceId'], ['base_commit'], ['integrity'], ['h1'], ['file_path']])('leaves random tokens under the key %s alone', (key) => {
    expect(looksLikeSecret('Zq8vmR2pLx7KtW3nB9cY4dF6', key, config)).toBe(false);
    expect(looksLikeSecret('Zq8vmR2pLx7KtW3nB9cY4dF6', 'signature', config)).toBe(true);
  });

  it('redacts a random token assigned to any key and keeps the key', () => {
    const redactor = createRedactor();
    expect(redactor.redact('WEBHOOK_SIGNING=Zq8vmR2pLx7KtW3nB9cY4dF6 next')).toBe('WEBHOOK_SIGNING=[REDACTED:high-entropy-token] next');
    expect(redactor.redact('{"hmac": "Zq8vmR2pLx7KtW3nB9cY4dF6"}')).toBe('{"hmac": "[REDACTED:high-entropy-token]"}');
    expect(redactor.redact('go.sum: github.com/x/y v1.0.0 h1:Zq8vmR2pLx7KtW3nB9cY4dF6Q=')).toBe('go.sum: github.com/x/y v1.0.0 h1:Zq8vmR2pLx7KtW3nB9cY4dF6Q=');
  });

  it('needs assignment context: a bare random token is not redacted', () => {
    expect(createRedactor().redact('id Zq8vmR2pLx7KtW3nB9cY4dF6 seen')).toBe('id Zq8vmR2pLx7KtW3nB9cY4dF6 seen');
  });

  it('follows its configuration: off, and a longer minimum length', () => {
    const text = 'X=Zq8vmR2pLx7KtW3nB9cY4dF6';
    const defaults = defaultRedactionConfig();
    expect(createRedactor({ ...defaults, entropy: { ...defaults.entropy, enabled: false } }).redact(text)).toBe(text);
    expect(createRedactor({ ...defaults, entropy: { ...defaults.entropy, minLength: 32 } }).redact(text)).toBe(text);
    expect(createRedactor({ ...defaults, disabledPatterns: ['high-entropy-token'] }).redact(text)).toBe(text);
  });
});
