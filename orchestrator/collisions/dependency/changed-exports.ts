import type { AlertSeverity, LineRange, SymbolChange } from '../alert.js';
import type { ExportTable, ExportedSymbol, Reexport } from './export-table.js';
import { EMPTY_EXPORT_TABLE } from './export-table.js';
import { pythonExports } from './py-exports.js';
import { sourceLanguageOf } from './source-language.js';
import { typescriptExports } from './ts-exports.js';

/**
 * Which exported symbols of one file changed between two versions, and how:
 * `signature` (what importers compile or call against), `body` (behaviour
 * only), `removed` (a rename is a removal with `renamedTo`), `added`.
 * Comments and layout never count as a change.
 */

/** Lines each side of a diff covers (git hunks: old lines on `before`, new lines on `after`). */
export interface ChangedLines {
  readonly before: readonly LineRange[];
  readonly after: readonly LineRange[];
}

export interface FileVersions {
  /** Repository-relative path; its extension picks the language. */
  readonly path: string;
  /** Undefined when the file was created. */
  readonly before: string | undefined;
  /** Undefined when the file was deleted. */
  readonly after: string | undefined;
  /**
   * When given, only declarations these lines touch are reported — e.g. the
   * hunks of one session's own edits when the file also holds someone
   * else's uncommitted changes.
   */
  readonly changedLines?: ChangedLines;
}

export interface ChangedExport {
  readonly name: string;
  readonly kind: string;
  readonly change: SymbolChange;
  /** Lines of the declaration in `after` (in `before` when removed). */
  readonly range: LineRange;
  /** A removal that is a rename: the same declaration under this new name. */
  readonly renamedTo?: string;
  /** A re-export (`export { x } from`, `export * from` as name `*`): where the name comes from. */
  readonly source?: Reexport;
}

const SEVERITY: Readonly<Record<SymbolChange, AlertSeverity>> = {
  removed: 'critical',
  signature: 'warning',
  body: 'info',
  added: 'info',
};

/** A removal breaks every user, a signature change most, a body change may change behaviour only. */
export function changeSeverity(change: SymbolChange): AlertSeverity {
  return SEVERITY[change];
}

/** The export table of `content` at `path`; empty for a missing file or an unsupported language. */
export function exportTableOf(path: string, content: string | undefined): ExportTable {
  if (content === undefined) return EMPTY_EXPORT_TABLE;
  switch (sourceLanguageOf(path)) {
    case 'typescript':
      return typescriptExports(path, content);
    case 'python':
      return pythonExports(path, content);
    default:
      return EMPTY_EXPORT_TABLE;
  }
}

const overlaps = (a: LineRange, b: LineRange) => a.start <= b.end && b.start <= a.end;

function howChanged(before: ExportedSymbol, after: ExportedSymbol): SymbolChange | undefined {
  if (before.kind !== after.kind || before.signature !== after.signature) return 'signature';
  return before.text !== after.text ? 'body' : undefined;
}

const changeOf = (symbol: ExportedSymbol, change: SymbolChange): ChangedExport => ({
  name: symbol.name,
  kind: symbol.kind,
  change,
  range: symbol.range,
  ...(symbol.reexport ? { source: symbol.reexport } : {}),
});

/** `export * from` lines that appear on one side only, as changes of the name `*`. */
function starChanges(before: ExportTable, after: ExportTable): ChangedExport[] {
  const specifiers = (table: ExportTable) => new Set(table.stars.map((star) => star.module.specifier));
  const [beforeSpecifiers, afterSpecifiers] = [specifiers(before), specifiers(after)];
  const star = (module: Reexport['module'], range: LineRange, change: SymbolChange): ChangedExport => ({ name: '*', kind: 'reexport', change, range, source: { module, name: '*' } });
  return [
    ...before.stars.filter((entry) => !afterSpecifiers.has(entry.module.specifier)).map((entry) => star(entry.module, entry.range, 'removed')),
    ...after.stars.filter((entry) => !beforeSpecifiers.has(entry.module.specifier)).map((entry) => star(entry.module, entry.range, 'added')),
  ];
}

export function diffExportTables(before: ExportTable, after: ExportTable, changedLines?: ChangedLines): ChangedExport[] {
  const touched = (range: LineRange, side: keyof ChangedLines) => !changedLines || changedLines[side].some((lines) => overlaps(lines, range));
  const changes: ChangedExport[] = [];
  const added = [...after.symbols.values()].filter((symbol) => !before.symbols.has(symbol.name));
  for (const old of before.symbols.values()) {
    const current = after.symbols.get(old.name);
    if (current) {
      const change = howChanged(old, current);
      if (change && (touched(current.range, 'after') || touched(old.range, 'before'))) changes.push(changeOf(current, change));
      continue;
    }
    if (!touched(old.range, 'before')) continue;
    // The same declaration under exactly one new name is a rename.
    const twins = added.filter((symbol) => symbol.kind === old.kind && symbol.text === old.text);
    const renamedTo = twins.length === 1 ? twins[0] : undefined;
    if (renamedTo) added.splice(added.indexOf(renamedTo), 1);
    changes.push({ ...changeOf(old, 'removed'), ...(renamedTo ? { renamedTo: renamedTo.name } : {}) });
  }
  for (const symbol of added) if (touched(symbol.range, 'after')) changes.push(changeOf(symbol, 'added'));
  const stars = starChanges(before, after).filter((change) => touched(change.range, change.change === 'removed' ? 'before' : 'after'));
  return [...changes, ...stars].sort((a, b) => a.range.start - b.range.start || a.name.localeCompare(b.name));
}

/** The exported symbols of `file` whose declaration changed between its two versions. */
export function changedExports(file: FileVersions): ChangedExport[] {
  return diffExportTables(exportTableOf(file.path, file.before), exportTableOf(file.path, file.after), file.changedLines);
}
