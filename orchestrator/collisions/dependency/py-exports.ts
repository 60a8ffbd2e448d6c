import type { LineRange } from '../alert.js';
import type { ExportTable, ExportedSymbol, Reexport, StarReexport } from './export-table.js';
import { reexportSymbol, spanOf, withoutOwnName } from './export-table.js';
import { pythonModuleRef } from './module-paths.js';
import { parseFromImport, parseModuleImports } from './py-import-statements.js';
import type { Block } from './py-blocks.js';
import { blockRange, blockText, classSignature, definedName, headerTokens, topLevelBlocks } from './py-blocks.js';
import type { PyLine, PyToken } from './py-tokens.js';
import { pythonLogicalLines, tokenText } from './py-tokens.js';

/**
 * The export table of a Python module, from its tokens: top-level `def`,
 * `async def`, `class`, assignments (`X = …`, `X: T = …`, `A = B = …`,
 * `a, b = …`) and `type X = …`. Public means listed in `__all__` when the
 * module has one (literal strings in `__all__ = […]`, `+= […]`,
 * `.extend([…])`, `.append(…)`), otherwise not starting with `_`. Imported
 * names are public re-exports when `__all__` lists them, in a package's
 * `__init__.py`, or written `import x as x` (the typing convention);
 * `from m import *` passes m's names on. Definitions inside top-level `if`,
 * `try` or `with` blocks are not seen.
 */

interface Definition {
  readonly kind: string;
  readonly range: LineRange;
  readonly signature: string;
  readonly text: string;
}

/** Splits at top-level `=`: `A = B = value` → [[A], [B], [value]]. */
function assignmentParts(tokens: readonly PyToken[]): PyToken[][] {
  const parts: PyToken[][] = [[]];
  for (const token of tokens) {
    if (token.text === '=' && token.depth === 0) parts.push([]);
    else parts[parts.length - 1]!.push(token);
  }
  return parts;
}

/** Simple names assigned by a target (`X`, `a, b`, `(a, b)`); attribute and subscript targets bind nothing here. */
function targetNames(target: readonly PyToken[]): string[] {
  const inner = target.filter((token) => token.text !== '(' && token.text !== ')' && token.text !== '[' && token.text !== ']');
  const names = inner.filter((token) => token.type === 'name');
  const separators = inner.filter((token) => token.type !== 'name');
  return separators.every((token) => token.text === ',') ? names.map((token) => token.text) : [];
}

