import { describe, expect, it } from 'vitest';
import { symbolUses } from '../../../../../orchestrator/collisions/dependency/symbol-uses.js';

interface Case {
  readonly title: string;
  /** B's file. */
  readonly path: string;
  readonly content: string;
  /** The file defining `symbols`. */
  readonly defining: string;
  readonly symbols: readonly string[];
  readonly expected: readonly string[];
}

const DB_SYMBOLS = ['openDb', 'closeDb', 'Db', 'default'];

const typescriptCases: Case[] = [
  {
    title: 'a named import through the `.js` name of a `.ts` file (ESM TypeScript)',
    path: 'src/api/routes.ts',
    content: "import { openDb } from '../db.js';\n\nexport const route = () => openDb('x');\n",
    defining: 'src/db.ts',
    symbols: DB_SYMBOLS,
    expected: ['openDb'],
  },
  {
    title: 'an extensionless import of a `.tsx` file',
    path: 'src/App.tsx',
    content: "import { Button } from './Button';\nexport default () => <Button />;\n",
    defining: 'src/Button.tsx',
    symbols: ['Button', 'ButtonProps'],
    expected: ['Button'],
  },
  {
    title: "a directory import resolves to its index file",
    path: 'src/main.ts',
    content: "import { openDb, Db } from './storage';\n",
    defining: 'src/storage/index.ts',
    symbols: DB_SYMBOLS,
    expected: ['openDb', 'Db'],
  },
  {
    title: 'an unused import of another symbol is no use of the changed one',
    path: 'src/main.ts',
    content: "import { closeDb } from './db.js';\ncloseDb();\n",
    defining: 'src/db.ts',
    symbols: ['openDb'],
    expected: [],
  },
  {
    title: 'a type-only import is a use',
    path: 'src/main.ts',
    content: "import type { Db } from './db.js';\nimport { type Session } from './db.js';\nlet db: Db;\n",
    defining: 'src/db.ts',
    symbols: ['Db', 'Session', 'openDb'],
    expected: ['Db', 'Session'],
  },
  {
    title: 'a default import uses `default`, also next to named ones',
    path: 'src/main.ts',
    content: "import open, { Db } from './db.js';\n",
    defining: 'src/db.ts',
    symbols: DB_SYMBOLS,
    expected: ['Db', 'default'],
  },
  {
    title: 'a namespace import uses the members read from it, in values and types',
    path: 'src/main.ts',
    content: "import * as db from './db.js';\nconst handle: db.Db = db.openDb('x');\nconst other = { openDb: 1 }.openDb;\n",
    defining: 'src/db.ts',
    symbols: DB_SYMBOLS,
    expected: ['openDb', 'Db'],
  },
  {
    title: 'a namespace member rendered as a JSX element is a use',
    path: 'src/App.tsx',
    content: "import * as ui from './ui/index.js';\nexport const App = () => <ui.Button label='x' />;\n",
    defining: 'src/ui/index.ts',
    symbols: ['Button', 'Card'],
    expected: ['Button'],
  },
  {
    title: 'a namespace object passed around uses everything',
    path: 'src/main.ts',
    content: "import * as db from './db.js';\nregister(db);\n",
    defining: 'src/db.ts',
    symbols: DB_SYMBOLS,
    expected: DB_SYMBOLS,
  },
  {
    title: 'a side-effect import uses nothing',
    path: 'src/main.ts',
    content: "import './db.js';\n",
    defining: 'src/db.ts',
    symbols: DB_SYMBOLS,
    expected: [],
  },
  {
    title: 'require: destructured, read as a property, or as a namespace',
    path: 'lib/main.cjs',
    content: "const { openDb } = require('./db.cjs');\nconst close = require('./db.cjs').closeDb;\nconst db = require('./db.cjs');\nnew db.Db();\n",
    defining: 'lib/db.cjs',
    symbols: DB_SYMBOLS,
    expected: ['openDb', 'closeDb', 'Db'],
  },
  {
    title: 'a dynamic import, destructured or awaited into a namespace',
    path: 'src/lazy.ts',
    content: "const { openDb } = await import('./db.js');\nconst mod = await import('./db.js');\nmod.default();\n",
    defining: 'src/db.ts',
    symbols: DB_SYMBOLS,
    expected: ['openDb', 'default'],
  },
  {
    title: 'a dynamic import used as a promise depends on everything',
    path: 'src/lazy.ts',
    content: "import('./db.js').then((m) => m.openDb());\n",
    defining: 'src/db.ts',
    symbols: ['openDb', 'closeDb'],
    expected: ['openDb', 'closeDb'],
  },
  {
    title: 'a re-export in the file is a use',
    path: 'src/index.ts',
    content: "export { openDb as open } from './db.js';\nexport type { Db } from './db.js';\n",
    defining: 'src/db.ts',
    symbols: DB_SYMBOLS,
    expected: ['openDb', 'Db'],
  },
  {
    title: 'an import of another module with the same name elsewhere is no use',
    path: 'src/api/routes.ts',
    content: "import { openDb } from './db.js';\nimport { Db } from 'db';\n",
    defining: 'src/db.ts',
    symbols: DB_SYMBOLS,
    expected: [],
  },
];

