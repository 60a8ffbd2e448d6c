import type { ReceiverStats } from '../collector/receiver-stats.js';
import type { IngestStats } from '../ingest/ingest.js';
import type { StorageStats } from '../ingest/storage.js';

/**
 * What `GET /api/v1/status` returns and `agentfleet status` prints. Kept as
 * plain JSON so the CLI, the UI and scripts read the same document.
 */
export interface ServerStatus {
  readonly version: string;
  readonly pid: number;
  readonly startedAt: string;
  readonly uptimeMs: number;
  readonly otlpUrl: string;
  readonly controlPlaneUrl: string;
  readonly storage: {
    readonly kind: 'chdb' | 'clickhouse';
    readonly description: string;
    readonly database: string;
  } & StorageStats;
  readonly ingest: IngestStats;
  readonly receiver: ReceiverStats;
}
