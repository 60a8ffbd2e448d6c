import { describe, expect, it } from 'vitest';
import { defaultRedactionConfig, type RedactionConfig } from '../../../redaction/config.js';
import { createRedactor } from '../../../redaction/create-redactor.js';
import { nonSecretSamples, secretSamples } from '../../helpers/secret-corpus.js';

const GITHUB_TOKEN = 'ghp_ACd4g4LjrRlHnSGZbsEYvAm6HwNwyI9SZuL5';
const withConfig = (change: Partial<RedactionConfig>) => createRedactor({ ...defaultRedactionConfig(), ...change });

describe('createRedactor', () => {
  it('returns the very same string when nothing is secret', () => {
    const text = 'npm test -- --run && git status --short';
    expect(createRedactor().redact(text)).toBe(text);
    expect(createRedactor().containsSecret(text)).toBe(false);
  });

  it('replaces only the secret and keeps the text around it', () => {
    expect(createRedactor().redact(`before GITHUB_TOKEN=${GITHUB_TOKEN} after`)).toBe('before GITHUB_TOKEN=[REDACTED:github-token] after');
    expect(createRedactor().redact('{"password": "hunter2!", "user": "bob"}')).toBe('{"password": "[REDACTED:password]", "user": "bob"}');
  });

  it('finds assignments in JSON nested in JSON strings and keeps every escape intact', () => {
    const inner = { password: 'hunter2!', note: 'x' };
    const twice = JSON.stringify({ content: JSON.stringify(inner) });
    const thrice = JSON.stringify({ command: twice });
    const marked = { ...inner, password: '[REDACTED:password]' };
    expect(JSON.parse(JSON.parse(createRedactor().redact(twice)).content)).toEqual(marked);
    expect(JSON.parse(JSON.parse(JSON.parse(createRedactor().redact(thrice)).command).content)).toEqual(marked);
  });

  it('redacts every occurrence, of several kinds, in one text', () => {
    const text = `a=${GITHUB_TOKEN} b=${GITHUB_TOKEN}\npassword: x9 postgres://u:pw@h/db`;
    expect(createRedactor().redact(text)).toBe('a=[REDACTED:github-token] b=[REDACTED:github-token]\npassword: [REDACTED:password] postgres://u:[REDACTED:database-password]@h/db');
  });

  it('is idempotent: redacting a redacted text changes nothing', () => {
    const redactor = createRedactor();
    for (const sample of [...secretSamples(), ...nonSecretSamples()]) {
      const once = redactor.redact(sample.text);
      expect(redactor.redact(once), sample.shape).toBe(once);
    }
  });

  it('says containsSecret exactly when redact would change the text', () => {
    const redactor = createRedactor();
    for (const sample of [...secretSamples(), ...nonSecretSamples()]) {
      expect(redactor.containsSecret(sample.text), sample.shape).toBe(redactor.redact(sample.text) !== sample.text);
    }
  });

  it('keeps allowed literals and secrets matching an allow pattern as a whole', () => {
    expect(withConfig({ allowLiterals: [GITHUB_TOKEN] }).redact(`t=${GITHUB_TOKEN}`)).toBe(`t=${GITHUB_TOKEN}`);
    const allowTest = withConfig({ allowPatterns: ['sk_test_[0-9a-zA-Z]{24}'] });
    expect(allowTest.redact('k=sk_test_2Nome0oxciUmK00VoZ8iNWny')).toBe('k=sk_test_2Nome0oxciUmK00VoZ8iNWny');
    expect(allowTest.redact('k=sk_live_YkBq2DHELKk2xEW7ICMfaHCc')).toBe('k=[REDACTED:stripe-key]');
    // A partial match does not allow: the whole secret must match.
    expect(withConfig({ allowPatterns: ['ghp_'] }).redact(GITHUB_TOKEN)).toBe('[REDACTED:github-token]');
  });

  it('redacts configured deny patterns, with or without keywords, and only their secret group when they have one', () => {
    const text = 'id=ACME-7731-XK and ref acme:secret-77';
    expect(withConfig({ deny: [{ name: 'acme-id', regex: 'ACME-\\d{4}-[A-Z]{2}', keywords: ['ACME-'] }] }).redact(text)).toBe('id=[REDACTED:acme-id] and ref acme:secret-77');
    expect(withConfig({ deny: [{ name: 'acme-ref', regex: 'acme:(?<secret>[a-z0-9-]+)', flags: 'i' }] }).redact(text)).toBe('id=ACME-7731-XK and ref acme:[REDACTED:acme-ref]');
  });

  it('switches off single built-in patterns and everything', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZ2VudCJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
    expect(withConfig({ disabledPatterns: ['jwt'] }).redact(`see ${jwt}`)).toBe(`see ${jwt}`);
    const off = withConfig({ enabled: false });
    expect(off.redact(`t=${GITHUB_TOKEN}`)).toBe(`t=${GITHUB_TOKEN}`);
    expect(off.containsSecret(`t=${GITHUB_TOKEN}`)).toBe(false);
  });

  it('refuses invalid configurations with the field named', () => {
    expect(() => withConfig({ deny: [{ name: 'Bad Name', regex: 'x' }] })).toThrow(/deny\[0\]\.name/);
    expect(() => withConfig({ deny: [{ name: 'ok', regex: '(' }] })).toThrow(/deny\[0\]\.regex is not a valid regex/);
    expect(() => withConfig({ deny: [{ name: 'ok', regex: 'x', flags: 'u' }] })).toThrow(/deny\[0\]\.flags/);
    expect(() => withConfig({ deny: [{ name: 'ok', regex: 'x', keywords: ['k'] }] })).toThrow(/keywords/);
    expect(() => withConfig({ allowPatterns: ['['] })).toThrow(/allowPatterns\[0\]/);
  });

  it('handles empty text, non-ASCII text and a secret at either end', () => {
    const redactor = createRedactor();
    expect(redactor.redact('')).toBe('');
    expect(redactor.redact('ünïcødé 日本語 password=日本語パス')).toBe('ünïcødé 日本語 password=[REDACTED:password]');
    expect(redactor.redact(GITHUB_TOKEN)).toBe('[REDACTED:github-token]');
  });
});
