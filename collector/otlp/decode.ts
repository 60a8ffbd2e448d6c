import type { EncodedRows } from '../../ingest/encoded-rows.js';
import type { ByteRedactor } from '../../redaction/redactor.js';

/** Wire encodings of OTLP/HTTP. */
export type OtlpEncoding = 'protobuf' | 'json';

/** How to decode. */
export interface DecodeOptions {
  /** Applied to attribute values, log bodies and status messages; none: strings are stored as sent. */
  readonly redactor?: ByteRedactor;
}

/** A request decoded to storage rows. */
export interface DecodedRequest {
  readonly rows: EncodedRows;
  /** Items (spans / log records) dropped as invalid; reported in `partial_success`. */
  readonly rejectedItems: number;
  /** Why items were rejected; set when `rejectedItems > 0`. */
  readonly rejectionMessage: string | undefined;
  /** String values the redactor changed. */
  readonly redactedValues: number;
}

/**
 * The request as a whole cannot be decoded (truncated, wrong wire type,
 * invalid JSON, wrong field type …): a permanent error → 400. The message
 * says what and where, e.g. `resource_spans[0].scope_spans[1].spans[3].trace_id:
 * expected 16 bytes, got 5`.
 */
export class OtlpDecodeError extends Error {
  override readonly name = 'OtlpDecodeError';
}
