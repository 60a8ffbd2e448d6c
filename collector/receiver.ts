import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Ingest } from '../ingest/ingest.js';
import type { Signal } from '../ingest/schema/otel-tables.js';
import type { OtlpEncoding } from './otlp/decode.js';
import { validateCollectorConfig, type CollectorConfig } from './config.js';
import { CONTENT_TYPE, otlpEncodingOf } from './content-type.js';
import { createExportPipeline } from './export-pipeline.js';
import type { FeedPublisher } from './feed/live-feed-hub.js';
import { HttpFailure } from './http-failure.js';
import { createOtlpRequestDecoder, type OtlpRequestDecoder } from './otlp-request-decoder.js';
import { encodeStatus } from './otlp-responses.js';
import { ClientAbortedError } from './read-body.js';
import { ReceiverCounters, type ReceiverStats } from './receiver-stats.js';
import { httpUrl } from './net.js';
import { createRedactor } from '../redaction/create-redactor.js';

export interface OtlpHttpReceiverOptions {
  /** Where decoded rows go; the receiver answers 200 only once `accept` resolved (the rows are durable). */
  readonly ingest: Ingest;
  readonly config: CollectorConfig;
  /** Body → rows; defaults to the real decoder (collector/otlp) with `config.redaction`. */
  readonly decode?: OtlpRequestDecoder;
  /** Where stored requests' agentfleet spans and session events go live (collector/feed/); none: nowhere. */
  readonly feed?: FeedPublisher;
}

export interface ReceiverAddress {
  readonly host: string;
  readonly port: number;
  /** Base URL, e.g. `http://127.0.0.1:4318`; append `/v1/traces` or `/v1/logs`. */
  readonly url: string;
}

/** Lifecycle: `start()` listens; `shutdown()` is idempotent and lets in-flight requests finish. Ingest is the caller's to shut down. */
export interface OtlpHttpReceiver {
  start(): Promise<ReceiverAddress>;
  shutdown(): Promise<void>;
  stats(): ReceiverStats;
}

const SIGNAL_BY_PATH: Readonly<Record<string, Signal>> = {
  '/v1/traces': 'traces',
  '/v1/logs': 'logs',
};

/** Stats label for paths that are not OTLP endpoints, so unknown URLs cannot grow the counters without bound. */
const OTHER_ROUTE = 'other';

function ignoreError(): void {}

/**
 * OTLP/HTTP receiver on node:http (the hot path: no framework). Routes
 * `/v1/traces` and `/v1/logs` to the export pipeline (export-pipeline.ts) and
 * answers 200 with its Export…ServiceResponse, or a 4xx/5xx with a
 * `google.rpc.Status` body; both in the request's encoding, JSON when the
 * request had none OTLP speaks.
 */
export function createOtlpHttpReceiver(options: OtlpHttpReceiverOptions): OtlpHttpReceiver {
  const config = validateCollectorConfig(options.config);
  const counters = new ReceiverCounters();
  const exportPipeline = createExportPipeline({
    ingest: options.ingest,
    config,
    // Other senders (OTel SDKs, agents' own telemetry) redact nothing: the collector applies the shim's filter again.
    decode: options.decode ?? createOtlpRequestDecoder(config.redaction.enabled ? createRedactor(config.redaction) : undefined),
    counters,
    feed: options.feed,
  });
  let stopping = false;

  const server = createServer({
    requestTimeout: config.requestTimeoutMs,
    // Node refuses a headers timeout longer than the request timeout.
    headersTimeout: Math.min(config.requestTimeoutMs, 60_000),
    keepAliveTimeout: config.keepAliveTimeoutMs,
  });

  function send(
    res: ServerResponse,
    route: string,
    status: number,
    encoding: OtlpEncoding,
    body: Buffer,
    headers: Readonly<Record<string, string>> = {},
  ): void {
    counters.countResponse(route, status);
    res.writeHead(status, {
      ...headers,
      'Content-Type': CONTENT_TYPE[encoding],
      'Content-Length': String(body.length),
      // While shutting down, end each connection after its response so close() can finish.
      ...(stopping ? { Connection: 'close' } : {}),
    });
    res.end(body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // A client may abort after its body was read, or while a 413 left the rest unread:
    // that 'error' has nobody to answer, and unhandled it would crash the process.
    req.on('error', ignoreError);
    const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
    const signal = SIGNAL_BY_PATH[path];
    const route = signal === undefined ? OTHER_ROUTE : path;
    try {
      if (signal === undefined) {
        throw new HttpFailure(404, `no OTLP endpoint at ${path}; this receiver serves POST /v1/traces and POST /v1/logs`);
      }
      const { encoding, body } = await exportPipeline(req, path, signal);
      send(res, route, 200, encoding, body);
    } catch (error) {
      if (error instanceof ClientAbortedError) {
        counters.countAborted();
        return;
      }
      const failure = error instanceof HttpFailure ? error : new HttpFailure(500, `internal error: ${String(error)}`);
      const encoding = otlpEncodingOf(req.headers['content-type']) ?? 'json';
      send(res, route, failure.status, encoding, encodeStatus(encoding, failure.grpcCode, failure.message), failure.headers);
    }
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    // Last resort: a bug while answering must cost one connection, not the process.
    handle(req, res).catch(() => res.destroy());
  });

  let started: Promise<ReceiverAddress> | undefined;
  let stopped: Promise<void> | undefined;

  function listen(): Promise<ReceiverAddress> {
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        server.off('error', reject);
        const { port } = server.address() as AddressInfo;
        resolve({ host: config.host, port, url: httpUrl(config.host, port) });
      });
    });
  }

  /**
   * Stops accepting connections, closes idle keep-alive ones, lets requests
   * in flight finish (their connections close after the response) and, after
   * `shutdownGraceMs`, closes whatever is still open.
   */
  async function close(): Promise<void> {
    if (started === undefined) return;
    stopping = true;
    // A start() that failed leaves nothing to close.
    if (!(await started.then(() => true, () => false))) return;
    // close() also ends idle keep-alive connections (Node ≥ 19).
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    const grace = setTimeout(() => server.closeAllConnections(), config.shutdownGraceMs);
    grace.unref();
    await closed;
    clearTimeout(grace);
  }

  return {
    start: () => (started ??= listen()),
    shutdown: () => (stopped ??= close()),
    stats: () => counters.snapshot(),
  };
}
