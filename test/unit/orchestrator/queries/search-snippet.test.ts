import { describe, expect, it } from 'vitest';
import { snippetAround } from '../../../../orchestrator/queries/search-query.js';

describe('snippetAround', () => {
  it('keeps a short value whole', () => {
    expect(snippetAround('npm test -- charge', 'TEST')).toBe('npm test -- charge');
  });

  it('cuts a long value around the first match, marking each cut', () => {
    const value = `${'a'.repeat(200)}NEEDLE${'b'.repeat(300)}`;
    expect(snippetAround(value, 'needle')).toBe(`…${'a'.repeat(60)}NEEDLE${'b'.repeat(140)}…`);
    expect(snippetAround(`NEEDLE${'b'.repeat(300)}`, 'needle')).toBe(`NEEDLE${'b'.repeat(140)}…`);
  });
});
