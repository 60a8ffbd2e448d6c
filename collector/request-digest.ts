import { createHash } from 'node:crypto';
import type { OtlpEncoding } from './otlp/decode.js';
import type { Signal } from '../ingest/schema/otel-tables.js';

/**
 * Identifies a request as the client sent it, so ingest can answer a retry
 * with `duplicate`: sha256 over signal, encoding and the decompressed body
 * (gzip output differs between client libraries; the payload does not). The
 * signal is included so an empty traces request and an empty logs request
 * are not taken for the same one.
 */
export function requestDigest(signal: Signal, encoding: OtlpEncoding, body: Buffer): string {
  return createHash('sha256').update(`${signal}\0${encoding}\0`).update(body).digest('hex');
}
