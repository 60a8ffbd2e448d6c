import type { Signal } from './schema/otel-tables.js';

/**
 * Rows ready for storage: RowBinary in the column order of
 * `INSERT_COLUMNS[signal]`. This is what the collector's decoder produces,
 * what the write-ahead log stores verbatim, and what ClickHouse reads with
 * `file(path, RowBinary, structure)` — rows are encoded once and never
 * re-parsed in JavaScript.
 */
export interface EncodedRows {
  readonly signal: Signal;
  /** Number of rows (spans or log records) in `data`. */
  readonly rowCount: number;
  /** RowBinary bytes of exactly `rowCount` rows. */
  readonly data: Buffer;
}
