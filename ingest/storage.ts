import type { Signal } from './schema/otel-tables.js';

/** Rows and bytes of one table. */
export interface TableStats {
  readonly table: string;
  readonly rows: number;
  /** Compressed bytes of the table's active parts. */
  readonly bytesOnDisk: number;
}

export interface StorageStats {
  readonly tables: readonly TableStats[];
  /** Bytes the backend uses on this machine (chDB data dir); undefined for a remote server. */
  readonly localBytesOnDisk: number | undefined;
}

/** A RowBinary file to insert, written by the write-ahead log. */
export interface RowBinaryFileInsert {
  readonly signal: Signal;
  /** Absolute path of a sealed (no longer appended) file of RowBinary rows in `INSERT_COLUMNS[signal]` order. */
  readonly path: string;
  /** Size of the file in bytes; the backend checks it to refuse a file that changed. */
  readonly byteLength: number;
  /** Rows in the file, for progress reporting. */
  readonly rowCount: number;
  /**
   * Same token → same insert: retrying an insert with the token it had
   * before stores nothing new (ClickHouse insert deduplication).
   */
  readonly deduplicationToken: string;
}

/**
 * Where spans and logs live. One interface, two backends: chDB in-process
 * (`chdb-storage.ts`) and a ClickHouse server (`clickhouse-storage.ts`), same
 * DDL and queries. Lifecycle: `start()` connects and applies migrations;
 * `shutdown()` is idempotent.
 */
export interface Storage {
  readonly kind: 'chdb' | 'clickhouse';
  /** Human-readable location without secrets, e.g. `chdb:/home/me/.agentfleet/data`. */
  readonly description: string;
  /** Database that holds the tables. */
  readonly database: string;
  start(): Promise<void>;
  insertRowBinaryFile(insert: RowBinaryFileInsert): Promise<void>;
  /**
   * Inserts `rows` (JSON objects keyed by column) into `table` of `database`
   * as JSONEachRow: for the small derived tables (alerts) whose rows are built
   * in JavaScript anyway. Nothing is sent for no rows.
   */
  insertJsonRows(table: string, rows: readonly Record<string, unknown>[]): Promise<void>;
  /** Runs a SELECT and returns its rows (JSONEachRow; 64-bit ints as strings). `{name:Type}` placeholders bind `params`. */
  query<T = Record<string, unknown>>(sql: string, params?: Record<string, unknown>): Promise<T[]>;
  /** Runs a statement that returns no rows (DDL, mutations). */
  command(sql: string): Promise<void>;
  stats(): Promise<StorageStats>;
  shutdown(): Promise<void>;
}
