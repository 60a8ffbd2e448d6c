import { stat } from 'node:fs/promises';

import { migrate } from './schema/migrate.js';
import type { RowBinaryFileInsert, Storage, StorageStats } from './storage.js';
import type { StorageConnection } from './storage-connection.js';
import { RowBinaryFileRejectedError, StorageUnavailableError } from './storage-errors.js';
import { TABLE_STATS_SQL } from './storage-sql.js';

type State = 'new' | 'started' | 'shut down';

/**
 * A `Storage` on any backend connection: the lifecycle, migrations, file
 * checks and stats live here once, so chDB and the ClickHouse server cannot
 * drift apart. `shutdown()` waits for calls in flight before closing, so an
 * insert that started is never cut off.
 */
export function createSqlStorage(connection: StorageConnection, database: string): Storage {
  let state: State = 'new';
  let starting: Promise<void> | undefined;
  let shuttingDown: Promise<void> | undefined;
  const inFlight = new Set<Promise<unknown>>();

  function track<T>(operation: () => Promise<T>): Promise<T> {
    if (state !== 'started') {
      const why = state === 'new' ? 'is not started' : 'is shut down';
      return Promise.reject(new StorageUnavailableError(`${connection.description} ${why}`));
    }
    const pending = operation();
    inFlight.add(pending);
    const forget = () => inFlight.delete(pending);
    pending.then(forget, forget);
    return pending;
  }

  async function openAndMigrate(): Promise<void> {
    await connection.open();
    try {
      await migrate(connection, database);
    } catch (error) {
      // Leave nothing open: for chDB an open session holds the process's only data path.
      await connection.close();
      throw error;
    }
    if (state === 'new') state = 'started'; // unless shutdown() came first: it closes what we opened
  }

  async function insertCheckedFile(insert: RowBinaryFileInsert): Promise<void> {
    await assertSealedSize(insert);
    if (insert.byteLength === 0) return;
    await connection.insertRowBinaryFile(insert, database);
  }

  async function collectStats(): Promise<StorageStats> {
    const rows = await connection.query<{ table: string; rows: string; bytesOnDisk: string }>(TABLE_STATS_SQL, {
      database,
    });
    return {
      tables: rows.map((row) => ({ table: row.table, rows: Number(row.rows), bytesOnDisk: Number(row.bytesOnDisk) })),
      localBytesOnDisk: await connection.localBytesOnDisk(),
    };
  }

  return {
    kind: connection.kind,
    description: connection.description,
    database,
    start() {
      if (state === 'shut down') {
        return Promise.reject(new StorageUnavailableError(`${connection.description} is shut down`));
      }
      starting ??= openAndMigrate().catch((error: unknown) => {
        starting = undefined; // a later start() may try again
        throw error;
      });
      return starting;
    },
    insertRowBinaryFile: (insert) => track(() => insertCheckedFile(insert)),
    insertJsonRows: (table, rows) =>
      track(async () => {
        if (rows.length > 0) await connection.insertJsonRows(table, rows, database);
      }),
    query: (sql, params) => track(() => connection.query(sql, params)),
    command: (sql) => track(() => connection.command(sql)),
    stats: () => track(collectStats),
    shutdown() {
      shuttingDown ??= (async () => {
        state = 'shut down';
        const opened = starting === undefined ? false : await starting.then(() => true, () => false);
        await Promise.allSettled(inFlight);
        if (opened) await connection.close();
      })();
      return shuttingDown;
    },
  };
}

/** The write-ahead log sealed the file at `byteLength`; any other size means it is not that file any more. */
async function assertSealedSize(insert: RowBinaryFileInsert): Promise<void> {
  let sizeBytes: number;
  try {
    sizeBytes = (await stat(insert.path)).size;
  } catch (error) {
    throw new RowBinaryFileRejectedError(`cannot read RowBinary file ${insert.path}: ${String(error)}`, insert.path);
  }
  if (sizeBytes !== insert.byteLength) {
    throw new RowBinaryFileRejectedError(
      `RowBinary file ${insert.path} has ${sizeBytes} bytes but was sealed with ${insert.byteLength}: refusing to insert a changed file`,
      insert.path,
    );
  }
}
