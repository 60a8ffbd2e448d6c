import type { EncodedRows } from '../../ingest/encoded-rows.js';

/** Wire encodings of OTLP/HTTP. */
export type OtlpEncoding = 'protobuf' | 'json';

/** A request decoded to storage rows. */
export interface DecodedRequest {
  readonly rows: EncodedRows;
  /** Items (spans / log records) dropped as invalid; reported in `partial_success`. */
  readonly rejectedItems: number;
  /** Why items were rejected; set when `rejectedItems > 0`. */
  readonly rejectionMessage: string | undefined;
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
