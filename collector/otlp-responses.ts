import type { OtlpEncoding } from './otlp/decode.js';
import type { Signal } from '../ingest/schema/otel-tables.js';
import type { GrpcCode } from './http-failure.js';

/**
 * Response bodies, encoded by hand: each is at most two fields, so a
 * protobuf library would cost more than it saves.
 *   Export{Trace,Logs}ServiceResponse { Export…PartialSuccess partial_success = 1; }
 *   Export…PartialSuccess { int64 rejected_{spans,log_records} = 1; string error_message = 2; }
 *   google.rpc.Status { int32 code = 1; string message = 2; }
 */

/** Messages are for people; keeping them short keeps responses far below the spec's 4 MiB response limit. */
const MAX_MESSAGE_CHARS = 4096;

function clip(message: string): string {
  return message.length <= MAX_MESSAGE_CHARS ? message : `${message.slice(0, MAX_MESSAGE_CHARS - 1)}…`;
}

function varint(value: number): number[] {
  const bytes: number[] = [];
  let v = value;
  while (v > 0x7f) {
    bytes.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  bytes.push(v);
  return bytes;
}

const WIRE_VARINT = 0;
const WIRE_LEN = 2;

function varintField(fieldNumber: number, value: number): Buffer {
  return value === 0 ? Buffer.alloc(0) : Buffer.from([...varint((fieldNumber << 3) | WIRE_VARINT), ...varint(value)]);
}

function bytesField(fieldNumber: number, payload: Buffer): Buffer {
  if (payload.length === 0) return payload;
  return Buffer.concat([Buffer.from([...varint((fieldNumber << 3) | WIRE_LEN), ...varint(payload.length)]), payload]);
}

/** Items the decoder rejected (`rejectedItems > 0`), reported as `partial_success`. */
export interface PartialSuccess {
  readonly rejectedItems: number;
  readonly errorMessage: string;
}

const REJECTED_FIELD_JSON: Readonly<Record<Signal, string>> = {
  traces: 'rejectedSpans',
  logs: 'rejectedLogRecords',
};

/**
 * `ExportTraceServiceResponse` / `ExportLogsServiceResponse`. The spec wants
 * `partial_success` unset on full success, so it is present only when items
 * were rejected. JSON follows the OTLP mapping: lowerCamelCase keys, int64 as
 * a decimal string.
 */
export function encodeExportResponse(
  signal: Signal,
  encoding: OtlpEncoding,
  partial: PartialSuccess | undefined,
): Buffer {
  if (encoding === 'json') {
    const body =
      partial === undefined
        ? {}
        : {
            partialSuccess: {
              [REJECTED_FIELD_JSON[signal]]: String(partial.rejectedItems),
              errorMessage: clip(partial.errorMessage),
            },
          };
    return Buffer.from(JSON.stringify(body));
  }
  if (partial === undefined) return Buffer.alloc(0);
  const partialSuccess = Buffer.concat([
    varintField(1, partial.rejectedItems),
    bytesField(2, Buffer.from(clip(partial.errorMessage))),
  ]);
  return bytesField(1, partialSuccess);
}

/** `google.rpc.Status { code, message }`, the body of every 4xx/5xx. */
export function encodeStatus(encoding: OtlpEncoding, code: GrpcCode, message: string): Buffer {
  const text = clip(message);
  if (encoding === 'json') return Buffer.from(JSON.stringify({ code, message: text }));
  return Buffer.concat([varintField(1, code), bytesField(2, Buffer.from(text))]);
}
