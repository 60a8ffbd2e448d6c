import type { DecodedRequest, DecodeOptions, OtlpEncoding } from './decode.js';
import { JsonTranscoder } from './json-transcoder.js';
import { decodeLogsProtobuf } from './logs-decoder.js';
import { EXPORT_LOGS_SERVICE_REQUEST, EXPORT_TRACE_SERVICE_REQUEST } from './proto-fields.js';
import { decodeTracesProtobuf } from './traces-decoder.js';

/** OTLP/JSON goes through protobuf, so both encodings share one mapping to rows. */
const json = new JsonTranscoder();

/** ExportTraceServiceRequest → `otel_traces` rows; throws `OtlpDecodeError` when it cannot be decoded. */
export function decodeTracesRequest(body: Buffer, encoding: OtlpEncoding, options: DecodeOptions = {}): DecodedRequest {
  return decodeTracesProtobuf(encoding === 'json' ? json.transcode(body, EXPORT_TRACE_SERVICE_REQUEST) : body, options);
}

/** ExportLogsServiceRequest → `otel_logs` rows; throws `OtlpDecodeError` when it cannot be decoded. */
export function decodeLogsRequest(body: Buffer, encoding: OtlpEncoding, options: DecodeOptions = {}): DecodedRequest {
  return decodeLogsProtobuf(encoding === 'json' ? json.transcode(body, EXPORT_LOGS_SERVICE_REQUEST) : body, options);
}
