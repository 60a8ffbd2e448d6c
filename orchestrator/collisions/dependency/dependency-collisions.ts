import type { AlertSeverity, SymbolEvidence } from '../alert.js';
import { ALERT_SEVERITIES } from '../alert.js';
import type { ChangedExport, FileVersions } from './changed-exports.js';
import { changeSeverity, diffExportTables, exportTableOf } from './changed-exports.js';
import type { ExportTable, ModuleRef } from './export-table.js';
import type { ModuleImport } from './module-import.js';
import { sourceLanguageOf } from './source-language.js';
import type { SourceText } from './symbol-uses.js';
import { moduleImportsOf } from './symbol-uses.js';

/**
 * The dependency collision between two parties: which exported symbols the
 * changing party (A) changed that files the other party (B) is editing
 * import or use — directly, or through re-exports (`index.ts` barrels,
 * `__init__.py`) up to `MAX_CHAIN_HOPS` files away.
 */

export interface DependencyInput {
  /** A's changed files, each with its base and current version. */
  readonly changed: readonly FileVersions[];
  /** B's files being edited, as they are in B's work tree. */
  readonly edited: readonly SourceText[];
  /**
   * Any other file as B sees it (undefined when it does not exist), to follow
   * re-exports through files neither side changed; without it, chains
   * continue only through files in `changed` and `edited`.
   */
  readonly readFile?: (path: string) => Promise<string | undefined>;
}

const MAX_CHAIN_HOPS = 5;

type Names = ReadonlySet<string> | 'all';

/** A's side of one file: its changes, the names it exports in either version, and its current exports. */
interface ChangedModule {
  readonly changes: readonly ChangedExport[];
  readonly exported: ReadonlySet<string>;
  readonly current: ExportTable;
}

function changedModules(files: readonly FileVersions[]): Map<string, ChangedModule> {
  const modules = new Map<string, ChangedModule>();
  for (const file of files) {
    if (!sourceLanguageOf(file.path)) continue;
    const [before, after] = [exportTableOf(file.path, file.before), exportTableOf(file.path, file.after)];
    const changes = diffExportTables(before, after, file.changedLines);
    const exported = new Set([...before.symbols.keys(), ...after.symbols.keys()]);
    if (changes.length > 0) modules.set(file.path, { changes, exported, current: file.after === undefined ? before : after });
  }
  return modules;
}

/** Finds and parses the files along re-export chains, each once. */
class ModuleFiles {
  private readonly contents = new Map<string, Promise<string | undefined>>();
  private readonly tables = new Map<string, Promise<ExportTable>>();
  private readonly readFile: DependencyInput['readFile'];

  constructor(
    private readonly changed: ReadonlyMap<string, ChangedModule>,
    input: DependencyInput,
  ) {
    this.readFile = input.readFile;
    for (const [path, module] of changed) this.tables.set(path, Promise.resolve(module.current));
    // A's version of a file wins over B's: it is what the merge brings.
    for (const file of input.edited) this.contents.set(file.path, Promise.resolve(file.content));
    for (const file of input.changed) if (file.after !== undefined || !this.contents.has(file.path)) this.contents.set(file.path, Promise.resolve(file.after ?? file.before));
  }

  private content(path: string): Promise<string | undefined> {
    let content = this.contents.get(path);
    if (!content) {
      content = this.readFile ? this.readFile(path) : Promise.resolve(undefined);
      this.contents.set(path, content);
    }
    return content;
  }

  /** The path a module resolves to: a changed file if it is a candidate, else the first candidate that exists. */
  async resolve(module: ModuleRef): Promise<string | undefined> {
    const changed = module.candidates.find((candidate) => this.changed.has(candidate));
    if (changed) return changed;
    for (const candidate of module.candidates) if ((await this.content(candidate)) !== undefined) return candidate;
    return undefined;
  }

  table(path: string): Promise<ExportTable> {
    let table = this.tables.get(path);
    if (!table) {
      table = this.content(path).then((content) => exportTableOf(path, content));
      this.tables.set(path, table);
    }
    return table;
  }
}