const literalValue = (token: PyToken) => /^[a-zA-Z]*('''|"""|'|")([\s\S]*)\1$/.exec(token.text)?.[2];

class PythonModuleScan {
  readonly definitions = new Map<string, Definition[]>();
  readonly imported = new Map<string, { readonly reexport: Reexport; readonly range: LineRange }>();
  /** Names imported with `import x as x` / `from m import x as x`: re-exported by convention. */
  readonly explicitReexports = new Set<string>();
  readonly stars: StarReexport[] = [];
  dunderAll: Set<string> | undefined;

  constructor(readonly path: string) {}

  define(name: string, definition: Definition): void {
    this.definitions.set(name, [...(this.definitions.get(name) ?? []), definition]);
  }

  addToAll(tokens: readonly PyToken[]): void {
    this.dunderAll ??= new Set();
    for (const token of tokens) {
      const value = token.type === 'string' ? literalValue(token) : undefined;
      if (value !== undefined) this.dunderAll.add(value);
    }
  }

  scanImports(head: PyLine): void {
    const range = { start: head.startLine, end: head.endLine };
    const from = parseFromImport(head.tokens);
    const fromModule = from && pythonModuleRef(this.path, from.level, from.dotted);
    if (from && fromModule) {
      if (from.names === '*') this.stars.push({ module: fromModule, range });
      else {
        for (const { name, alias } of from.names) {
          this.imported.set(alias ?? name, { reexport: { module: fromModule, name }, range });
          if (alias === name) this.explicitReexports.add(alias);
        }
      }
    }
    for (const { dotted, alias } of parseModuleImports(head.tokens)) {
      const module = pythonModuleRef(this.path, 0, dotted);
      if (!module || alias === undefined) continue;
      this.imported.set(alias, { reexport: { module, name: '*' }, range });
      if (alias === dotted) this.explicitReexports.add(alias);
    }
  }

  scanBlock(block: Block): void {
    const { tokens } = block.head;
    const first = tokens[0]?.text;
    const defined = definedName(tokens);
    const range = blockRange(block);
    const text = blockText(block);
    if (defined?.keyword === 'def') {
      const signature = [...block.decorators.map((line) => tokenText(line.tokens)), tokenText(headerTokens(tokens))].join('\n');
      this.define(defined.name, { kind: 'def', range, signature, text });
    } else if (defined?.keyword === 'class') {
      const signature = [...block.decorators.map((line) => tokenText(line.tokens)), classSignature(block)].join('\n');
      this.define(defined.name, { kind: 'class', range, signature, text });
    } else if (first === 'from' || first === 'import') {
      this.scanImports(block.head);
    } else if (first === '__all__') {
      const operator = tokens[1]?.text;
      if (operator === '=' || operator === ':' || operator === '+=' || (operator === '.' && ['extend', 'append'].includes(tokens[2]?.text ?? ''))) this.addToAll(tokens);
    } else if (first === 'type' && tokens[1]?.type === 'name' && (tokens[2]?.text === '=' || tokens[2]?.text === '[')) {
      this.define(tokens[1].text, { kind: 'type', range, signature: text, text });
    } else {
      this.scanAssignment(block, range, text);
    }
  }

  scanAssignment(block: Block, range: LineRange, text: string): void {
    const { tokens } = block.head;
    if (tokens[0]?.type === 'name' && tokens[1]?.text === ':') {
      const [annotated] = assignmentParts(tokens);
      this.define(tokens[0].text, { kind: 'variable', range, signature: tokenText(annotated!.slice(2)), text });
      return;
    }
    const parts = assignmentParts(tokens);
    for (const target of parts.slice(0, -1)) {
      for (const name of targetNames(target)) this.define(name, { kind: 'variable', range, signature: '', text });
    }
  }

  isPublic(name: string): boolean {
    return this.dunderAll ? this.dunderAll.has(name) : !name.startsWith('_');
  }

  isReexported(name: string): boolean {
    if (this.dunderAll) return this.dunderAll.has(name);
    return this.path.endsWith('__init__.py') ? !name.startsWith('_') : this.explicitReexports.has(name);
  }
}

function definitionSymbol(name: string, definitions: readonly Definition[]): ExportedSymbol {
  const kind = definitions[0]!.kind;
  return {
    name,
    kind,
    range: spanOf(definitions.map((definition) => definition.range)),
    // Without annotations Python callers depend on parameter names too (keyword arguments): they stay in.
    signature: withoutOwnName(`${kind} ${definitions.map((definition) => definition.signature).join('\n')}`, name),
    text: withoutOwnName(definitions.map((definition) => definition.text).join('\n'), name),
  };
}

export function pythonExports(path: string, content: string): ExportTable {
  const scan = new PythonModuleScan(path);
  for (const block of topLevelBlocks(pythonLogicalLines(content))) scan.scanBlock(block);
  const symbols = new Map<string, ExportedSymbol>();
  for (const [name, definitions] of scan.definitions) if (scan.isPublic(name)) symbols.set(name, definitionSymbol(name, definitions));
  const passThrough = new Map<string, Reexport>();
  for (const [name, { reexport, range }] of scan.imported) {
    if (scan.definitions.has(name)) continue; // redefined after the import: the definition wins
    if (scan.isReexported(name)) symbols.set(name, reexportSymbol(name, reexport, range));
    else passThrough.set(name, reexport);
  }
  return { symbols, stars: scan.stars, passThrough };
}
