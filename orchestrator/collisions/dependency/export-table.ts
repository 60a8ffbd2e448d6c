import type { LineRange } from '../alert.js';

/**
 * A module as an import names it: the specifier as written and the
 * repository-relative paths it may resolve to, most likely first (there is
 * no file system here: the caller tells which exist).
 */
export interface ModuleRef {
  readonly specifier: string;
  readonly candidates: readonly string[];
}

/** A name passed on from another module: `export { name } from './m'`, Python `from .m import name`. */
export interface Reexport {
  readonly module: ModuleRef;
  /** The name in that module; `*` for the whole module as a namespace (`export * as ns from`). */
  readonly name: string;
}

/** One exported name and the declaration(s) behind it. */
export interface ExportedSymbol {
  /** The name importers use; `default` for a default export. */
  readonly name: string;
  /** `function`, `class`, `interface`, `type`, `enum`, `namespace`, `const`, `let`, `var`, `value`, `reexport`; Python `def`, `class`, `variable`. */
  readonly kind: string;
  /** Lines of the declaration (all of them for merged declarations and overloads). */
  readonly range: LineRange;
  /** Normalised text of what users compile or call against; a difference is a `signature` change. */
  readonly signature: string;
  /** Normalised text of the whole declaration (comments and layout dropped); a difference alone is a `body` change. */
  readonly text: string;
  readonly reexport?: Reexport;
}

/** A module whose exports this one passes on wholesale (`export * from`, Python `from .m import *`). */
export interface StarReexport {
  readonly module: ModuleRef;
  readonly range: LineRange;
}

export interface ExportTable {
  /** Public exports by exported name. */
  readonly symbols: ReadonlyMap<string, ExportedSymbol>;
  readonly stars: readonly StarReexport[];
  /**
   * Names bound by imports that are importable from the module without
   * being part of its public API (Python): followed along re-export chains,
   * never reported as changes.
   */
  readonly passThrough: ReadonlyMap<string, Reexport>;
}

export const EMPTY_EXPORT_TABLE: ExportTable = { symbols: new Map(), stars: [], passThrough: new Map() };

/**
 * `text` with the declared name replaced by `$`: a symbol's identity
 * without its name, so that a rename alone leaves it equal (the rename
 * detection compares these).
 */
export function withoutOwnName(text: string, name: string): string {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(new RegExp(`(?<![\\w$])${escaped}(?![\\w$])`, 'gu'), '$$');
}

/** The lines from the first range's start to the last one's end. */
export function spanOf(ranges: readonly LineRange[]): LineRange {
  return {
    start: Math.min(...ranges.map((range) => range.start)),
    end: Math.max(...ranges.map((range) => range.end)),
  };
}

/** A name passed on from another module: any change to it (source or name) is a signature change. */
export function reexportSymbol(name: string, reexport: Reexport, range: LineRange): ExportedSymbol {
  const text = `reexport ${reexport.name} from ${reexport.module.specifier}`;
  return { name, kind: 'reexport', range, signature: text, text, reexport };
}
