/**
 * Typed access to the protobufjs static code of the official OTLP protos
 * (`otlp-protobufjs`, an alias of @opentelemetry/otlp-transformer 0.57,
 * a devDependency): the reference encoder/decoder for fixtures, the decode
 * benchmark's baseline and the decoder's cross-check tests.
 *
 * Those protos predate LogRecord.event_name (field 12): it is added here by
 * wrapping LogRecord's encode/decode/toObject/fromObject, so fixtures and
 * the reference cover the EventName column too.
 */
import protobuf from 'protobufjs/minimal.js';
import root from 'otlp-protobufjs/build/src/generated/root.js';

/** A protobufjs Long (int64/fixed64 values decode to these). */
export interface LongLike {
  readonly low: number;
  readonly high: number;
  readonly unsigned: boolean;
  toString(): string;
}

/** 64-bit integers: protobufjs accepts numbers, decimal strings and Longs, and decodes to Longs. */
export type Int64 = number | string | LongLike;

export interface OtlpAnyValue {
  stringValue?: string | null;
  boolValue?: boolean | null;
  intValue?: Int64 | null;
  doubleValue?: number | null;
  arrayValue?: { values?: OtlpAnyValue[] } | null;
  kvlistValue?: { values?: OtlpKeyValue[] } | null;
  bytesValue?: Uint8Array | null;
}

export interface OtlpKeyValue {
  key?: string | null;
  value?: OtlpAnyValue | null;
}

export interface OtlpResource {
  attributes?: OtlpKeyValue[];
  droppedAttributesCount?: number | null;
}

export interface OtlpScope {
  name?: string | null;
  version?: string | null;
  attributes?: OtlpKeyValue[];
  droppedAttributesCount?: number | null;
}

export interface OtlpEvent {
  timeUnixNano?: Int64 | null;
  name?: string | null;
  attributes?: OtlpKeyValue[];
}

export interface OtlpLink {
  traceId?: Uint8Array | null;
  spanId?: Uint8Array | null;
  traceState?: string | null;
  attributes?: OtlpKeyValue[];
}

export interface OtlpSpan {
  traceId?: Uint8Array | null;
  spanId?: Uint8Array | null;
  traceState?: string | null;
  parentSpanId?: Uint8Array | null;
  name?: string | null;
  kind?: number | null;
  startTimeUnixNano?: Int64 | null;
  endTimeUnixNano?: Int64 | null;
  attributes?: OtlpKeyValue[];
  events?: OtlpEvent[];
  links?: OtlpLink[];
  status?: { message?: string | null; code?: number | null } | null;
}

export interface OtlpLogRecord {
  timeUnixNano?: Int64 | null;
  observedTimeUnixNano?: Int64 | null;
  severityNumber?: number | null;
  severityText?: string | null;
  body?: OtlpAnyValue | null;
  attributes?: OtlpKeyValue[];
  flags?: number | null;
  traceId?: Uint8Array | null;
  spanId?: Uint8Array | null;
  eventName?: string | null;
}

export interface OtlpTracesRequest {
  resourceSpans?: {
    resource?: OtlpResource | null;
    schemaUrl?: string | null;
    scopeSpans?: { scope?: OtlpScope | null; schemaUrl?: string | null; spans?: OtlpSpan[] }[];
  }[];
}

export interface OtlpLogsRequest {
  resourceLogs?: {
    resource?: OtlpResource | null;
    schemaUrl?: string | null;
    scopeLogs?: { scope?: OtlpScope | null; schemaUrl?: string | null; logRecords?: OtlpLogRecord[] }[];
  }[];
}

interface ConversionOptions {
  longs?: unknown;
  enums?: unknown;
  bytes?: unknown;
  json?: boolean;
}

/** What protobufjs generates for a message type. */
export interface MessageType<T> {
  encode(message: T, writer?: unknown): { finish(): Uint8Array };
  decode(reader: Uint8Array | protobuf.Reader, length?: number): T;
  toObject(message: T, options?: ConversionOptions): Record<string, unknown>;
  fromObject(object: Record<string, unknown>): T;
}

interface OtlpRoot {
  opentelemetry: {
    proto: {
      collector: {
        trace: { v1: { ExportTraceServiceRequest: MessageType<OtlpTracesRequest> } };
        logs: { v1: { ExportLogsServiceRequest: MessageType<OtlpLogsRequest> } };
      };
      logs: { v1: { LogRecord: MessageType<OtlpLogRecord> } };
    };
  };
}

const proto = (root as unknown as OtlpRoot).opentelemetry.proto;

export const ExportTraceServiceRequest = proto.collector.trace.v1.ExportTraceServiceRequest;
export const ExportLogsServiceRequest = proto.collector.logs.v1.ExportLogsServiceRequest;

const EVENT_NAME_TAG = (12 << 3) | 2;

function addEventName(LogRecord: MessageType<OtlpLogRecord>): void {
  const { encode, decode, toObject, fromObject } = LogRecord;
  LogRecord.encode = (message, writer) => {
    const w = encode.call(LogRecord, message, writer) as unknown as protobuf.Writer;
    if (message.eventName) w.uint32(EVENT_NAME_TAG).string(message.eventName);
    return w;
  };
  LogRecord.decode = (reader, length) => {
    const bytes = reader instanceof Uint8Array ? reader : reader.buf;
    const start = reader instanceof Uint8Array ? 0 : reader.pos;
    const end = length === undefined ? bytes.length : start + length;
    const message = decode.call(LogRecord, reader, length);
    const fields = protobuf.Reader.create(bytes.subarray(start, end));
    while (fields.pos < fields.len) {
      const tag = fields.uint32();
      if (tag === EVENT_NAME_TAG) message.eventName = fields.string();
      else fields.skipType(tag & 7);
    }
    return message;
  };
  LogRecord.toObject = (message, options) => {
    const object = toObject.call(LogRecord, message, options);
    if (message.eventName) object.eventName = message.eventName;
    return object;
  };
  LogRecord.fromObject = (object) => {
    const message = fromObject.call(LogRecord, object);
    if (typeof object.eventName === 'string') message.eventName = object.eventName;
    return message;
  };
}
addEventName(proto.logs.v1.LogRecord);

const ID_FIELDS = new Set(['traceId', 'spanId', 'parentSpanId']);

/** OTLP/JSON (parsed) → protobufjs message: `fromObject` wants ids in base64, OTLP/JSON has them in hex. */
export function fromOtlpJson<T>(type: MessageType<T>, json: Record<string, unknown>): T {
  const base64Ids = (value: unknown, key = ''): unknown => {
    if (typeof value === 'string' && ID_FIELDS.has(key)) return Buffer.from(value, 'hex').toString('base64');
    if (Array.isArray(value)) return value.map((item) => base64Ids(item));
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, base64Ids(v, k)]));
    }
    return value;
  };
  return type.fromObject(base64Ids(json) as Record<string, unknown>);
}
