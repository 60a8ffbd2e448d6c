import type { InsertColumn } from '../../ingest/schema/otel-tables.js';
import { RowCursor, skipOf, type Skip } from './row-cursor.js';

/**
 * Steps over RowBinary rows of one insert column list (INSERT_COLUMNS),
 * noting where each column of the current row starts, so a reader decodes
 * only the columns it needs and only for the rows it keeps.
 */
export class RowScanner {
  private readonly skips: readonly Skip[];
  private readonly names: readonly string[];
  /** Byte offset of each column of the row scanned last. */
  readonly offsets: Int32Array;

  constructor(columns: readonly InsertColumn[]) {
    this.skips = columns.map((column) => skipOf(column.type));
    this.names = columns.map((column) => column.name);
    this.offsets = new Int32Array(columns.length);
  }

  /** Index of a column by name; throws when the table has no such column (a schema change the reader must follow). */
  column(name: string): number {
    const index = this.names.indexOf(name);
    if (index < 0) throw new Error(`RowBinary reader: no column ${name} in ${this.names.join(', ')}`);
    return index;
  }

  /** Steps `cursor` over one row, recording its column offsets. */
  scan(cursor: RowCursor): void {
    const { skips, offsets } = this;
    for (let i = 0; i < skips.length; i++) {
      offsets[i] = cursor.pos;
      skips[i]!(cursor);
    }
  }

  /** A cursor at column `index` of the row scanned last (for decoding it). */
  at(cursor: RowCursor, index: number): RowCursor {
    cursor.pos = this.offsets[index]!;
    return cursor;
  }
}
