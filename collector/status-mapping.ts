import { OtlpDecodeError } from './otlp/decode.js';
import { IngestBehindError, IngestUnavailableError } from '../ingest/errors.js';
import { HttpFailure, retryAfterHeader } from './http-failure.js';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A decoder error → 400 (permanent: the client must not retry). Anything but
 * `OtlpDecodeError` is a bug here, not bad input: 500, which OTLP clients do
 * not retry either, so one poison request cannot loop forever.
 */
export function decodeFailure(error: unknown): HttpFailure {
  if (error instanceof OtlpDecodeError) return new HttpFailure(400, `cannot decode request: ${error.message}`);
  return new HttpFailure(500, `internal error while decoding the request: ${messageOf(error)}`);
}

/**
 * An ingest error → the OpenTelemetry Collector's rule: resource exhausted →
 * 429, anything else → 503, both retryable. Ingest's own errors say when to
 * come back (`Retry-After`); an unexpected one leaves the client to its
 * exponential backoff.
 */
export function ingestFailure(error: unknown): HttpFailure {
  if (error instanceof IngestBehindError) {
    return new HttpFailure(429, error.message, retryAfterHeader(error.retryAfterMs));
  }
  if (error instanceof IngestUnavailableError) {
    return new HttpFailure(503, error.message, retryAfterHeader(error.retryAfterMs));
  }
  return new HttpFailure(503, `storing the request failed: ${messageOf(error)}`);
}
