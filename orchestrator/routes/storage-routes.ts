import type { Storage } from '../../ingest/storage.js';
import type { ApiRoute } from '../api/route.js';
import type { AuditAlertSource } from '../queries/audit/audit-schema.js';
import { auditRoute } from './audit.js';
import { fileTouchesRoute } from './file-touches.js';
import { heatmapRoute } from './heatmap.js';
import { searchRoute } from './search.js';
import { spansRoute } from './spans.js';

export interface StorageRoutesOptions {
  /** Alerts for the audit's `alerts` section; none → always empty. */
  readonly alerts: AuditAlertSource | undefined;
}

/** The routes that answer from stored spans. */
export function storageRoutes(storage: Storage, options: StorageRoutesOptions): ApiRoute[] {
  return [spansRoute(storage), heatmapRoute(storage), auditRoute(storage, options.alerts), searchRoute(storage), fileTouchesRoute(storage)];
}
