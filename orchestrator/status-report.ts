import { existsSync } from 'node:fs';
import path from 'node:path';
import { acquireDataDirLock } from '../ingest/data-dir-lock.js';
import type { StorageStats } from '../ingest/storage.js';
import { createStorage } from '../ingest/storage-url.js';
import { inspectWal, type WalInspection } from '../ingest/wal/inspect.js';
import { readServerInfo } from './server-info.js';
import type { ServerStatus } from './server-status.js';

/** What `agentfleet status` reports: the running server's own status, or what is on disk. */
export type StatusReport =
  | { readonly running: true; readonly server: ServerStatus }
  | {
      readonly running: false;
      readonly dataDir: string;
      readonly storage: ({ readonly kind: string; readonly description: string } & StorageStats) | undefined;
      readonly wal: WalInspection;
    };

export interface StatusRequest {
  readonly dataDir: string;
  /** Control plane URL; found in the data directory when not given. */
  readonly server: string | undefined;
  readonly token: string | undefined;
  /** Storage to open when no server runs (`chdb` or a ClickHouse URL). */
  readonly storage: string;
}

async function fetchServerStatus(baseUrl: string, token: string | undefined): Promise<ServerStatus> {
  const response = await fetch(new URL('/api/v1/status', baseUrl), {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`${baseUrl} answered ${response.status}: ${(await response.text()).slice(0, 500)}`);
  return (await response.json()) as ServerStatus;
}

/**
 * Asks the running server (only it may open chDB's data); with none running,
 * opens the data directory itself — taking the same lock as `up`, so the two
 * never open the data at once.
 */
export async function collectStatus(request: StatusRequest): Promise<StatusReport> {
  const server = request.server ?? (await readServerInfo(request.dataDir))?.controlPlaneUrl;
  if (server) return { running: true, server: await fetchServerStatus(server, request.token) };

  const wal = await inspectWal(path.join(request.dataDir, 'wal'));
  if (!existsSync(request.dataDir)) return { running: false, dataDir: request.dataDir, storage: undefined, wal };
  const lock = await acquireDataDirLock(request.dataDir);
  try {
    const storage = createStorage({ storage: request.storage, dataDir: request.dataDir });
    await storage.start();
    try {
      return { running: false, dataDir: request.dataDir, storage: { kind: storage.kind, description: storage.description, ...(await storage.stats()) }, wal };
    } finally {
      await storage.shutdown();
    }
  } finally {
    await lock.release();
  }
}
