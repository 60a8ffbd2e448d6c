import { describe, expect, it } from 'vitest';
import type { ChangedExport, FileVersions } from '../../../../../orchestrator/collisions/dependency/changed-exports.js';
import { changeSeverity, changedExports } from '../../../../../orchestrator/collisions/dependency/changed-exports.js';

/** The fields a case checks, in a stable order. */
const summary = (changes: readonly ChangedExport[]) =>
  changes.map((change) => ({
    name: change.name,
    kind: change.kind,
    change: change.change,
    ...(change.renamedTo ? { renamedTo: change.renamedTo } : {}),
    ...(change.source ? { from: change.source.module.specifier, sourceName: change.source.name } : {}),
  }));

interface Case {
  readonly title: string;
  readonly path: string;
  readonly before: string | undefined;
  readonly after: string | undefined;
  readonly expected: ReturnType<typeof summary>;
}

const typescriptCases: Case[] = [
  {
    title: 'a new required parameter is a signature change',
    path: 'src/db.ts',
    before: 'export function openDb(path: string): Db {\n  return new Db(path);\n}\n',
    after: 'export function openDb(path: string, readonly: boolean): Db {\n  return new Db(path, readonly);\n}\n',
    expected: [{ name: 'openDb', kind: 'function', change: 'signature' }],
  },
  {
    title: 'a changed return type is a signature change',
    path: 'src/db.ts',
    before: 'export async function count(): Promise<number> { return 1; }\n',
    after: 'export async function count(): Promise<bigint> { return 1n; }\n',
    expected: [{ name: 'count', kind: 'function', change: 'signature' }],
  },
  {
    title: 'an edit inside the body only is a body change',
    path: 'src/db.ts',
    before: 'export function openDb(path: string): Db {\n  return new Db(path);\n}\n',
    after: 'export function openDb(path: string): Db {\n  const db = new Db(path);\n  db.migrate();\n  return db;\n}\n',
    expected: [{ name: 'openDb', kind: 'function', change: 'body' }],
  },
  {
    title: 'renaming a parameter is invisible to callers: a body change',
    path: 'src/db.ts',
    before: 'export function openDb(path: string): Db { return new Db(path); }\n',
    after: 'export function openDb(file: string): Db { return new Db(file); }\n',
    expected: [{ name: 'openDb', kind: 'function', change: 'body' }],
  },
  {
    title: 'comments, JSDoc and layout are no change at all',
    path: 'src/db.ts',
    before: '/** Opens it. */\nexport function openDb(path: string): Db { return new Db(path); }\n',
    after: '/**\n * Opens the database.\n */\nexport function openDb(\n  path: string, // where\n): Db {\n  return new Db(path);\n}\n',
    expected: [],
  },
  {
    title: 'a renamed function is a removal naming the new name',
    path: 'src/db.ts',
    before: 'export function openDb(path: string): Db { return new Db(path); }\nexport const VERSION = 1;\n',
    after: 'export function openDatabase(path: string): Db { return new Db(path); }\nexport const VERSION = 1;\n',
    expected: [{ name: 'openDb', kind: 'function', change: 'removed', renamedTo: 'openDatabase' }],
  },
  {
    title: 'a removed export and an added one are told apart from a rename',
    path: 'src/db.ts',
    before: 'export function close(): void {}\n',
    after: 'export function open(path: string): void { connect(path); }\n',
    expected: [
      { name: 'close', kind: 'function', change: 'removed' },
      { name: 'open', kind: 'function', change: 'added' },
    ],
  },
  {
    title: 'dropping `export` removes the symbol',
    path: 'src/db.ts',
    before: 'export function helper(): void {}\n',
    after: 'function helper(): void {}\n',
    expected: [{ name: 'helper', kind: 'function', change: 'removed' }],
  },
  {
    title: 'a constant with a new value of the same type changes its body',
    path: 'src/limits.ts',
    before: 'export const MAX_AGENTS = 20;\n',
    after: 'export const MAX_AGENTS = 50;\n',
    expected: [{ name: 'MAX_AGENTS', kind: 'const', change: 'body' }],
  },
  {
    title: 'a constant whose value changes type changes its signature',
    path: 'src/limits.ts',
    before: "export const MAX_AGENTS = 20;\n",
    after: "export const MAX_AGENTS = '20';\n",
    expected: [{ name: 'MAX_AGENTS', kind: 'const', change: 'signature' }],
  },
  {
    title: 'an `as const` value is all signature',
    path: 'src/modes.ts',
    before: "export const MODES = ['off', 'warn'] as const;\n",
    after: "export const MODES = ['off', 'warn', 'deny'] as const;\n",
    expected: [{ name: 'MODES', kind: 'const', change: 'signature' }],
  },
  {
    title: 'a schema built by calls keeps its structure in the signature',
    path: 'src/schema.ts',
    before: "export const User = z.object({ name: z.string().min(1) });\n",
    after: "export const User = z.object({ name: z.string().min(1), email: z.string() });\n",
    expected: [{ name: 'User', kind: 'const', change: 'signature' }],
  },
  {
    title: 'a changed literal argument of a schema is a body change',
    path: 'src/schema.ts',
    before: "export const User = z.object({ name: z.string().min(1) });\n",
    after: "export const User = z.object({ name: z.string().min(3) });\n",
    expected: [{ name: 'User', kind: 'const', change: 'body' }],
  },
  {
    title: 'an arrow function constant is a function with a signature',
    path: 'src/format.ts',
    before: 'export const formatMs = (ms: number) => `${ms} ms`;\n',
    after: 'export const formatMs = (ms: number, unit = "ms") => `${ms} ${unit}`;\n',
    expected: [{ name: 'formatMs', kind: 'function', change: 'signature' }],
  },
  {
    title: 'an interface member and a type alias are signature changes',
    path: 'src/model.ts',
    before: 'export interface Session { id: string }\nexport type Status = "running" | "done";\n',
    after: 'export interface Session { id: string; host: string }\nexport type Status = "running" | "done" | "crashed";\n',
    expected: [
      { name: 'Session', kind: 'interface', change: 'signature' },
      { name: 'Status', kind: 'type', change: 'signature' },
    ],
  },
  {
    title: 'a new enum member is a signature change, a new member value a body change',
    path: 'src/level.ts',
    before: 'export enum Level { Info = 1, Warn = 2 }\nexport enum Mode { Off = "off" }\n',
    after: 'export enum Level { Info = 1, Warn = 2, Error = 3 }\nexport enum Mode { Off = "disabled" }\n',
    expected: [
      { name: 'Level', kind: 'enum', change: 'signature' },
      { name: 'Mode', kind: 'enum', change: 'body' },
    ],
  },
  {
    title: 'a class changes its signature with a public method, its body with a private one',
    path: 'src/store.ts',
    before: 'export class Store {\n  get(id: string): Item { return this.#load(id); }\n  #load(id: string): Item { return load(id); }\n}\nexport class Cache {\n  get(id: string): Item { return this.fetch(id); }\n  private fetch(id: string): Item { return load(id); }\n}\n',
    after: 'export class Store {\n  get(id: string, fresh?: boolean): Item { return this.#load(id); }\n  #load(id: string): Item { return load(id); }\n}\nexport class Cache {\n  get(id: string): Item { return this.fetch(id, true); }\n  private fetch(id: string, again: boolean): Item { return load(id); }\n}\n',
    expected: [
      { name: 'Store', kind: 'class', change: 'signature' },
      { name: 'Cache', kind: 'class', change: 'body' },
    ],
  },
  {
    title: 'overloads are the signature; the implementation behind them is body',
    path: 'src/parse.ts',
    before: 'export function parse(text: string): Doc;\nexport function parse(text: string, strict: boolean): Doc;\nexport function parse(text: string, strict?: boolean): Doc { return doc(text, strict); }\n',
    after: 'export function parse(text: string): Doc;\nexport function parse(text: string, strict: boolean): Doc;\nexport function parse(text: string, strict = false): Doc { return doc(text, strict); }\n',
    expected: [{ name: 'parse', kind: 'function', change: 'body' }],
  },
  {
    title: 'a default-exported function is the symbol `default`',
    path: 'src/App.tsx',
    before: 'export default function App(props: { title: string }) {\n  return <h1>{props.title}</h1>;\n}\n',
    after: 'export default function App(props: { title: string; subtitle?: string }) {\n  return <h1>{props.title}</h1>;\n}\n',
    expected: [{ name: 'default', kind: 'function', change: 'signature' }],
  },
  {
    title: '`export default name` follows the local declaration',
    path: 'src/handler.ts',
    before: 'function handle(request: Request): Response { return ok(); }\nexport default handle;\n',
    after: 'function handle(request: Request, context: Context): Response { return ok(); }\nexport default handle;\n',
    expected: [{ name: 'default', kind: 'function', change: 'signature' }],
  },
  {
    title: '`export { a as b }` reports the exported name of a changed local',
    path: 'src/ids.ts',
    before: 'function makeId(): string { return "a"; }\nexport { makeId as newId };\n',
    after: 'function makeId(prefix: string): string { return prefix; }\nexport { makeId as newId };\n',
    expected: [{ name: 'newId', kind: 'function', change: 'signature' }],
  },
  {
    title: 'renaming an export alias is a rename of the export',
    path: 'src/ids.ts',
    before: 'function makeId(): string { return "a"; }\nexport { makeId as newId };\n',
    after: 'function makeId(): string { return "a"; }\nexport { makeId as createId };\n',
    expected: [{ name: 'newId', kind: 'function', change: 'removed', renamedTo: 'createId' }],
  },
  {
    title: 'a re-export pointed at another module points at its source',
    path: 'src/index.ts',
    before: "export { openDb } from './db.js';\n",
    after: "export { openDb } from './sqlite.js';\n",
    expected: [{ name: 'openDb', kind: 'reexport', change: 'signature', from: './sqlite.js', sourceName: 'openDb' }],
  },
  {
    title: 'an imported name exported again is a re-export',
    path: 'src/index.ts',
    before: "import { openDb } from './db.js';\nexport { openDb };\n",
    after: "import { openDb } from './db.js';\n",
    expected: [{ name: 'openDb', kind: 'reexport', change: 'removed', from: './db.js', sourceName: 'openDb' }],
  },
  {
    title: 'a removed `export *` is a removal of `*` from its source',
    path: 'src/index.ts',
    before: "export * from './db.js';\nexport * as format from './format.js';\n",
    after: "export * as format from './format.js';\n",
    expected: [{ name: '*', kind: 'reexport', change: 'removed', from: './db.js', sourceName: '*' }],
  },
  {
    title: 'CommonJS `exports.x =` and `module.exports = { … }` are exports',
    path: 'lib/util.cjs',
    before: 'exports.slug = function (text) { return text; };\nfunction pad(text) { return text; }\nfunction trim(text) { return text; }\nmodule.exports = { pad, trim };\n',
    after: 'exports.slug = function (text, separator) { return text; };\nfunction pad(text) { return text; }\nmodule.exports = { pad };\n',
    expected: [
      { name: 'slug', kind: 'function', change: 'signature' },
      { name: 'trim', kind: 'function', change: 'removed' },
    ],
  },
  {
    title: 'a deleted file removes every export',
    path: 'src/old.mts',
    before: 'export const a = 1;\nexport type B = string;\n',
    after: undefined,
    expected: [
      { name: 'a', kind: 'const', change: 'removed' },
      { name: 'B', kind: 'type', change: 'removed' },
    ],
  },
  {
    title: 'a file in another language has no exports to compare',
    path: 'README.md',
    before: '# a\n',
    after: '# b\n',
    expected: [],
  },
];

