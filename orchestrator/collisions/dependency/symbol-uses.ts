import type { ModuleImport } from './module-import.js';
import { pythonImports } from './py-imports.js';
import { sourceLanguageOf } from './source-language.js';
import { typescriptImports } from './ts-imports.js';

/** A file's path (repository-relative) and its content. */
export interface SourceText {
  readonly path: string;
  readonly content: string;
}

/** What `file` takes from other modules of the repository; empty for an unsupported language. */
export function moduleImportsOf(file: SourceText): ModuleImport[] {
  switch (sourceLanguageOf(file.path)) {
    case 'typescript':
      return typescriptImports(file.path, file.content);
    case 'python':
      return pythonImports(file.path, file.content);
    default:
      return [];
  }
}

/**
 * Which of `symbols` (names exported by the file at `definingPath`) `file`
 * imports or uses directly — re-export chains through other files are
 * followed by `dependency-collisions.ts`, which knows more files. A module
 * specifier matches when `definingPath` is one of its candidate paths.
 */
export function symbolUses(file: SourceText, definingPath: string, symbols: readonly string[]): string[] {
  const fromDefining = moduleImportsOf(file).filter((entry) => entry.module.candidates.includes(definingPath));
  if (fromDefining.some((entry) => entry.names === 'all')) return [...symbols];
  return symbols.filter((symbol) => fromDefining.some((entry) => entry.names !== 'all' && entry.names.has(symbol)));
}
