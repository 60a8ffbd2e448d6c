import type { PyToken } from './py-tokens.js';

/** `from ..pkg.mod import a, b as c` or `from .mod import *`. */
export interface PyFromImport {
  readonly level: number;
  readonly dotted: string;
  /** `alias` is undefined without `as`. */
  readonly names: readonly { readonly name: string; readonly alias: string | undefined }[] | '*';
}

/** One module of `import pkg.mod as m, other`. */
export interface PyModuleImport {
  readonly dotted: string;
  /** The bound name; undefined without `as`, when code reaches the module by its full dotted path (`pkg.mod.x`). */
  readonly alias: string | undefined;
}

/** Reads `a.b.c` from `tokens[start]`; returns it and the index after it. */
function dottedName(tokens: readonly PyToken[], start: number): [string, number] {
  const parts: string[] = [];
  let i = start;
  while (tokens[i]?.type === 'name') {
    parts.push(tokens[i]!.text);
    if (tokens[i + 1]?.text !== '.') return [parts.join('.'), i + 1];
    i += 2;
  }
  return [parts.join('.'), i];
}

export function parseFromImport(tokens: readonly PyToken[]): PyFromImport | undefined {
  if (tokens[0]?.text !== 'from') return undefined;
  let i = 1;
  let level = 0;
  for (; tokens[i]?.text === '.'; i++) level++;
  const [dotted, next] = tokens[i]?.text === 'import' ? ['', i] : dottedName(tokens, i); // `from . import x`
  if (tokens[next]?.text !== 'import') return undefined;
  if (tokens[next + 1]?.text === '*') return { level, dotted, names: '*' };
  const names: { name: string; alias: string | undefined }[] = [];
  for (let j = next + 1; j < tokens.length; j++) {
    const token = tokens[j]!;
    if (token.type !== 'name') continue;
    const aliased = tokens[j + 1]?.text === 'as' && tokens[j + 2]?.type === 'name';
    names.push({ name: token.text, alias: aliased ? tokens[j + 2]!.text : undefined });
    if (aliased) j += 2;
  }
  return { level, dotted, names };
}

export function parseModuleImports(tokens: readonly PyToken[]): PyModuleImport[] {
  if (tokens[0]?.text !== 'import') return [];
  const modules: PyModuleImport[] = [];
  for (let i = 1; i < tokens.length; ) {
    const [dotted, next] = dottedName(tokens, i);
    const aliased = tokens[next]?.text === 'as' && tokens[next + 1]?.type === 'name';
    if (dotted) modules.push({ dotted, alias: aliased ? tokens[next + 1]!.text : undefined });
    i = (aliased ? next + 2 : next) + 1; // past the comma
  }
  return modules;
}
