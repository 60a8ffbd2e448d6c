import { existsSync } from 'node:fs';
import type { Storage } from '../ingest/storage.js';
import { createAlertStore } from './collisions/alert-store.js';
import { checkedDocument, getControlPlaneJson } from './control-plane-client.js';
import { withOfflineStorage } from './offline-storage.js';
import { auditAlertSource } from './queries/audit/audit-alerts.js';
import { queryAudit } from './queries/audit/audit-query.js';
import { auditReportSchema, type AuditDocument, type AuditFilter } from './queries/audit/audit-schema.js';
import { AUDIT_API } from './routes/audit.js';
import { readServerInfo } from './server-info.js';

export interface AuditRequest {
  readonly dataDir: string;
  /** Control plane URL; found in the data directory when not given. */
  readonly server: string | undefined;
  readonly token: string | undefined;
  /** Storage to open when no server runs (`chdb` or a ClickHouse URL). */
  readonly storage: string;
  readonly filter: AuditFilter;
  readonly limit: number;
}

function auditQuery(filter: AuditFilter, limit: number): string {
  const params = new URLSearchParams();
  for (const key of ['agent', 'session', 'file'] as const) if (filter[key] !== null) params.set(key, filter[key]);
  if (filter.sinceMs !== null) params.set('since', String(filter.sinceMs));
  if (filter.untilMs !== null) params.set('until', String(filter.untilMs));
  params.set('limit', String(limit));
  return `${AUDIT_API}?${params}`;
}

/** Either way, the document goes through the schema: checked, and with its keys in one order whatever produced it. */
const checked = (document: unknown, from: string): AuditDocument => checkedDocument(auditReportSchema, document, 'an audit', from);

/**
 * `agentfleet audit`: asks the running server, or — with none running —
 * opens the data directory and runs the very query the server would, with
 * the alerts as last stored.
 */
export async function collectAudit(request: AuditRequest): Promise<AuditDocument> {
  const server = request.server ?? (await readServerInfo(request.dataDir))?.controlPlaneUrl;
  if (server) return checked(await getControlPlaneJson(server, auditQuery(request.filter, request.limit), request.token), server);
  if (!existsSync(request.dataDir)) throw new Error(`no agentfleet data in ${request.dataDir} (give --data-dir, or --server of a running agentfleet up)`);
  const report = await withOfflineStorage(request.dataDir, request.storage, (storage: Storage) =>
    queryAudit(storage, request.filter, { limit: request.limit, alerts: auditAlertSource(() => createAlertStore(storage).load()) }),
  );
  return checked(report, request.dataDir);
}
