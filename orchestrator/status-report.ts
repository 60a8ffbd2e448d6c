import { existsSync } from 'node:fs';
import path from 'node:path';
import type { StorageStats } from '../ingest/storage.js';
import { inspectWal, type WalInspection } from '../ingest/wal/inspect.js';
import { getControlPlaneJson } from './control-plane-client.js';
import { withOfflineStorage } from './offline-storage.js';
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

/**
 * Asks the running server (only it may open chDB's data); with none running,
 * opens the data directory itself — taking the same lock as `up`, so the two
 * never open the data at once.
 */
export async function collectStatus(request: StatusRequest): Promise<StatusReport> {
  const server = request.server ?? (await readServerInfo(request.dataDir))?.controlPlaneUrl;
  if (server) return { running: true, server: (await getControlPlaneJson(server, '/api/v1/status', request.token)) as ServerStatus };

  const wal = await inspectWal(path.join(request.dataDir, 'wal'));
  if (!existsSync(request.dataDir)) return { running: false, dataDir: request.dataDir, storage: undefined, wal };
  const storage = await withOfflineStorage(request.dataDir, request.storage, async (s) => ({ kind: s.kind, description: s.description, ...(await s.stats()) }));
  return { running: false, dataDir: request.dataDir, storage, wal };
}
