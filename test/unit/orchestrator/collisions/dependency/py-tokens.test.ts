import { describe, expect, it } from 'vitest';
import { pythonLogicalLines, tokenText } from '../../../../../orchestrator/collisions/dependency/py-tokens.js';

const lines = (source: string) => pythonLogicalLines(source).map((line) => ({ indent: line.indent, start: line.startLine, end: line.endLine, text: tokenText(line.tokens) }));

describe('the Python logical-line tokenizer', () => {
  it('joins bracketed and backslash continuations into one logical line', () => {
    expect(lines('x = (1,\n     2)\ny = 1 + \\\n    2\n')).toEqual([
      { indent: 0, start: 1, end: 2, text: 'x = ( 1 , 2 )' },
      { indent: 0, start: 3, end: 4, text: 'y = 1 + 2' },
    ]);
  });

  it('keeps string literals whole, whatever they contain, and drops comments', () => {
    expect(lines('s = f"a # {b}"  # comment\nt = r\'\\d+\'\nu = """\ndef x(): pass\n"""\n')).toEqual([
      { indent: 0, start: 1, end: 1, text: 's = f"a # {b}"' },
      { indent: 0, start: 2, end: 2, text: "t = r'\\d+'" },
      { indent: 0, start: 3, end: 5, text: 'u = """\ndef x(): pass\n"""' },
    ]);
  });

  it('records indentation, skips blank and comment-only lines, and splits at semicolons', () => {
    expect(lines('def f():\n\n    # note\n\ta = 1; b = 2\n')).toEqual([
      { indent: 0, start: 1, end: 1, text: 'def f ( ) :' },
      { indent: 8, start: 4, end: 4, text: 'a = 1' },
      { indent: 8, start: 4, end: 4, text: 'b = 2' },
    ]);
  });

  it('reads multi-character operators as one token', () => {
    expect(lines('def f(a) -> int: return a ** 2 // 3\n')[0]?.text).toBe('def f ( a ) -> int : return a ** 2 // 3');
  });
});
