import type { DecodedRequest, OtlpEncoding } from './otlp/decode.js';
import type { Signal } from '../ingest/schema/otel-tables.js';
import type { ByteRedactor } from '../redaction/redactor.js';
import { decodeLogsRequest, decodeTracesRequest } from './otlp/index.js';

/** Turns a decompressed OTLP request body into storage rows; throws `OtlpDecodeError` for bad input. */
export type OtlpRequestDecoder = (
  signal: Signal,
  body: Buffer,
  encoding: OtlpEncoding,
) => DecodedRequest | Promise<DecodedRequest>;

/** The real decoder (collector/otlp), one entry point per signal; string values pass through `redactor` when given. */
export function createOtlpRequestDecoder(redactor: ByteRedactor | undefined): OtlpRequestDecoder {
  const options = { redactor };
  return (signal, body, encoding) =>
    signal === 'traces' ? decodeTracesRequest(body, encoding, options) : decodeLogsRequest(body, encoding, options);
}
