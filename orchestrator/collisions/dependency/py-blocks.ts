import type { LineRange } from '../alert.js';
import type { PyLine, PyToken } from './py-tokens.js';
import { tokenText } from './py-tokens.js';

/**
 * Python's structure from logical lines: top-level statements with their
 * decorators and indented bodies, `def`/`class` headers, and what a class
 * shows its users.
 */

export interface Block {
  readonly decorators: readonly PyLine[];
  readonly head: PyLine;
  readonly body: readonly PyLine[];
}

/** Top-level statements with their decorators and indented bodies. */
export function topLevelBlocks(lines: readonly PyLine[]): Block[] {
  const blocks: { decorators: PyLine[]; head: PyLine; body: PyLine[] }[] = [];
  let decorators: PyLine[] = [];
  for (const line of lines) {
    if (line.indent > 0) blocks[blocks.length - 1]?.body.push(line);
    else if (line.tokens[0]?.text === '@') decorators.push(line);
    else {
      blocks.push({ decorators, head: line, body: [] });
      decorators = [];
    }
  }
  return blocks;
}

/** The tokens of a `def`/`class` header, up to and including the `:` that ends it. */
export function headerTokens(tokens: readonly PyToken[]): readonly PyToken[] {
  const colon = tokens.findIndex((token) => token.text === ':' && token.depth === 0);
  return colon < 0 ? tokens : tokens.slice(0, colon + 1);
}

/** `def`/`async def`/`class` and the name it defines. */
export function definedName(tokens: readonly PyToken[]): { keyword: 'def' | 'class'; name: string } | undefined {
  const offset = tokens[0]?.text === 'async' ? 1 : 0;
  const keyword = tokens[offset]?.text;
  const name = tokens[offset + 1];
  if ((keyword === 'def' || keyword === 'class') && name?.type === 'name') return { keyword, name: name.text };
  return undefined;
}

const isPublicMember = (name: string) => !name.startsWith('_') || (name.startsWith('__') && name.endsWith('__'));

/** Header, then the public method headers and annotated attributes (dataclass fields) of the class body. */
export function classSignature(block: Block): string {
  const parts = [tokenText(headerTokens(block.head.tokens))];
  const memberIndent = block.body[0]?.indent;
  let decorators: string[] = [];
  for (const line of block.body) {
    if (line.indent !== memberIndent) continue;
    const member = definedName(line.tokens);
    if (line.tokens[0]?.text === '@') {
      decorators.push(tokenText(line.tokens));
      continue;
    }
    if (member?.keyword === 'def' && isPublicMember(member.name)) parts.push(...decorators, tokenText(headerTokens(line.tokens)));
    else if (line.tokens[0]?.type === 'name' && line.tokens[1]?.text === ':' && isPublicMember(line.tokens[0].text)) parts.push(tokenText(line.tokens));
    decorators = [];
  }
  return parts.join('\n');
}

export function blockRange(block: Block): LineRange {
  const first = block.decorators[0] ?? block.head;
  const last = block.body[block.body.length - 1] ?? block.head;
  return { start: first.startLine, end: last.endLine };
}

export function blockText(block: Block): string {
  return [...block.decorators, block.head, ...block.body].map((line) => tokenText(line.tokens)).join('\n');
}
