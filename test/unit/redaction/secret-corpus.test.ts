import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../../redaction/create-redactor.js';
import { nonSecretSamples, secretSamples } from '../../helpers/secret-corpus.js';

const redactor = createRedactor();
const secrets = secretSamples();
const nonSecrets = nonSecretSamples();

describe('the secret corpus', () => {
  it('has at least 60 distinct secret shapes and 30 look-alikes, in every kind of context', () => {
    expect(new Set(secrets.map((s) => s.shape)).size).toBeGreaterThanOrEqual(60);
    expect(new Set(nonSecrets.map((s) => s.shape)).size).toBeGreaterThanOrEqual(30);
    expect(new Set(secrets.map((s) => s.context))).toEqual(new Set(['env', 'yaml', 'json', 'shell', 'code', 'http', 'url', 'file', 'log', 'tool output']));
  });

  it('names each secret by fragments that can be searched in stored JSON too', () => {
    for (const sample of secrets) {
      expect(sample.secrets.length, sample.shape).toBeGreaterThan(0);
      for (const fragment of sample.secrets) {
        expect(fragment.length, sample.shape).toBeGreaterThanOrEqual(6);
        expect(fragment, sample.shape).toMatch(/^[^\s"'\\]+$/);
        expect(sample.text, sample.shape).toContain(fragment);
      }
    }
  });

  it.each(secrets.map((s) => [s.shape, s] as const))('redacts %s', (_, sample) => {
    const redacted = redactor.redact(sample.text);
    for (const fragment of sample.secrets) expect(redacted).not.toContain(fragment);
    expect(redacted).toContain(`[REDACTED:${sample.pattern}]`);
  });

  it.each(nonSecrets.map((s) => [s.shape, s] as const))('keeps %s unchanged', (_, sample) => {
    expect(redactor.redact(sample.text)).toBe(sample.text);
  });
});
