import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createOtlpHttpReceiver } from '../collector/receiver.js';
import { validateCollectorConfig } from '../collector/config.js';
import { createLiveFeed } from '../collector/feed/live-feed-hub.js';
import type { LiveFeed } from '../collector/live-feed.js';
import { acquireDataDirLock } from '../ingest/data-dir-lock.js';
import { createIngest } from '../ingest/ingest-pipeline.js';
import { createStorage } from '../ingest/storage-url.js';
import type { Storage } from '../ingest/storage.js';
import { startCollisionService, type CollisionService } from './collisions/collision-service.js';
import { createGatePolicy } from './collisions/gate-policy.js';
import { createControlPlane } from './control-plane.js';
import { startFleetService, type FleetService } from './fleet/fleet-service.js';
import { auditAlertSource } from './queries/audit/audit-alerts.js';
import { agentRoutes } from './routes/agents.js';
import { alertRoutes } from './routes/alerts.js';
import { statusRoute } from './routes/status.js';
import { storageRoutes } from './routes/storage-routes.js';
import { intentsRoute } from './routes/intents.js';
import { streamEventsRoute } from './routes/stream.js';
import { publishFleetChanges } from './stream/fleet-events.js';
import { createSseHub, type SseHub } from './stream/sse-hub.js';
import type { Logger } from './log.js';
import { isLoopbackHost } from '../collector/net.js';
import { removeServerInfo, writeServerInfo } from './server-info.js';
import type { ServerConfig } from './server-config.js';
import type { ServerStatus } from './server-status.js';
import { VERSION } from './version.js';

export interface RunningServer {
  readonly otlpUrl: string;
  readonly controlPlaneUrl: string;
  /** The open storage, for in-process readers (tests); other processes use the control plane's API. */
  readonly storage: Storage;
  /** Stored agentfleet spans and session events as they arrive, for the fleet state. */
  readonly feed: LiveFeed;
  /** Live events of `/api/v1/stream`: `stream.publish(type, data)` sends to every client. */
  readonly stream: SseHub;
  /** The live fleet state (its changes go out on the stream as `session` / `session-removed` events). */
  readonly fleet: FleetService;
  /** The collision engine: alerts (streamed as `alert` events, stored) and intent decisions. */
  readonly collisions: CollisionService;
  status(): Promise<ServerStatus>;
  /** Stops accepting, flushes everything acknowledged into storage, releases the data dir. Idempotent. */
  shutdown(): Promise<void>;
}

/** Refuses configurations that would expose an unauthenticated server. */
export function validateServerConfig(config: ServerConfig): void {
  if (!isLoopbackHost(config.host) && !config.token) {
    throw new Error(`refusing to bind the control plane to ${config.host} without a token: set --token or AGENTFLEET_TOKEN (or bind 127.0.0.1)`);
  }
  validateCollectorConfig(config.collector);
}

/**
 * Starts storage, ingest, the fleet state, the collision engine, the
 * collector and the control plane in one process, in dependency order, and
 * stops them in reverse: nothing accepts a span before storage, the
 * write-ahead log and the fleet state listening to the live feed are ready,
 * and nothing acknowledged (spans, alerts) is left behind.
 */
export async function startServer(config: ServerConfig, log: Logger): Promise<RunningServer> {
  validateServerConfig(config);
  await mkdir(config.dataDir, { recursive: true });
  const lock = await acquireDataDirLock(config.dataDir);
  const cleanups: Array<() => Promise<void>> = [() => lock.release()];
  const unwind = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((e: unknown) => log.error(`shutdown: ${String(e)}`));
    cleanups.length = 0;
  };
  try {
    const storage = createStorage({ storage: config.storage, dataDir: config.dataDir });
    log.info(`storage: opening ${storage.description}`);
    await storage.start();
    cleanups.push(() => storage.shutdown());

    const ingest = createIngest({ storage, walDir: path.join(config.dataDir, 'wal'), config: config.ingest });
    await ingest.start();
    cleanups.push(() => ingest.shutdown());
    // The fleet is rebuilt from storage: what the write-ahead log replayed must be in it first.
    await ingest.flush();

    const stream = createSseHub();
    cleanups.push(async () => stream.shutdown());
    const feed = createLiveFeed({ onError: (error) => log.error(`live feed: ${error instanceof Error ? error.message : String(error)}`) });
    // Listening before the receiver starts: every span acknowledged from now on reaches the fleet state.
    const fleet = await startFleetService({ feed, storage, log, config: config.fleet });
    cleanups.push(() => fleet.shutdown());
    const unpublishFleet = publishFleetChanges(fleet.state, stream);
    cleanups.push(async () => unpublishFleet());
    const collisions = await startCollisionService({ fleet, storage, stream, policy: createGatePolicy(config.gate), log, config: config.collisions });
    cleanups.push(() => collisions.shutdown());

    const receiver = createOtlpHttpReceiver({ ingest, config: config.collector, feed });
    const otlp = await receiver.start();
    cleanups.push(() => receiver.shutdown());

    const startedAt = new Date();
    let controlPlaneUrl = '';
    const status = async (): Promise<ServerStatus> => ({
      version: VERSION,
      pid: process.pid,
      startedAt: startedAt.toISOString(),
      uptimeMs: Date.now() - startedAt.getTime(),
      otlpUrl: otlp.url,
      controlPlaneUrl,
      storage: { kind: storage.kind, description: storage.description, database: storage.database, ...(await storage.stats()) },
      ingest: ingest.stats(),
      receiver: receiver.stats(),
    });
    const routes = [
      statusRoute(status),
      ...storageRoutes(storage, { alerts: auditAlertSource(async () => collisions.book.all()) }),
      streamEventsRoute(stream),
      ...agentRoutes(fleet.state),
      ...alertRoutes(collisions.book),
      intentsRoute(collisions, log),
    ];
    const controlPlane = createControlPlane({ host: config.host, port: config.port, token: config.token, routes });
    controlPlaneUrl = (await controlPlane.start()).url;
    cleanups.push(() => controlPlane.shutdown());

    await writeServerInfo(config.dataDir, { pid: process.pid, otlpUrl: otlp.url, controlPlaneUrl, startedAt: startedAt.toISOString() });
    cleanups.push(() => removeServerInfo(config.dataDir));

    let stopping: Promise<void> | undefined;
    return {
      otlpUrl: otlp.url,
      controlPlaneUrl,
      storage,
      feed,
      stream,
      fleet,
      collisions,
      status,
      shutdown: () => (stopping ??= unwind()),
    };
  } catch (error) {
    await unwind();
    throw error;
  }
}
