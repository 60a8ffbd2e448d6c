import path from 'node:path';

import type { Session } from 'chdb';

import { chdbOpenError, chdbQueryError } from './chdb-errors.js';
import { cachedDirectorySize } from './directory-size.js';
import { createSqlStorage } from './sql-storage.js';
import type { Storage } from './storage.js';
import type { StorageConnection } from './storage-connection.js';
import { StorageUnavailableError } from './storage-errors.js';
import { insertFromFileSql, insertJsonEachRowSql } from './storage-sql.js';

export interface ChdbStorageOptions {
  /** chDB's data directory, e.g. `<dataDir>/chdb`. One per process: chDB refuses a second path. */
  readonly path: string;
  /** Database that holds the tables, e.g. `otel`. */
  readonly database: string;
}

/**
 * Engine options fixed at connect time: 64-bit integers come back as JSON
 * strings, as `Storage.query` promises and as a ClickHouse server does by
 * default (chDB's default prints them as numbers, which lose precision).
 */
/** How stale the reported size of the chDB directory may be (walking it costs CPU). */
const DIRECTORY_SIZE_MAX_AGE_MS = 5_000;

const CONNECTION_ARGS = ['--output_format_json_quote_64bit_integers=1'];

/** Storage in this process on chDB, the embedded default. */
export function createChdbStorage(options: ChdbStorageOptions): Storage {
  return createSqlStorage(chdbConnection(path.resolve(options.path), options.database), options.database);
}

function chdbConnection(dir: string, database: string): StorageConnection {
  const description = `chdb:${dir} (database ${database})`;
  let session: Session | undefined;

  function openSession(): Session {
    if (session === undefined) throw new StorageUnavailableError(`${description} is not open`);
    return session;
  }

  /**
   * Runs one statement off the event loop; JSONEachRow text back. `data`
   * follows the statement (an INSERT's rows) but stays out of error messages.
   */
  async function run(sql: string, params: Record<string, unknown> | undefined, data?: string): Promise<string> {
    const opened = openSession();
    const options = { format: 'JSONEachRow' };
    const statement = data === undefined ? sql : `${sql}\n${data}`;
    try {
      const result =
        params === undefined || Object.keys(params).length === 0
          ? await opened.queryAsync(statement, options)
          : await opened.queryBindAsync(statement, params, options);
      return result.text();
    } catch (error) {
      throw chdbQueryError(error, description, sql);
    }
  }

  return {
    kind: 'chdb',
    description,
    async open() {
      try {
        // Loaded here, not at import: the engine is ~140 MiB of native code
        // that `agentfleet run` (one per agent) and the other CLI commands,
        // which import this module through the command table, never use.
        const { Session } = await import('chdb');
        // Synchronous in chDB: loads the tables' metadata once, at start.
        session = new Session(dir, { connectionArgs: CONNECTION_ARGS });
      } catch (error) {
        throw await chdbOpenError(error, dir);
      }
    },
    async command(sql, params) {
      await run(sql, params);
    },
    async query<T>(sql: string, params?: Record<string, unknown>): Promise<T[]> {
      const text = await run(sql, params);
      return text
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as T);
    },
    async insertRowBinaryFile(insert, db) {
      // The engine reads the file itself: rows never pass through JavaScript.
      await run(insertFromFileSql(db, insert), undefined);
    },
    async insertJsonRows(table, rows, db) {
      await run(insertJsonEachRowSql(db, table), undefined, rows.map((row) => JSON.stringify(row)).join('\n'));
    },
    localBytesOnDisk: cachedDirectorySize(dir, DIRECTORY_SIZE_MAX_AGE_MS),
    async close() {
      session?.close();
      session = undefined;
    },
  };
}
