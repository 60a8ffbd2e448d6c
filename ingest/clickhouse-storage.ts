import { createReadStream } from 'node:fs';
import { finished } from 'node:stream/promises';

import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';

import { parseClickHouseUrl } from './clickhouse-url.js';
import { DEFAULT_DATABASE } from './schema/migrations.js';
import { createSqlStorage } from './sql-storage.js';
import type { Storage } from './storage.js';
import type { StorageConnection } from './storage-connection.js';
import { StorageQueryError, StorageUnavailableError } from './storage-errors.js';
import { insertJsonEachRowSql, insertRowBinaryBodySql, qualifiedTable } from './storage-sql.js';

export interface ClickHouseStorageOptions {
  /** `clickhouse://user:pass@host:8123/db` or `http(s)://…`. */
  readonly url: string;
  /** Overrides the URL's database; default `otel`. */
  readonly database?: string;
  /** Override the URL's credentials. */
  readonly username?: string;
  readonly password?: string;
}

/** Storage on a ClickHouse server (or cluster endpoint) over HTTP. The database is created if missing. */
export function createClickHouseStorage(options: ClickHouseStorageOptions): Storage {
  const endpoint = parseClickHouseUrl(options.url);
  const database = options.database ?? endpoint.database ?? DEFAULT_DATABASE;
  const username = options.username ?? endpoint.username;
  const client = createClient({
    url: endpoint.url,
    username,
    password: options.password ?? endpoint.password,
    application: 'agentfleet',
    // Every failure reaches the caller as a typed error; the client's own log would report it twice.
    log: { level: ClickHouseLogLevel.OFF },
    // Not `database`: the server refuses a request naming a database that does not exist yet,
    // and every statement qualifies its tables anyway.
  });
  const user = username === undefined ? '' : `${username}@`;
  return clickHouseStorageOnClient(client, database, `clickhouse:${endpoint.url.replace('//', `//${user}`)}`);
}

/**
 * Storage on an existing client. `createClickHouseStorage` passes an HTTP
 * client; tests pass one whose connection is chDB in this process
 * (`chdb/connection`) to run this code without a server.
 */
export function clickHouseStorageOnClient(client: ClickHouseClient, database: string, location: string): Storage {
  return createSqlStorage(clickHouseConnection(client, `${location} (database ${database})`), database);
}

/**
 * `Storage.query` promises 64-bit integers as strings. That is the server's
 * default, but a server profile can change it, so ask for it on each query.
 */
const QUERY_SETTINGS = { output_format_json_quote_64bit_integers: 1 } as const;

function clickHouseConnection(client: ClickHouseClient, description: string): StorageConnection {
  async function attempt<T>(sql: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw translate(error, description, sql);
    }
  }

  return {
    kind: 'clickhouse',
    description,
    async open() {
      const ping = await client.ping();
      if (!ping.success) {
        throw new StorageUnavailableError(`cannot reach ${description}: ${ping.error.message}`, { cause: ping.error });
      }
    },
    async command(sql, params) {
      await attempt(sql, () => client.command({ query: sql, query_params: params }));
    },
    query<T>(sql: string, params?: Record<string, unknown>): Promise<T[]> {
      return attempt(sql, async () => {
        const result = await client.query({
          query: sql,
          format: 'JSONEachRow',
          query_params: params,
          clickhouse_settings: QUERY_SETTINGS,
        });
        return result.json<T>();
      });
    },
    async insertRowBinaryFile(insert, database) {
      const sql = insertRowBinaryBodySql(database, insert);
      await attempt(sql, async () => {
        // Exactly the sealed bytes: a file that grew after the size check sends no extra rows.
        const values = createReadStream(insert.path, { start: 0, end: insert.byteLength - 1 });
        const result = await client.exec({ query: sql, values });
        // The response of an INSERT is empty, but the socket is only released once it is read.
        await finished(result.stream.resume());
      });
    },
    async insertJsonRows(table, rows, database) {
      const sql = insertJsonEachRowSql(database, table);
      // The client writes this same statement itself from the (quoted) table name.
      const qualified = qualifiedTable(database, table);
      await attempt(sql, () => client.insert({ table: qualified, values: [...rows], format: 'JSONEachRow' }));
    },
    localBytesOnDisk: async () => undefined,
    close: () => client.close(),
  };
}

/**
 * A server error carries a numeric `code` and a `type`. Matched by shape, not
 * class: `@clickhouse/client` bundles its own `ClickHouseError`, and
 * `chdb/connection` throws the one of `@clickhouse/client-common`. Anything
 * else (refused connection, timeout, reset socket) means the server could not
 * be asked: retry later.
 */
function translate(error: unknown, where: string, sql: string): Error {
  const { code, type, message } = (error ?? {}) as { code?: unknown; type?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : String(error);
  if (typeof code === 'string' && /^\d+$/.test(code)) {
    return new StorageQueryError({
      where,
      sql,
      text,
      code: Number(code),
      type: typeof type === 'string' ? type : undefined,
      cause: error,
    });
  }
  return new StorageUnavailableError(`${where}: ${text}`, { cause: error });
}
