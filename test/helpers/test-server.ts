import { defaultRedactionConfig } from '../../redaction/config.js';
import { createLogger } from '../../orchestrator/log.js';
import { startServer, type RunningServer } from '../../orchestrator/server.js';
import { defaultServerConfig, type ServerConfig } from '../../orchestrator/server-config.js';

/**
 * The real server (collector + write-ahead log + chDB + control plane) as
 * the integration and end-to-end tests run it: loopback, a random control
 * plane port, no fsync, inserts 50 ms after a request.
 */
export interface TestServerOptions {
  /** Collector port; 0 (default) picks a free one. */
  readonly otlpPort?: number;
  /** False: the collector stores values as sent, so whatever is redacted was redacted by the sender (the shim). Default true. */
  readonly collectorRedaction?: boolean;
}

export function testServerConfig(dataDir: string, options: TestServerOptions = {}): ServerConfig {
  const defaults = defaultServerConfig();
  return {
    ...defaults,
    dataDir,
    port: 0,
    collector: {
      ...defaults.collector,
      port: options.otlpPort ?? 0,
      redaction: { ...defaultRedactionConfig(), enabled: options.collectorRedaction ?? true },
    },
    ingest: { ...defaults.ingest, syncMode: 'none', flushIntervalMs: 50 },
  };
}

/**
 * `testServerConfig` for tests where work is merged, rebased, reverted or
 * removed without spans: the fleet and the collision engine look at git
 * every 500 ms, so such tests wait less.
 */
export function gitWatchingServerConfig(dataDir: string): ServerConfig {
  const config = testServerConfig(dataDir);
  return {
    ...config,
    fleet: { ...config.fleet, mergeCheckIntervalMs: 500 },
    collisions: { ...config.collisions, recheckIntervalMs: 500 },
  };
}

export function startTestServer(dataDir: string, options: TestServerOptions = {}): Promise<RunningServer> {
  return startServer(testServerConfig(dataDir, options), createLogger('warn'));
}