const pythonCases: Case[] = [
  {
    title: 'a new parameter of a top-level def is a signature change',
    path: 'app/db.py',
    before: 'def open_db(path):\n    return Db(path)\n',
    after: 'def open_db(path, readonly=False):\n    return Db(path, readonly)\n',
    expected: [{ name: 'open_db', kind: 'def', change: 'signature' }],
  },
  {
    title: 'an edit in the body of a def is a body change; comments and blank lines are none',
    path: 'app/db.py',
    before: 'def open_db(path):\n    return Db(path)\n\n\ndef close_db(db):\n    db.close()\n',
    after: 'def open_db(path):\n    db = Db(path)\n    db.migrate()\n    return db\n\n\ndef close_db(db):\n    # close it\n\n    db.close()  # now\n',
    expected: [{ name: 'open_db', kind: 'def', change: 'body' }],
  },
  {
    title: 'a changed decorator is a signature change',
    path: 'app/views.py',
    before: '@route("/users")\ndef users():\n    return []\n',
    after: '@route("/people")\ndef users():\n    return []\n',
    expected: [{ name: 'users', kind: 'def', change: 'signature' }],
  },
  {
    title: 'a class changes its signature with a public method or a field, its body with a private method',
    path: 'app/models.py',
    before: '@dataclass\nclass User:\n    name: str\n\n    def greet(self):\n        return self.name\n\nclass Store:\n    def get(self, key):\n        return self._load(key)\n\n    def _load(self, key):\n        return key\n',
    after: '@dataclass\nclass User:\n    name: str\n    email: str\n\n    def greet(self):\n        return self.name\n\nclass Store:\n    def get(self, key):\n        return self._load(key, True)\n\n    def _load(self, key, fresh):\n        return key\n',
    expected: [
      { name: 'User', kind: 'class', change: 'signature' },
      { name: 'Store', kind: 'class', change: 'body' },
    ],
  },
  {
    title: 'a renamed def is a removal naming the new name; a removed one is critical',
    path: 'app/util.py',
    before: 'def slugify(text):\n    return text.lower()\n\ndef legacy():\n    pass\n',
    after: 'def make_slug(text):\n    return text.lower()\n',
    expected: [
      { name: 'slugify', kind: 'def', change: 'removed', renamedTo: 'make_slug' },
      { name: 'legacy', kind: 'def', change: 'removed' },
    ],
  },
  {
    title: 'a module constant changes its body with its value, its signature with its annotation',
    path: 'app/settings.py',
    before: 'TIMEOUT = 10\nRETRIES: int = 3\n',
    after: 'TIMEOUT = 30\nRETRIES: float = 3\n',
    expected: [
      { name: 'TIMEOUT', kind: 'variable', change: 'body' },
      { name: 'RETRIES', kind: 'variable', change: 'signature' },
    ],
  },
  {
    title: 'with `__all__`, only the names it lists are exports',
    path: 'app/api.py',
    before: '__all__ = ["serve"]\n\ndef serve(port):\n    return helper(port)\n\ndef helper(port):\n    return port\n\ndef _private():\n    pass\n',
    after: '__all__ = ["serve"]\n\ndef serve(port):\n    return helper(port)\n\ndef helper(port, host):\n    return port\n\ndef _private(x):\n    pass\n',
    expected: [],
  },
  {
    title: 'without `__all__`, underscore names are private',
    path: 'app/api.py',
    before: 'def serve(port):\n    return port\n\ndef _helper():\n    pass\n',
    after: 'def serve(port):\n    return port\n\ndef _helper(x):\n    pass\n',
    expected: [],
  },
  {
    title: 'a package `__init__.py` re-exports what it imports, pointing at the source',
    path: 'app/__init__.py',
    before: 'from .db import open_db\nfrom .models import User\n',
    after: 'from .db import open_db\n',
    expected: [{ name: 'User', kind: 'reexport', change: 'removed', from: '.models', sourceName: 'User' }],
  },
  {
    title: 'a plain module re-exports an import only when it is written `as` itself',
    path: 'app/api.py',
    before: 'from .core import serve as serve\nfrom .core import helper\n',
    after: 'from .util import serve as serve\nfrom .util import helper\n',
    expected: [{ name: 'serve', kind: 'reexport', change: 'signature', from: '.util', sourceName: 'serve' }],
  },
  {
    title: 'text inside strings and multi-line signatures are read as Python reads them',
    path: 'app/docs.py',
    before: 'def render(\n    template,\n    context,\n):\n    """def fake(): pass\n    class Nope: pass"""\n    return template\n',
    after: 'def render(\n    template,\n    context,\n    strict=True,\n):\n    """def fake(): pass\n    class Nope: pass"""\n    return template\n',
    expected: [{ name: 'render', kind: 'def', change: 'signature' }],
  },
];

