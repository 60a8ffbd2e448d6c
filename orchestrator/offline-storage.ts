import { acquireDataDirLock } from '../ingest/data-dir-lock.js';
import { createStorage } from '../ingest/storage-url.js';
import type { Storage } from '../ingest/storage.js';

/**
 * Opens a data directory's storage for a command that found no server
 * running (`status`, `audit`), runs `use`, and closes it again. It takes
 * the same lock as `agentfleet up`, so the two never open the data at once
 * (chDB allows one process per directory).
 */
export async function withOfflineStorage<T>(dataDir: string, storageUrl: string, use: (storage: Storage) => Promise<T>): Promise<T> {
  const lock = await acquireDataDirLock(dataDir);
  try {
    const storage = createStorage({ storage: storageUrl, dataDir });
    await storage.start();
    try {
      return await use(storage);
    } finally {
      await storage.shutdown();
    }
  } finally {
    await lock.release();
  }
}