const pythonCases: Case[] = [
  {
    title: 'an absolute from-import in a src layout',
    path: 'src/app/views.py',
    content: 'from app.db import open_db, Session\n\ndef index():\n    return open_db()\n',
    defining: 'src/app/db.py',
    symbols: ['open_db', 'close_db', 'Session'],
    expected: ['open_db', 'Session'],
  },
  {
    title: 'relative imports, one and two levels up, with parentheses and aliases',
    path: 'app/api/views.py',
    content: 'from .serializers import UserSerializer\nfrom ..db import (\n    open_db as connect,\n    Session,\n)\n',
    defining: 'app/db.py',
    symbols: ['open_db', 'close_db', 'Session'],
    expected: ['open_db', 'Session'],
  },
  {
    title: 'a submodule imported from its package is read through attributes',
    path: 'app/api/views.py',
    content: 'from .. import db\n\ndef index():\n    return db.open_db()\n',
    defining: 'app/db.py',
    symbols: ['open_db', 'close_db'],
    expected: ['open_db'],
  },
  {
    title: '`import pkg.mod as m` and `import pkg.mod` count attribute reads',
    path: 'tools/report.py',
    content: 'import app.db as store\nimport app.db\n\nstore.close_db(app.db.open_db())\nother.app.db.Session\n',
    defining: 'app/db.py',
    symbols: ['open_db', 'close_db', 'Session'],
    expected: ['open_db', 'close_db'],
  },
  {
    title: 'an unused import of another name is no use',
    path: 'app/views.py',
    content: 'from app.db import close_db\n\nclose_db()\n',
    defining: 'app/db.py',
    symbols: ['open_db'],
    expected: [],
  },
  {
    title: 'a star import uses the names the file mentions',
    path: 'app/views.py',
    content: 'from .db import *\n\ndef index():\n    return open_db()\n',
    defining: 'app/db.py',
    symbols: ['open_db', 'close_db'],
    expected: ['open_db'],
  },
  {
    title: 'an import inside a function counts',
    path: 'app/views.py',
    content: 'def index():\n    from app.db import open_db\n    return open_db()\n',
    defining: 'app/db.py',
    symbols: ['open_db'],
    expected: ['open_db'],
  },
  {
    title: 'a package import resolves to its __init__.py',
    path: 'main.py',
    content: 'from app import create_app\n',
    defining: 'app/__init__.py',
    symbols: ['create_app'],
    expected: ['create_app'],
  },
];

function check({ path, content, defining, symbols, expected }: Case) {
  expect(symbolUses({ path, content }, defining, symbols)).toEqual(expected);
}

describe('symbols a TypeScript or JavaScript file uses from another', () => {
  it.each(typescriptCases)('$title', check);
});

describe('symbols a Python file uses from another', () => {
  it.each(pythonCases)('$title', check);
});
