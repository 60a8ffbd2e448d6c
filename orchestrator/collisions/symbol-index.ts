import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Session } from '../fleet/model.js';
import type { SymbolLookup } from './assumption.js';
import { exportTableOf } from './dependency/changed-exports.js';
import { sourceLanguageOf } from './dependency/source-language.js';

/**
 * Where symbols are defined, for assumptions about a symbol (`--about
 * cartTotal`): the exported declarations (re-exports excluded) of the
 * files sessions on this host changed and have not merged, as those files
 * are in their work trees now. A subject written `path#symbol` is about that
 * file. Files are parsed again only when their size or mtime changed.
 */
export interface SymbolIndex {
  /** Reads the changed files of `sessions` (those of this host); cheap when nothing changed. */
  refresh(sessions: readonly Session[]): Promise<void>;
  /** Over the last refresh. */
  readonly definedIn: SymbolLookup;
}

interface ParsedFile {
  readonly mtimeMs: number;
  readonly size: number;
  readonly names: readonly string[];
}

export function createSymbolIndex(hostName: string): SymbolIndex {
  const parsed = new Map<string, ParsedFile>();
  let definingPaths = new Map<string, Set<string>>();

  async function exportedNames(file: string, relative: string): Promise<readonly string[]> {
    const stats = await stat(file).catch(() => undefined);
    if (stats === undefined || !stats.isFile()) return [];
    const known = parsed.get(file);
    if (known !== undefined && known.mtimeMs === stats.mtimeMs && known.size === stats.size) return known.names;
    const table = exportTableOf(relative, await readFile(file, 'utf8').catch(() => undefined));
    const names = [...table.symbols.values()].filter((symbol) => symbol.reexport === undefined).map((symbol) => symbol.name);
    parsed.set(file, { mtimeMs: stats.mtimeMs, size: stats.size, names });
    return names;
  }

  return {
    async refresh(sessions) {
      // Only assumptions ask: a fleet without any has nothing to read.
      if (!sessions.some((session) => session.assumptions.some((a) => a.subject !== undefined))) return;
      const index = new Map<string, Set<string>>();
      const seen = new Set<string>();
      for (const session of sessions) {
        if (session.host !== hostName || session.worktree === '') continue;
        for (const change of Object.values(session.files)) {
          if (!change.unmerged || sourceLanguageOf(change.path) === undefined) continue;
          const file = path.join(session.worktree, change.path);
          seen.add(file);
          for (const name of await exportedNames(file, change.path)) index.set(name, (index.get(name) ?? new Set()).add(change.path));
        }
      }
      for (const file of parsed.keys()) if (!seen.has(file)) parsed.delete(file);
      definingPaths = index;
    },
    definedIn(subject) {
      const hash = subject.indexOf('#');
      if (hash > 0) return [subject.slice(0, hash)];
      return [...(definingPaths.get(subject) ?? [])];
    },
  };
}
