import { describe, expect, it } from 'vitest';
import type { FileVersions } from '../../../../../orchestrator/collisions/dependency/changed-exports.js';
import type { DependencyInput } from '../../../../../orchestrator/collisions/dependency/dependency-collisions.js';
import { dependencyCollisions, dependencySeverity } from '../../../../../orchestrator/collisions/dependency/dependency-collisions.js';

const DB_BEFORE = `import { Database } from './driver.js';

export interface Db {
  readonly path: string;
}

/** Opens the database file. */
export function openDb(path: string): Db {
  return new Database(path);
}

export function closeDb(db: Db): void {
  db.close();
}
`;

const withSignatureChange = DB_BEFORE.replace('openDb(path: string): Db', 'openDb(path: string, options: { readonly: boolean }): Db');
const withBodyChange = DB_BEFORE.replace('return new Database(path);', 'const db = new Database(path);\n  db.pragma("journal_mode = WAL");\n  return db;');
const withRename = DB_BEFORE.replace('export function openDb(', 'export function openDatabase(');

const dbChange = (after: string): FileVersions => ({ path: 'src/db.ts', before: DB_BEFORE, after });

/** A repository as the editing party sees it, for files neither side changed. */
const repository = (files: Record<string, string>): DependencyInput['readFile'] => async (path) => files[path];

