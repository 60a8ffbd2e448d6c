import type ts from 'typescript';
import type { LineRange } from '../alert.js';
import type { ModuleRef, Reexport, StarReexport } from './export-table.js';
import { typescriptModuleRef } from './module-paths.js';
import type { ParsedSource } from './ts-source.js';

export interface Declaration {
  readonly kind: string;
  readonly range: LineRange;
  readonly signature: string;
  readonly text: string;
  /** A function overload signature (no body): the implementation's own signature is then invisible. */
  readonly overload: boolean;
}

/** Exported name → local binding it exports. */
export type ExportBinding = { readonly local: string; readonly range: LineRange } | { readonly reexport: Reexport; readonly range: LineRange };

/** Local name of a declaration that has none (`export default function () {}`), prefixed to the export name for exported expressions. */
export const DEFAULT_EXPRESSION = '*default*';

/** What one pass over a module's top-level statements finds. */
export class ModuleScan {
  readonly declarations = new Map<string, Declaration[]>();
  readonly imports = new Map<string, Reexport>();
  readonly exports = new Map<string, ExportBinding>();
  readonly stars: StarReexport[] = [];

  constructor(
    readonly path: string,
    readonly source: ParsedSource,
  ) {}

  declare(local: string, node: ts.Node, kind: string, signature: string, overload = false): void {
    const list = this.declarations.get(local) ?? [];
    list.push({ kind, range: this.source.rangeOf(node), signature, text: this.source.print(node), overload });
    this.declarations.set(local, list);
  }

  exportLocal(name: string, local: string, node: ts.Node): void {
    this.exports.set(name, { local, range: this.source.rangeOf(node) });
  }

  moduleRef(specifier: string): ModuleRef | undefined {
    return typescriptModuleRef(this.path, specifier);
  }
}