/** Whether importing `names` from the changed module involves `change`. */
function involves(change: ChangedExport, names: Names, module: ChangedModule): boolean {
  if (names === 'all') return true;
  // A changed `export * from` matters to names the module does not export by name.
  if (change.name === '*') return [...names].some((name) => !module.exported.has(name));
  return names.has(change.name);
}

/** Where `names` taken from a module come from, one hop further along its re-exports. */
function nextHops(table: ExportTable, names: Names): ModuleImport[] {
  const hops: ModuleImport[] = [];
  const add = (module: ModuleRef, name: string) => hops.push({ module, names: name === '*' ? 'all' : new Set([name]) });
  if (names === 'all') {
    for (const symbol of table.symbols.values()) if (symbol.reexport) add(symbol.reexport.module, symbol.reexport.name);
    for (const star of table.stars) hops.push({ module: star.module, names: 'all' });
    return hops;
  }
  for (const name of names) {
    const symbol = table.symbols.get(name);
    const reexport = symbol ? symbol.reexport : table.passThrough.get(name);
    if (reexport) add(reexport.module, reexport.name);
    else if (!symbol) for (const star of table.stars) add(star.module, name);
  }
  return hops;
}

interface Finding {
  readonly path: string;
  readonly change: ChangedExport;
  readonly usedIn: Set<string>;
}

const symbolLabel = (change: ChangedExport) => (change.name === '*' && change.source ? `* from ${change.source.module.specifier}` : change.name);

function toEvidence({ path, change, usedIn }: Finding): SymbolEvidence {
  return {
    path,
    symbol: symbolLabel(change),
    symbolKind: change.kind,
    usedIn: [...usedIn].sort(),
    change: change.change,
    lines: change.range,
    ...(change.renamedTo ? { renamedTo: change.renamedTo } : {}),
  };
}

const severityRank = (evidence: SymbolEvidence) => ALERT_SEVERITIES.indexOf(evidence.change ? changeSeverity(evidence.change) : 'warning');

/** Symbols A changed that B's files use, most severe first. */
export async function dependencyCollisions(input: DependencyInput): Promise<SymbolEvidence[]> {
  const changed = changedModules(input.changed);
  if (changed.size === 0) return [];
  const files = new ModuleFiles(changed, input);
  const findings = new Map<string, Finding>();
  const changedPaths = new Set(input.changed.map((file) => file.path));
  for (const file of input.edited) {
    // The same file on both sides is an overlap, not a dependency.
    if (changedPaths.has(file.path)) continue;
    const visited = new Set<string>();
    const follow = async ({ module, names }: ModuleImport, hops: number): Promise<void> => {
      if (hops > MAX_CHAIN_HOPS) return;
      const path = await files.resolve(module);
      const key = `${path}\0${names === 'all' ? '*' : [...names].sort().join(',')}`;
      if (path === undefined || visited.has(key)) return;
      visited.add(key);
      const changedModule = changed.get(path);
      const involved = changedModule ? changedModule.changes.filter((change) => involves(change, names, changedModule)) : [];
      for (const change of involved) {
        const id = `${path}\0${change.name}\0${change.source?.module.specifier ?? ''}`;
        const finding = findings.get(id) ?? { path, change, usedIn: new Set<string>() };
        finding.usedIn.add(file.path);
        findings.set(id, finding);
      }
      for (const hop of nextHops(await files.table(path), names)) await follow(hop, hops + 1);
    };
    for (const entry of moduleImportsOf(file)) await follow(entry, 0);
  }
  return [...findings.values()]
    .map(toEvidence)
    .sort((a, b) => severityRank(b) - severityRank(a) || a.path.localeCompare(b.path) || a.symbol.localeCompare(b.symbol));
}

/** The alert severity for a set of dependency findings: that of the worst change. */
export function dependencySeverity(evidence: readonly SymbolEvidence[]): AlertSeverity | undefined {
  const ranks = evidence.map(severityRank);
  return ranks.length > 0 ? ALERT_SEVERITIES[Math.max(...ranks)] : undefined;
}
