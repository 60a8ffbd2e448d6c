import path from 'node:path';
import type { ModuleRef } from './export-table.js';

/**
 * Where a module specifier may point, as repository-relative POSIX paths —
 * without a file system: the caller matches the candidates against the
 * files it knows. Non-relative TypeScript specifiers (packages, tsconfig
 * `paths` aliases) are not resolved.
 */

const TYPESCRIPT_SOURCE_EXTENSIONS = ['.ts', '.tsx', '.d.ts', '.js', '.jsx', '.mts', '.cts', '.mjs', '.cjs'];

/** ESM TypeScript imports the compiled name (`./a.js`) of a source file (`a.ts`). */
const COMPILED_TO_SOURCE: Readonly<Record<string, readonly string[]>> = {
  '.js': ['.ts', '.tsx', '.d.ts'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts', '.d.mts'],
  '.cjs': ['.cts', '.d.cts'],
};

const insideRepository = (candidate: string) => candidate !== '..' && !candidate.startsWith('../') && !path.posix.isAbsolute(candidate);

/** A relative specifier (`./a.js`, `../lib`, `./dir/`) from `importer`; undefined for anything else. */
export function typescriptModuleRef(importer: string, specifier: string): ModuleRef | undefined {
  if (!/^\.\.?(\/|$)/.test(specifier)) return undefined;
  const joined = path.posix.join(path.posix.dirname(importer), specifier);
  const base = joined.endsWith('/') ? joined.slice(0, -1) : joined;
  if (!insideRepository(base)) return undefined;
  const candidates: string[] = [];
  const extension = path.posix.extname(base);
  const stem = base.slice(0, base.length - extension.length);
  const sources = COMPILED_TO_SOURCE[extension];
  if (sources) candidates.push(...sources.map((source) => stem + source), base);
  else if (TYPESCRIPT_SOURCE_EXTENSIONS.includes(extension)) candidates.push(base);
  if (!joined.endsWith('/')) candidates.push(...TYPESCRIPT_SOURCE_EXTENSIONS.map((source) => base + source));
  candidates.push(...TYPESCRIPT_SOURCE_EXTENSIONS.map((source) => `${base}/index${source}`));
  return { specifier, candidates: [...new Set(candidates)] };
}

/** `pkg/mod.py` or the package `pkg/mod/__init__.py`, under `root`. */
function pythonModuleFiles(root: string, dotted: string): string[] {
  const base = path.posix.join(root, ...dotted.split('.'));
  return [`${base}.py`, `${base}/__init__.py`];
}

/**
 * `from ..pkg.mod import x` (level 2, `pkg.mod`) or `import pkg.mod` (level
 * 0) in `importer`. An absolute module is looked up under the repository
 * root, `src/`, and every directory above the importer (where its package
 * root usually is); the real `sys.path` is not known.
 */
export function pythonModuleRef(importer: string, level: number, dotted: string): ModuleRef | undefined {
  const specifier = '.'.repeat(level) + dotted;
  if (level > 0) {
    let base = path.posix.dirname(importer);
    for (let up = 1; up < level; up++) base = path.posix.dirname(base);
    if (!insideRepository(base)) return undefined;
    const candidates = dotted ? pythonModuleFiles(base, dotted) : [path.posix.join(base, '__init__.py')];
    return { specifier, candidates };
  }
  if (!dotted) return undefined;
  const roots = ['.', 'src'];
  for (let dir = path.posix.dirname(importer); dir !== '.' && dir !== '/'; dir = path.posix.dirname(dir)) roots.push(dir);
  return { specifier, candidates: [...new Set(roots.flatMap((root) => pythonModuleFiles(root, dotted)))] };
}
