import path from 'node:path';
import { defaultCollectorConfig, type CollectorConfig } from '../collector/config.js';
import { defaultIngestConfig, type IngestConfig } from '../ingest/config.js';
import { defaultCollisionConfig, type CollisionConfig } from './collisions/collision-config.js';
import { defaultGatePolicyConfig, type GatePolicyConfig } from './collisions/gate-policy.js';
import { defaultFleetConfig, type FleetConfig } from './fleet/config.js';

/*
 * Apart from server.ts, so that the CLI can state its options' defaults
 * without loading the server (storage, collector, express) into every
 * command's process — `agentfleet run` among them.
 */

/** Everything `agentfleet up` needs; see `defaultServerConfig()` for the defaults. */
export interface ServerConfig {
  /** Holds the chDB files (`chdb/`), the write-ahead log (`wal/`) and the lock. */
  readonly dataDir: string;
  /** `chdb` (embedded, default) or a ClickHouse URL (`clickhouse://user:pass@host:8123/db`). */
  readonly storage: string;
  /** Control plane (REST, SSE, UI) bind address; port 0 picks a free port. */
  readonly host: string;
  readonly port: number;
  /** Bearer token for the control plane and the collector; required off loopback. */
  readonly token: string | undefined;
  readonly collector: CollectorConfig;
  readonly ingest: IngestConfig;
  readonly fleet: FleetConfig;
  readonly collisions: CollisionConfig;
  /** What a collision does (`--gate`, `--gate-policy`): alert only, ask, or deny an edit about to happen. */
  readonly gate: GatePolicyConfig;
}

export const DEFAULT_CONTROL_PLANE_PORT = 4380;

export function defaultServerConfig(): ServerConfig {
  return {
    dataDir: path.resolve('.agentfleet/data'),
    storage: 'chdb',
    host: '127.0.0.1',
    port: DEFAULT_CONTROL_PLANE_PORT,
    token: undefined,
    collector: defaultCollectorConfig(),
    ingest: defaultIngestConfig(),
    fleet: defaultFleetConfig(),
    collisions: defaultCollisionConfig(),
    gate: defaultGatePolicyConfig(),
  };
}
