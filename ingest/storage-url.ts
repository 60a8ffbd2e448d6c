import path from 'node:path';

import { createChdbStorage } from './chdb-storage.js';
import { createClickHouseStorage } from './clickhouse-storage.js';
import { DEFAULT_DATABASE } from './schema/migrations.js';
import type { Storage } from './storage.js';

export interface StorageConfig {
  /** `--storage`: absent or `chdb` for embedded chDB; `clickhouse://…` or `http(s)://…` for a server. */
  readonly storage?: string;
  /** agentfleet's data directory; chDB keeps its files in `<dataDir>/chdb`. */
  readonly dataDir: string;
  /** Database for the tables; default `otel` (for a server URL, its path comes first). */
  readonly database?: string;
}

/** Sub-directory of the data directory that chDB owns. */
export const CHDB_SUBDIRECTORY = 'chdb';

/** Picks the backend a `--storage` value names. Opens nothing: call `start()`. */
export function createStorage(config: StorageConfig): Storage {
  const storage = config.storage ?? 'chdb';
  if (storage === 'chdb') {
    return createChdbStorage({
      path: path.join(config.dataDir, CHDB_SUBDIRECTORY),
      database: config.database ?? DEFAULT_DATABASE,
    });
  }
  if (/^(clickhouse|https?):\/\//i.test(storage)) {
    return createClickHouseStorage({ url: storage, database: config.database });
  }
  const shown = storage.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@'); // a mistyped URL may still hold a password
  throw new Error(`--storage must be chdb, clickhouse://… or http(s)://…, got ${JSON.stringify(shown)}`);
}
