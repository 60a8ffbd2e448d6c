import { defaultRedactionConfig, validateRedactionConfig, type RedactionConfig } from '../redaction/config.js';
import { isLoopbackHost } from './net.js';

/** Settings of the OTLP/HTTP receiver. */
export interface CollectorConfig {
  /** Interface to bind. Loopback by default: anything else needs `authToken`. */
  readonly host: string;
  /** TCP port; 4318 is the OTLP/HTTP default every OTel SDK uses. 0 picks a free port. */
  readonly port: number;
  /** Largest request body as received (before decompression); larger → 413. */
  readonly maxRequestBodyBytes: number;
  /** Largest body after decompression (the spec's recommended 64 MiB); larger → 413. */
  readonly maxDecompressedBodyBytes: number;
  /** When set, every request needs `Authorization: Bearer <authToken>` (else 401). */
  readonly authToken: string | undefined;
  /** Time a client has to send its whole request (headers and body) before the connection is dropped. */
  readonly requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open; OTLP clients reuse connections between exports. */
  readonly keepAliveTimeoutMs: number;
  /** How long `shutdown()` waits for in-flight requests before closing their connections. */
  readonly shutdownGraceMs: number;
  /** Secrets in attribute values, log bodies and status messages are replaced by markers before storage (on by default). */
  readonly redaction: RedactionConfig;
}

const MiB = 1024 * 1024;

export function defaultCollectorConfig(): CollectorConfig {
  return {
    host: '127.0.0.1',
    port: 4318,
    maxRequestBodyBytes: 16 * MiB,
    maxDecompressedBodyBytes: 64 * MiB,
    authToken: undefined,
    requestTimeoutMs: 30_000,
    keepAliveTimeoutMs: 65_000,
    shutdownGraceMs: 10_000,
    redaction: defaultRedactionConfig(),
  };
}

/** Throws with a message naming the bad field; returns the config unchanged otherwise. */
export function validateCollectorConfig(config: CollectorConfig): CollectorConfig {
  if (!isLoopbackHost(config.host) && !config.authToken) {
    throw new Error(
      `collector: refusing to listen on ${config.host} without an auth token; ` +
        'set authToken (clients then send "Authorization: Bearer <token>") or bind 127.0.0.1',
    );
  }
  if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65_535) {
    throw new Error(`collector: port must be an integer from 0 to 65535, got ${config.port}`);
  }
  const positive: ReadonlyArray<keyof CollectorConfig> = [
    'maxRequestBodyBytes',
    'maxDecompressedBodyBytes',
    'requestTimeoutMs',
    'keepAliveTimeoutMs',
  ];
  for (const key of positive) {
    const value = config[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new Error(`collector: ${key} must be a positive number, got ${String(value)}`);
    }
  }
  if (!(config.shutdownGraceMs >= 0)) {
    throw new Error(`collector: shutdownGraceMs must be 0 or more, got ${config.shutdownGraceMs}`);
  }
  try {
    validateRedactionConfig(config.redaction);
  } catch (error) {
    throw new Error(`collector: ${(error as Error).message}`);
  }
  return config;
}
