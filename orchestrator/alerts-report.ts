import { existsSync } from 'node:fs';
import { alertFilterOf, selectAlerts, type AlertQuery } from './collisions/alert-filter.js';
import { createAlertStore } from './collisions/alert-store.js';
import { checkedDocument, getControlPlaneJson } from './control-plane-client.js';
import { withOfflineStorage } from './offline-storage.js';
import { ALERTS_API, alertListSchema, type AlertList } from './routes/alerts.js';

/** What `agentfleet alerts` asks for: the API's query and how many at most. */
export interface AlertsQuery extends AlertQuery {
  readonly limit: number;
}

export interface AlertsRequest {
  readonly dataDir: string;
  /** Control plane URL of a running server; undefined: none runs, read the stored alerts. */
  readonly server: string | undefined;
  readonly token: string | undefined;
  /** Storage to open when no server runs (`chdb` or a ClickHouse URL). */
  readonly storage: string;
  readonly query: AlertsQuery;
}

/** `/api/v1/alerts?…` for `query`: the route parses it back into the same query. */
export function alertsPath(query: AlertsQuery): string {
  const params = new URLSearchParams();
  for (const name of ['kind', 'state', 'severity'] as const) {
    const values = query[name];
    if (values !== undefined) params.set(name, [...values].join(','));
  }
  if (query.agent !== undefined) params.set('agent', query.agent);
  if (query.file !== undefined) params.set('file', query.file);
  if (query.since !== undefined) params.set('since', String(query.since));
  params.set('limit', String(query.limit));
  return `${ALERTS_API}?${params}`;
}

const checked = (list: unknown, from: string): AlertList => checkedDocument(alertListSchema, list, 'an alert list', from);

/** Asks the running server (its alert book is the live truth). */
export async function fetchAlerts(server: string, token: string | undefined, query: AlertsQuery): Promise<AlertList> {
  return checked(await getControlPlaneJson(server, alertsPath(query), token), server);
}

/**
 * `agentfleet alerts`: asks the running server, or — with none running —
 * opens the data directory and filters the alerts as last stored, the way
 * the server would.
 */
export async function collectAlerts(request: AlertsRequest): Promise<AlertList> {
  if (request.server !== undefined) return fetchAlerts(request.server, request.token, request.query);
  if (!existsSync(request.dataDir)) throw new Error(`no agentfleet data in ${request.dataDir} (give --data-dir, or --server of a running agentfleet up)`);
  const stored = await withOfflineStorage(request.dataDir, request.storage, (storage) => createAlertStore(storage).load());
  return checked(selectAlerts(stored, alertFilterOf(request.query), request.query.limit), request.dataDir);
}