function check({ path, before, after, expected }: Case) {
  expect(summary(changedExports({ path, before, after }))).toEqual(expected);
}

describe('changed exports of a TypeScript or JavaScript file', () => {
  it.each(typescriptCases)('$title', check);
});

describe('changed exports of a Python file', () => {
  it.each(pythonCases)('$title', check);
});

describe('changed exports and their lines', () => {
  const file: FileVersions = {
    path: 'src/db.ts',
    before: 'export function a(x: string): void {\n  run(x);\n}\n\nexport function b(): void {\n  run();\n}\n',
    after: 'export function a(x: string, y: number): void {\n  run(x, y);\n}\n\nexport function b(): void {\n  run(1);\n}\n',
  };

  it('reports the lines of each changed declaration in the new version', () => {
    expect(changedExports(file).map(({ name, range }) => ({ name, range }))).toEqual([
      { name: 'a', range: { start: 1, end: 3 } },
      { name: 'b', range: { start: 5, end: 7 } },
    ]);
  });

  it('reports only the declarations the given changed lines touch', () => {
    const changes = changedExports({ ...file, changedLines: { before: [{ start: 6, end: 6 }], after: [{ start: 6, end: 6 }] } });
    expect(changes.map((change) => change.name)).toEqual(['b']);
  });

  it('ranks removals above signature changes above body changes', () => {
    expect(['removed', 'signature', 'body', 'added'].map((change) => changeSeverity(change as ChangedExport['change']))).toEqual([
      'critical',
      'warning',
      'info',
      'info',
    ]);
  });
});
