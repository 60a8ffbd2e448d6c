import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../../redaction/create-redactor.js';
import { MARKER_NAME } from '../../../redaction/marker.js';
import { withPatternTable } from '../../../redaction/pattern-table.js';
import { SECRET_PATTERNS } from '../../../redaction/patterns.js';

const redactor = createRedactor();

describe('the documented pattern set', () => {
  it('has unique marker names made of lowercase words', () => {
    const names = SECRET_PATTERNS.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(MARKER_NAME);
  });

  it('never uses the u or v flag, which would let non-ASCII text match ASCII keywords', () => {
    for (const p of SECRET_PATTERNS) expect(p.regex.flags, p.name).not.toMatch(/[uv]/);
  });

  it.each(SECRET_PATTERNS.map((p) => [p.name, p] as const))('redacts the example of %s with its own marker', (name, pattern) => {
    const redacted = redactor.redact(pattern.example);
    expect(redacted).toContain(`[REDACTED:${name}]`);
    expect(redactor.redact(redacted)).toBe(redacted);
  });

  it.each(SECRET_PATTERNS.map((p) => [p.name, p] as const))('finds a keyword of %s in its example (the prefilter would let it through)', (_, pattern) => {
    const ignoreCase = pattern.regex.flags.includes('i');
    const example = ignoreCase ? pattern.example.toLowerCase() : pattern.example;
    expect(pattern.keywords.some((k) => example.includes(ignoreCase ? k.toLowerCase() : k))).toBe(true);
  });

  it('matches only where one of its keywords occurs, for every pattern and every corpus text', () => {
    for (const p of SECRET_PATTERNS) {
      const regex = new RegExp(p.regex.source, `${p.regex.flags}g`);
      const texts = SECRET_PATTERNS.map((q) => q.example);
      for (const text of texts) {
        for (const match of text.matchAll(regex)) {
          const found = p.regex.flags.includes('i') ? match[0].toLowerCase() : match[0];
          expect(p.keywords.some((k) => found.includes(p.regex.flags.includes('i') ? k.toLowerCase() : k)), `${p.name} matched ${match[0]}`).toBe(true);
        }
      }
    }
  });

  it('is the table in redaction/README.md', () => {
    const readme = readFileSync(new URL('../../../redaction/README.md', import.meta.url), 'utf8');
    // On failure: npm run build && node dist/redaction/pattern-table.js --write
    expect(withPatternTable(readme)).toBe(readme);
  });
});
