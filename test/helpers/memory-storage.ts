import { readFile } from 'node:fs/promises';
import type { RowBinaryFileInsert, Storage } from '../../ingest/storage.js';

/** A Storage that keeps the bytes of every file it is asked to insert; `failNext` makes inserts throw. */
export interface MemoryStorage extends Storage {
  readonly inserts: (RowBinaryFileInsert & { readonly data: Buffer })[];
  failNext: number;
  /** When set, each insert waits for it before returning. */
  gate: Promise<void> | undefined;
}

export function createMemoryStorage(): MemoryStorage {
  const storage: MemoryStorage = {
    kind: 'chdb',
    description: 'memory',
    database: 'test',
    inserts: [],
    failNext: 0,
    gate: undefined,
    start: async () => undefined,
    async insertRowBinaryFile(insert) {
      if (storage.failNext > 0) {
        storage.failNext -= 1;
        throw new Error('storage is down');
      }
      const data = await readFile(insert.path);
      if (data.length !== insert.byteLength) throw new Error(`file is ${data.length} bytes, expected ${insert.byteLength}`);
      await storage.gate;
      storage.inserts.push({ ...insert, data });
    },
    insertJsonRows: async () => undefined,
    query: async () => [],
    command: async () => undefined,
    stats: async () => ({ tables: [], localBytesOnDisk: undefined }),
    shutdown: async () => undefined,
  };
  return storage;
}
