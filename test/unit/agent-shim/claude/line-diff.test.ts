import { describe, expect, it } from 'vitest';
import { diffLineCounts, splitLines } from '../../../../agent-shim/claude/line-diff.js';

describe('line diff counts', () => {
  it('splits a final newline as the end of the last line', () => {
    expect(splitLines('')).toEqual([]);
    expect(splitLines('a\nb\n')).toEqual(['a', 'b']);
    expect(splitLines('a\nb')).toEqual(['a', 'b']);
  });

  it.each([
    ['identical', 'a\nb\n', 'a\nb\n', 0, 0],
    ['new file', '', 'a\nb\nc\n', 3, 0],
    ['emptied', 'a\nb\n', '', 0, 2],
    ['one line replaced by two', '# demo\nline2\nline3\n', '# demo\nline two\nline 2.5\nline3\n', 2, 1],
    ['scattered changes', 'a\nb\nc\nd\ne\nf\n', 'a\nB\nc\nd\nf\ng\n', 2, 2],
    ['moved block', 'x\n1\n2\n3\ny\n', '1\n2\n3\nx\ny\n', 1, 1],
  ])('%s: +%i -%i as git counts it', (_name, before, after, added, removed) => {
    expect(diffLineCounts(before, after)).toEqual({ added: added as number, removed: removed as number });
  });

  it('counts a large scattered rewrite exactly up to the edit-distance bound', () => {
    const before = Array.from({ length: 2000 }, (_, i) => `old ${i}`).join('\n');
    const after = Array.from({ length: 2000 }, (_, i) => (i % 2 ? `old ${i}` : `new ${i}`)).join('\n');
    expect(diffLineCounts(before, after)).toEqual({ added: 1000, removed: 1000 });
  });

  it('counts everything between the common head and tail as replaced past the bound', () => {
    const before = ['head', ...Array.from({ length: 3000 }, (_, i) => `old ${i}`), 'tail'].join('\n');
    const after = ['head', ...Array.from({ length: 3000 }, (_, i) => `new ${i}`), 'tail'].join('\n');
    expect(diffLineCounts(before, after)).toEqual({ added: 3000, removed: 3000 });
  });
});
