import type { Signal } from '../../../ingest/schema/otel-tables.js';

/** Families of malformed input; the test reports counts per kind. */
export type MalformedKind =
  | 'truncated protobuf'
  | 'flipped wire type'
  | 'huge length prefix'
  | 'random bytes'
  | 'invalid JSON'
  | 'JSON with wrong field types'
  | 'gzip bomb'
  | 'corrupt gzip'
  | 'missing or wrong content type'
  | 'unsupported content encoding'
  | 'oversized body';

/** One request the receiver must refuse, and how. */
export interface MalformedRequest {
  readonly kind: MalformedKind;
  readonly signal: Signal;
  /** What was damaged, for the failure message. */
  readonly description: string;
  readonly headers: Readonly<Record<string, string>>;
  /** One buffer → Content-Length; several → chunked transfer. */
  readonly body: Buffer | readonly Buffer[];
  readonly expectedStatus: 400 | 413 | 415;
}

export const PROTOBUF = { 'Content-Type': 'application/x-protobuf' } as const;
export const JSON_TYPE = { 'Content-Type': 'application/json' } as const;
