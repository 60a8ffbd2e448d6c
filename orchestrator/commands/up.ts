import path from 'node:path';
import { Command, Option } from 'commander';
import type { WalSyncMode } from '../../ingest/config.js';
import { dataDirOption, parseBytes, parseLogLevel, parsePort, parsePositiveInt, tokenOption } from '../cli-options.js';
import { formatBytes } from '../format.js';
import { gateOptions, gatePolicyFromOptions, type GateOptions } from '../gate-options.js';
import { createLogger, type LogLevel } from '../log.js';
import { redactionConfigFromOptions, redactionOptions, type RedactionOptions } from '../redaction-options.js';
import { DEFAULT_CONTROL_PLANE_PORT, defaultServerConfig, type ServerConfig } from '../server-config.js';
import { VERSION } from '../version.js';

interface UpOptions extends RedactionOptions, GateOptions {
  dataDir: string;
  storage: string;
  otlpHost: string;
  otlpPort: number;
  host: string;
  port: number;
  token?: string;
  maxBodyBytes?: number;
  maxDecompressedBytes?: number;
  walSync: WalSyncMode;
  maxWalBytes?: number;
  walSegmentBytes?: number;
  insertConcurrency?: number;
  flushIntervalMs?: number;
  logLevel: LogLevel;
}

function toServerConfig(o: UpOptions): ServerConfig {
  const defaults = defaultServerConfig();
  return {
    dataDir: path.resolve(o.dataDir),
    storage: o.storage,
    host: o.host,
    port: o.port,
    token: o.token,
    collector: {
      ...defaults.collector,
      host: o.otlpHost,
      port: o.otlpPort,
      authToken: o.token,
      maxRequestBodyBytes: o.maxBodyBytes ?? defaults.collector.maxRequestBodyBytes,
      maxDecompressedBodyBytes: o.maxDecompressedBytes ?? defaults.collector.maxDecompressedBodyBytes,
      redaction: redactionConfigFromOptions(o),
    },
    ingest: {
      ...defaults.ingest,
      syncMode: o.walSync,
      maxWalBytes: o.maxWalBytes ?? defaults.ingest.maxWalBytes,
      maxSegmentBytes: o.walSegmentBytes ?? defaults.ingest.maxSegmentBytes,
      maxConcurrentInserts: o.insertConcurrency ?? defaults.ingest.maxConcurrentInserts,
      flushIntervalMs: o.flushIntervalMs ?? defaults.ingest.flushIntervalMs,
    },
    fleet: defaults.fleet,
    collisions: defaults.collisions,
    gate: gatePolicyFromOptions(o),
  };
}

export function upCommand(): Command {
  const { collector, ingest } = defaultServerConfig();
  const command = new Command('up')
    .description('run the collector, ingest and control plane in one process (what `npm start` runs)')
    .addOption(dataDirOption())
    .addOption(new Option('--storage <url>', 'chdb (embedded) or clickhouse://user:pass@host:8123/db').env('AGENTFLEET_STORAGE').default('chdb'))
    .addOption(new Option('--otlp-host <host>', 'collector bind address').env('AGENTFLEET_OTLP_HOST').default('127.0.0.1'))
    .addOption(new Option('--otlp-port <port>', 'collector port (OTLP/HTTP)').env('AGENTFLEET_OTLP_PORT').default(4318).argParser(parsePort))
    .addOption(new Option('--host <host>', 'control plane bind address').env('AGENTFLEET_HOST').default('127.0.0.1'))
    .addOption(new Option('--port <port>', 'control plane port (UI, REST, SSE)').env('AGENTFLEET_PORT').default(DEFAULT_CONTROL_PLANE_PORT).argParser(parsePort))
    .addOption(tokenOption('bearer token required by the collector and control plane; mandatory off loopback'))
    .addOption(new Option('--max-body-bytes <size>', `largest request body as sent (default ${formatBytes(collector.maxRequestBodyBytes)})`).env('AGENTFLEET_MAX_BODY_BYTES').argParser(parseBytes))
    .addOption(new Option('--max-decompressed-bytes <size>', `largest request body after gunzip (default ${formatBytes(collector.maxDecompressedBodyBytes)})`).env('AGENTFLEET_MAX_DECOMPRESSED_BYTES').argParser(parseBytes))
    .addOption(new Option('--wal-sync <mode>', 'fsync: acknowledged = on disk; none: acknowledged = written (process-crash safe)').env('AGENTFLEET_WAL_SYNC').choices(['fsync', 'none']).default('fsync'))
    .addOption(new Option('--max-wal-bytes <size>', `write-ahead log not yet in storage before the collector answers 429 (default ${formatBytes(ingest.maxWalBytes)})`).env('AGENTFLEET_MAX_WAL_BYTES').argParser(parseBytes))
    .addOption(new Option('--wal-segment-bytes <size>', `rows inserted into storage per batch, at most (default ${formatBytes(ingest.maxSegmentBytes)})`).env('AGENTFLEET_WAL_SEGMENT_BYTES').argParser(parseBytes))
    .addOption(new Option('--insert-concurrency <n>', `batches inserted into storage at once, per signal (default ${ingest.maxConcurrentInserts})`).env('AGENTFLEET_INSERT_CONCURRENCY').argParser(parsePositiveInt))
    .addOption(new Option('--flush-interval-ms <ms>', `longest time a span waits before it is inserted (default ${ingest.flushIntervalMs})`).env('AGENTFLEET_FLUSH_INTERVAL_MS').argParser(parsePositiveInt))
    .addOption(new Option('--log-level <level>', 'error, warn, info or debug').env('AGENTFLEET_LOG_LEVEL').default('info').argParser(parseLogLevel));
  for (const option of [...redactionOptions(), ...gateOptions()]) command.addOption(option);
  return command.action(async (options: UpOptions) => {
    const log = createLogger(options.logLevel);
    const config = toServerConfig(options);
    // Loaded here, not with the CLI: every other command's process (an agent's shim among them) is spared the server's modules.
    const { startServer } = await import('../server.js');
    const server = await startServer(config, log);
    process.stdout.write(
      [
        `agentfleet ${VERSION} is up`,
        `  OTLP/HTTP      ${server.otlpUrl}   (POST /v1/traces, /v1/logs)`,
        `  control plane  ${server.controlPlaneUrl}   (UI and /api/v1)`,
        `  data           ${config.dataDir} (${config.storage === 'chdb' ? 'chdb' : 'clickhouse'})`,
        'Ctrl-C stops it after flushing everything acknowledged into storage.',
        '',
      ].join('\n'),
    );
    await waitForStopSignal(log);
    log.info('stopping: flushing the write-ahead log into storage…');
    await server.shutdown();
    log.info('stopped');
  });
}

/** Resolves on the first SIGINT/SIGTERM; a second one exits at once (the write-ahead log keeps what was acknowledged). */
function waitForStopSignal(log: ReturnType<typeof createLogger>): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        log.warn(`${signal} again: exiting now; unflushed spans stay in the write-ahead log and are inserted at the next start`);
        process.exit(130);
      }
      stopping = true;
      resolve();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
