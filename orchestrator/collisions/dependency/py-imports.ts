import type { ModuleRef } from './export-table.js';
import type { ModuleImport } from './module-import.js';
import { pythonModuleRef } from './module-paths.js';
import { parseFromImport, parseModuleImports } from './py-import-statements.js';
import type { PyLine } from './py-tokens.js';
import { pythonLogicalLines } from './py-tokens.js';

/**
 * What a Python file takes from other modules: `from m import a, b as c`
 * (at any depth, relative ones included) takes the names; `import pkg.mod
 * as m` / `import pkg.mod` / `from pkg import mod` count the attributes read
 * through the binding (`m.a`, `pkg.mod.a`, `mod.a`); `from m import *`
 * counts every name the file mentions. `importlib`, `__import__` and
 * attribute reads through other aliases are not seen, nor is shadowing.
 */

interface NamespaceBinding {
  /** How code reaches the module: `['m']` or `['pkg', 'mod']`. */
  readonly path: readonly string[];
  readonly module: ModuleRef;
}

/** Names read as `<path>.name` in `lines` (not as `other.<path>.name`). */
function attributeReads(lines: readonly PyLine[], path: readonly string[]): Set<string> {
  const reads = new Set<string>();
  for (const { tokens } of lines) {
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i]!.text !== path[0] || tokens[i - 1]?.text === '.') continue;
      const matches = path.every((part, k) => tokens[i + 2 * k]?.text === part && (k === 0 || tokens[i + 2 * k - 1]?.text === '.'));
      const dot = tokens[i + 2 * path.length - 1];
      const attribute = tokens[i + 2 * path.length];
      if (matches && dot?.text === '.' && attribute?.type === 'name') reads.add(attribute.text);
    }
  }
  return reads;
}

export function pythonImports(path: string, content: string): ModuleImport[] {
  const imports: ModuleImport[] = [];
  const namespaces: NamespaceBinding[] = [];
  const stars: ModuleRef[] = [];
  const code: PyLine[] = [];
  for (const line of pythonLogicalLines(content)) {
    const from = parseFromImport(line.tokens);
    const modules = parseModuleImports(line.tokens);
    if (!from && modules.length === 0) {
      code.push(line);
      continue;
    }
    const fromModule = from && pythonModuleRef(path, from.level, from.dotted);
    if (from && fromModule && from.names === '*') stars.push(fromModule);
    else if (from && fromModule && from.names !== '*') {
      imports.push({ module: fromModule, names: new Set(from.names.map(({ name }) => name)) });
      // `from pkg import mod` may import a submodule, read as `mod.x`.
      for (const { name, alias } of from.names) {
        const submodule = pythonModuleRef(path, from.level, from.dotted ? `${from.dotted}.${name}` : name);
        if (submodule) namespaces.push({ path: [alias ?? name], module: submodule });
      }
    }
    for (const { dotted, alias } of modules) {
      const module = pythonModuleRef(path, 0, dotted);
      if (module) namespaces.push({ path: alias ? [alias] : dotted.split('.'), module });
    }
  }
  const mentioned = new Set(code.flatMap((line) => line.tokens.filter((token) => token.type === 'name').map((token) => token.text)));
  for (const module of stars) imports.push({ module, names: mentioned });
  for (const namespace of namespaces) {
    const names = attributeReads(code, namespace.path);
    if (names.size > 0) imports.push({ module: namespace.module, names });
  }
  return imports;
}
