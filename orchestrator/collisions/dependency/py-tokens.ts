/**
 * A small Python tokenizer, just enough for the dependency analysis: it
 * splits source into logical lines (joining bracketed and backslash
 * continuations, splitting at `;`), records each line's indentation, and
 * yields names, operators, numbers and whole string literals (triple-quoted
 * and prefixed ones included). Comments are dropped. It does not build a
 * syntax tree, validate anything or look inside f-string replacement fields.
 */

export interface PyToken {
  readonly type: 'name' | 'op' | 'string' | 'number';
  readonly text: string;
  /** 1-based line where the token starts. */
  readonly line: number;
  /** Brackets open around the token within its logical line (a bracket itself counts as outside). */
  readonly depth: number;
}

export interface PyLine {
  /** Column of the first token (tabs to multiples of 8). */
  readonly indent: number;
  readonly startLine: number;
  readonly endLine: number;
  readonly tokens: readonly PyToken[];
}

const STRING_START = /[rRbBuUfFtT]{0,2}('''|"""|'|")/y;
const NAME = /[\p{ID_Start}_][\p{ID_Continue}]*/uy;
const NUMBER = /(?:\d|\.\d)[\w.]*/y;
const OPERATOR = /\*\*=|\/\/=|>>=|<<=|->|:=|==|!=|<=|>=|\+=|-=|\*=|\/=|%=|&=|\|=|\^=|@=|\*\*|\/\/|<<|>>|\S/y;
const OPENING = new Set(['(', '[', '{']);
const CLOSING = new Set([')', ']', '}']);

function matchAt(pattern: RegExp, source: string, index: number): string | undefined {
  pattern.lastIndex = index;
  return pattern.exec(source)?.[0];
}

/** Index just past the string literal whose opening `quote` is at `index`; unterminated single-quoted strings end at the line end. */
function stringEnd(source: string, index: number, quote: string): number {
  let i = index + quote.length;
  while (i < source.length) {
    const c = source[i];
    if (c === '\\') i += 2;
    else if (source.startsWith(quote, i)) return i + quote.length;
    else if (quote.length === 1 && c === '\n') return i;
    else i++;
  }
  return source.length;
}

export function pythonLogicalLines(source: string): PyLine[] {
  const lines: PyLine[] = [];
  let tokens: PyToken[] = [];
  let line = 1;
  let depth = 0;
  let indent = 0;
  let startLine = 1;
  let endLine = 1;
  let atLineStart = true;
  const finish = () => {
    if (tokens.length > 0) lines.push({ indent, startLine, endLine, tokens });
    tokens = [];
    depth = 0;
  };
  const push = (type: PyToken['type'], text: string) => {
    if (tokens.length === 0) startLine = line;
    tokens.push({ type, text, line, depth });
    endLine = line + text.split('\n').length - 1;
  };
  let i = 0;
  while (i < source.length) {
    if (atLineStart) {
      let column = 0;
      for (; i < source.length && ' \t\f'.includes(source[i]!); i++) column = source[i] === '\t' ? (Math.floor(column / 8) + 1) * 8 : source[i] === ' ' ? column + 1 : 0;
      indent = column;
      atLineStart = false;
      continue;
    }
    const c = source[i]!;
    if (c === '\n') {
      line++;
      i++;
      if (depth === 0) {
        finish();
        atLineStart = true;
      }
    } else if (c === '#') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (c === '\\' && (source[i + 1] === '\n' || source.startsWith('\r\n', i + 1))) {
      i = source.indexOf('\n', i) + 1;
      line++;
    } else if (c === ' ' || c === '\t' || c === '\f' || c === '\r') {
      i++;
    } else if (c === ';' && depth === 0) {
      finish();
      i++;
    } else {
      const string = matchAt(STRING_START, source, i);
      const name = string === undefined ? matchAt(NAME, source, i) : undefined;
      const number = string === undefined && name === undefined ? matchAt(NUMBER, source, i) : undefined;
      if (string !== undefined) {
        const quote = /('''|"""|'|")$/.exec(string)![1]!;
        const end = stringEnd(source, i + string.length - quote.length, quote);
        const text = source.slice(i, end);
        push('string', text);
        line = endLine;
        i = end;
      } else if (name !== undefined || number !== undefined) {
        push(name !== undefined ? 'name' : 'number', (name ?? number)!);
        i += (name ?? number)!.length;
      } else {
        const operator = matchAt(OPERATOR, source, i)!;
        if (CLOSING.has(operator)) depth = Math.max(0, depth - 1);
        push('op', operator);
        if (OPENING.has(operator)) depth++;
        i += operator.length;
      }
    }
  }
  finish();
  return lines;
}

/** The tokens' texts joined by single spaces: a comparison key indifferent to layout and comments. */
export function tokenText(tokens: readonly PyToken[]): string {
  return tokens.map((token) => token.text).join(' ');
}
