import { existsSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import type { StorageStats } from '../ingest/storage.js';
import { inspectWal, type WalInspection } from '../ingest/wal/inspect.js';
import { fetchAlerts } from './alerts-report.js';
import { checkedDocument, getControlPlaneJson } from './control-plane-client.js';
import { withOfflineStorage } from './offline-storage.js';
import { AGENTS_API, agentsResponseSchema } from './routes/agents.js';
import type { AlertList } from './routes/alerts.js';
import { readServerInfo } from './server-info.js';
import type { ServerStatus } from './server-status.js';

/** The fleet as a running server sees it: its agents, and how many alerts are still to deal with. */
export interface FleetStatus {
  readonly agents: z.output<typeof agentsResponseSchema>['agents'];
  /** Open and acknowledged alerts: how many, and how many of each kind. */
  readonly openAlerts: Pick<AlertList, 'total' | 'byKind'>;
}

/** What `agentfleet status` reports: the running server's own status and its fleet, or what is on disk. */
export type StatusReport =
  | { readonly running: true; readonly server: ServerStatus; readonly fleet: FleetStatus }
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
 * Asks the running server (only it may open chDB's data) for its status and
 * its fleet; with none running, opens the data directory itself — taking
 * the same lock as `up`, so the two never open the data at once — and
 * reports storage only (the fleet lives in the server).
 */
export async function collectStatus(request: StatusRequest): Promise<StatusReport> {
  const server = request.server ?? (await readServerInfo(request.dataDir))?.controlPlaneUrl;
  if (server) {
    const [status, agents, alerts] = await Promise.all([
      getControlPlaneJson(server, '/api/v1/status', request.token),
      getControlPlaneJson(server, AGENTS_API, request.token),
      // Only the counts are wanted: one alert is the least a page holds.
      fetchAlerts(server, request.token, { limit: 1 }),
    ]);
    const fleet = { agents: checkedDocument(agentsResponseSchema, agents, 'an agent list', server).agents, openAlerts: { total: alerts.total, byKind: alerts.byKind } };
    return { running: true, server: status as ServerStatus, fleet };
  }

  const wal = await inspectWal(path.join(request.dataDir, 'wal'));
  if (!existsSync(request.dataDir)) return { running: false, dataDir: request.dataDir, storage: undefined, wal };
  const storage = await withOfflineStorage(request.dataDir, request.storage, async (s) => ({ kind: s.kind, description: s.description, ...(await s.stats()) }));
  return { running: false, dataDir: request.dataDir, storage, wal };
}
