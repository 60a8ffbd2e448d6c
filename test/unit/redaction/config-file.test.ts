import { describe, expect, it } from 'vitest';
import { defaultRedactionConfig } from '../../../redaction/config.js';
import { parseRedactionConfig } from '../../../redaction/config-file.js';

describe('parseRedactionConfig', () => {
  it('gives the defaults for an empty object', () => {
    expect(parseRedactionConfig({})).toEqual(defaultRedactionConfig());
  });

  it('replaces the fields it sets and keeps the others, entropy settings one by one', () => {
    const config = parseRedactionConfig({ allowLiterals: ['AKIAIOSFODNN7EXAMPLE'], entropy: { minLength: 24 } });
    expect(config.allowLiterals).toEqual(['AKIAIOSFODNN7EXAMPLE']);
    expect(config.entropy).toEqual({ ...defaultRedactionConfig().entropy, minLength: 24 });
    expect(config.enabled).toBe(true);
  });

  it('merges over a given base', () => {
    const base = parseRedactionConfig({ allowPatterns: ['x+'] });
    expect(parseRedactionConfig({ enabled: false }, base)).toMatchObject({ enabled: false, allowPatterns: ['x+'] });
  });

  it('refuses unknown fields, wrong types and invalid regexes, naming the path', () => {
    expect(() => parseRedactionConfig({ allowList: [] })).toThrow(/redaction config/);
    expect(() => parseRedactionConfig({ entropy: { minLength: 'long' } })).toThrow(/entropy\.minLength/);
    expect(() => parseRedactionConfig({ deny: [{ name: 'x', regex: '(' }] })).toThrow(/not a valid regex/);
  });
});
