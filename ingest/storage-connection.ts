import type { SqlRunner } from './schema/migrate.js';
import type { RowBinaryFileInsert } from './storage.js';

/**
 * What a backend must do; `createSqlStorage` (sql-storage.ts) builds the
 * whole `Storage` on top: lifecycle, migrations, file checks, stats. Every
 * method throws the typed errors of storage-errors.ts, never the driver's own.
 */
export interface StorageConnection extends SqlRunner {
  readonly kind: 'chdb' | 'clickhouse';
  /** Location without secrets, e.g. `clickhouse:http://db.internal:8123 (database otel)`. */
  readonly description: string;
  /** Opens the engine or checks the server answers. */
  open(): Promise<void>;
  /** Inserts a RowBinary file whose size the caller has checked. */
  insertRowBinaryFile(insert: RowBinaryFileInsert, database: string): Promise<void>;
  /** Inserts at least one row as JSONEachRow into `database`.`table`. */
  insertJsonRows(table: string, rows: readonly Record<string, unknown>[], database: string): Promise<void>;
  /** Bytes the backend keeps on this machine; undefined for a remote server. */
  localBytesOnDisk(): Promise<number | undefined>;
  /** Releases the engine or the sockets. Called once, after every other call settled. */
  close(): Promise<void>;
}
