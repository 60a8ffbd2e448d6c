import type { ModuleRef } from './export-table.js';

/** What one file takes from one module. */
export interface ModuleImport {
  readonly module: ModuleRef;
  /**
   * Names of the module's exports the file imports or reads (`default` for
   * the default export); `all` when it depends on every export (`export *
   * from`, a namespace object passed around, a dynamic import used whole).
   */
  readonly names: ReadonlySet<string> | 'all';
}