describe('dependency collisions between two parties', () => {
  it('finds a changed function signature used by a file the other party is editing', async () => {
    const evidence = await dependencyCollisions({
      changed: [dbChange(withSignatureChange)],
      edited: [{ path: 'src/api/routes.ts', content: "import { openDb } from '../db.js';\nexport const db = openDb('a.sqlite');\n" }],
    });
    expect(evidence).toEqual([
      { path: 'src/db.ts', symbol: 'openDb', symbolKind: 'function', usedIn: ['src/api/routes.ts'], change: 'signature', lines: { start: 8, end: 10 } },
    ]);
    expect(dependencySeverity(evidence)).toBe('warning');
  });

  it('rates a body-only change as information', async () => {
    const evidence = await dependencyCollisions({
      changed: [dbChange(withBodyChange)],
      edited: [{ path: 'src/main.ts', content: "import { openDb } from './db.js';\n" }],
    });
    expect(evidence.map(({ symbol, change }) => ({ symbol, change }))).toEqual([{ symbol: 'openDb', change: 'body' }]);
    expect(dependencySeverity(evidence)).toBe('info');
  });

  it('reports a rename as a critical removal that names the new name', async () => {
    const evidence = await dependencyCollisions({
      changed: [dbChange(withRename)],
      edited: [{ path: 'src/main.ts', content: "import * as db from './db.js';\ndb.openDb('x');\n" }],
    });
    expect(evidence.map(({ symbol, change, renamedTo }) => ({ symbol, change, renamedTo }))).toEqual([{ symbol: 'openDb', change: 'removed', renamedTo: 'openDatabase' }]);
    expect(dependencySeverity(evidence)).toBe('critical');
  });

  it('finds nothing when the other party imports only symbols that did not change', async () => {
    const evidence = await dependencyCollisions({
      changed: [dbChange(withSignatureChange)],
      edited: [{ path: 'src/main.ts', content: "import { closeDb, type Db } from './db.js';\n" }],
    });
    expect(evidence).toEqual([]);
    expect(dependencySeverity(evidence)).toBeUndefined();
  });

  it('names every file of the other party that uses the symbol in one finding', async () => {
    const evidence = await dependencyCollisions({
      changed: [dbChange(withSignatureChange)],
      edited: [
        { path: 'src/z.ts', content: "import { openDb } from './db.js';\n" },
        { path: 'src/a.ts', content: "const { openDb } = require('./db.js');\n" },
        { path: 'src/unrelated.ts', content: "import { x } from './x.js';\n" },
      ],
    });
    expect(evidence.map((finding) => finding.usedIn)).toEqual([['src/a.ts', 'src/z.ts']]);
  });

  it('leaves a file both parties edit to the overlap check', async () => {
    const evidence = await dependencyCollisions({
      changed: [dbChange(withSignatureChange)],
      edited: [{ path: 'src/db.ts', content: withSignatureChange }],
    });
    expect(evidence).toEqual([]);
  });

  it('follows an import through barrel files nobody changed, read from the repository', async () => {
    const readFile = repository({
      'src/index.ts': "export * from './storage/index.js';\nexport { format } from './format.js';\n",
      'src/storage/index.ts': "export { openDb, closeDb } from '../db.js';\n",
    });
    const input = {
      changed: [dbChange(withSignatureChange)],
      edited: [{ path: 'src/cli.ts', content: "import { openDb, format } from './index.js';\n" }],
    };
    expect(await dependencyCollisions({ ...input, readFile })).toEqual([
      { path: 'src/db.ts', symbol: 'openDb', symbolKind: 'function', usedIn: ['src/cli.ts'], change: 'signature', lines: { start: 8, end: 10 } },
    ]);
    // Without the repository the chain stops at the unknown barrel.
    expect(await dependencyCollisions(input)).toEqual([]);
  });

  it('follows a namespace import through a barrel to the members read', async () => {
    const evidence = await dependencyCollisions({
      changed: [dbChange(withSignatureChange)],
      edited: [{ path: 'src/cli.ts', content: "import * as lib from './index.js';\nlib.closeDb(lib.openDb('x'));\n" }],
      readFile: repository({ 'src/index.ts': "export * from './db.js';\n" }),
    });
    expect(evidence.map((finding) => finding.symbol)).toEqual(['openDb']);
  });

  it('points at the barrel when the changing party removes the re-export there', async () => {
    const evidence = await dependencyCollisions({
      changed: [{ path: 'src/index.ts', before: "export { openDb } from './db.js';\nexport { format } from './format.js';\n", after: "export { format } from './format.js';\n" }],
      edited: [{ path: 'src/cli.ts', content: "import { openDb } from './index.js';\n" }],
    });
    expect(evidence).toEqual([{ path: 'src/index.ts', symbol: 'openDb', symbolKind: 'reexport', usedIn: ['src/cli.ts'], change: 'removed', lines: { start: 1, end: 1 } }]);
  });

  it('stops at re-export cycles', async () => {
    const evidence = await dependencyCollisions({
      changed: [dbChange(withSignatureChange)],
      edited: [{ path: 'src/cli.ts', content: "import { openDb } from './a.js';\n" }],
      readFile: repository({ 'src/a.ts': "export * from './b.js';\n", 'src/b.ts': "export * from './a.js';\n" }),
    });
    expect(evidence).toEqual([]);
  });

  it('finds a changed Python def used through a relative import and through a package __init__.py', async () => {
    const evidence = await dependencyCollisions({
      changed: [{ path: 'app/db.py', before: 'def open_db(path):\n    return Db(path)\n', after: 'def open_db(path, *, readonly):\n    return Db(path, readonly)\n' }],
      edited: [
        { path: 'app/api/views.py', content: 'from ..db import open_db\n\ndef index():\n    return open_db("x")\n' },
        { path: 'main.py', content: 'from app import open_db\n' },
        { path: 'tests/test_other.py', content: 'from app.other import open_db\n' },
      ],
      readFile: repository({ 'app/__init__.py': 'from .db import open_db\n', 'app/other.py': 'def open_db():\n    pass\n' }),
    });
    expect(evidence).toEqual([{ path: 'app/db.py', symbol: 'open_db', symbolKind: 'def', usedIn: ['app/api/views.py', 'main.py'], change: 'signature', lines: { start: 1, end: 2 } }]);
  });

  it('ignores files in languages it does not analyse', async () => {
    const evidence = await dependencyCollisions({
      changed: [{ path: 'src/db.go', before: 'package db\nfunc Open() {}\n', after: 'package db\nfunc Open(path string) {}\n' }],
      edited: [{ path: 'src/main.go', content: 'import "db"\n' }],
    });
    expect(evidence).toEqual([]);
  });
});
