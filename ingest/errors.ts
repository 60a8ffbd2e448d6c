/**
 * Errors that travel back from ingest to the receiver. Each maps to one HTTP
 * status (OpenTelemetry Collector's rule: permanent → 400, resource
 * exhausted → 429, anything else → 503), so the receiver needs no knowledge
 * of why ingest said no.
 */

/** Ingest is behind (write-ahead log full): retry later. → 429 with Retry-After. */
export class IngestBehindError extends Error {
  override readonly name = 'IngestBehindError';
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
  }
}

/** Ingest cannot accept right now (shutting down, disk error). → 503 with Retry-After. */
export class IngestUnavailableError extends Error {
  override readonly name = 'IngestUnavailableError';
  constructor(
    message: string,
    readonly retryAfterMs: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
