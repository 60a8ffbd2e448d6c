/**
 * The OTLP messages the decoder reads (opentelemetry-proto: collector/
 * {trace,logs}/v1 services, trace/v1, logs/v1, common/v1, resource/v1):
 * field numbers, wire types and value kinds, written once for both the
 * protobuf reader and the OTLP/JSON transcoder. Fields we do not store are
 * listed too, so a known field with the wrong wire type (or JSON type) is an
 * error rather than silently skipped.
 */
import { SEVERITY_NUMBER_NAMES, SPAN_KIND_NAMES, STATUS_CODE_NAMES } from './enums.js';
import { SPAN_ID_BYTES, TRACE_ID_BYTES } from './ids.js';

export const WIRE = {
  varint: 0,
  fixed64: 1,
  len: 2,
  startGroup: 3,
  endGroup: 4,
  fixed32: 5,
} as const;

/** What a field holds; decides its wire type and its OTLP/JSON form. */
export type FieldKind =
  | 'string'
  | 'bytes'
  /** bytes on the wire, a hex string in OTLP/JSON */
  | 'id'
  | 'enum'
  | 'uint32'
  | 'int64'
  | 'bool'
  | 'fixed64'
  | 'double'
  | 'fixed32'
  | 'message';

const WIRE_OF_KIND: Record<FieldKind, number> = {
  string: WIRE.len,
  bytes: WIRE.len,
  id: WIRE.len,
  message: WIRE.len,
  enum: WIRE.varint,
  uint32: WIRE.varint,
  int64: WIRE.varint,
  bool: WIRE.varint,
  fixed64: WIRE.fixed64,
  double: WIRE.fixed64,
  fixed32: WIRE.fixed32,
};

export interface FieldSpec {
  readonly no: number;
  readonly kind: FieldKind;
  readonly repeated: boolean;
  /** kind 'message': its type (a thunk, as AnyValue and ArrayValue refer to each other). */
  readonly type?: () => MessageFields;
  /** kind 'enum': names by value; kind 'id': byte length in `idBytes`. */
  readonly enumNames?: readonly string[];
  readonly idBytes?: number;
}

export interface NamedField extends FieldSpec {
  /** The proto name (`trace_id`), and the OTLP/JSON name (`traceId`). */
  readonly name: string;
  readonly jsonName: string;
  readonly wireType: number;
}

/** One message: tags for the decoder's `switch`, names and wire types by field number, fields for JSON. */
export interface MessageFields<K extends string = string> {
  readonly tags: Readonly<Record<K, number>>;
  readonly names: readonly (string | undefined)[];
  readonly wireTypes: readonly (number | undefined)[];
  readonly fields: readonly NamedField[];
  /** Fields by OTLP/JSON name and by proto name (proto3 JSON parsers accept both). */
  readonly byJsonKey: ReadonlyMap<string, NamedField>;
}

function message<K extends string>(specs: Record<K, FieldSpec>): MessageFields<K> {
  const tags = {} as Record<K, number>;
  const names: (string | undefined)[] = [];
  const wireTypes: (number | undefined)[] = [];
  const fields: NamedField[] = [];
  const byJsonKey = new Map<string, NamedField>();
  for (const name of Object.keys(specs) as K[]) {
    const spec = specs[name];
    const wireType = WIRE_OF_KIND[spec.kind];
    tags[name] = (spec.no << 3) | wireType;
    names[spec.no] = name;
    wireTypes[spec.no] = wireType;
    const field = { ...spec, name, jsonName: name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), wireType };
    fields.push(field);
    byJsonKey.set(field.jsonName, field).set(name, field);
  }
  return { tags, names, wireTypes, fields, byJsonKey };
}

const scalar = (no: number, kind: Exclude<FieldKind, 'message' | 'enum' | 'id'>): FieldSpec => ({ no, kind, repeated: false });
const id = (no: number, idBytes: number): FieldSpec => ({ no, kind: 'id', repeated: false, idBytes });
const enumOf = (no: number, enumNames: readonly string[]): FieldSpec => ({ no, kind: 'enum', repeated: false, enumNames });
const one = (no: number, type: () => MessageFields): FieldSpec => ({ no, kind: 'message', repeated: false, type });
const many = (no: number, type: () => MessageFields): FieldSpec => ({ no, kind: 'message', repeated: true, type });

export const ANY_VALUE = message({
  string_value: scalar(1, 'string'),
  bool_value: scalar(2, 'bool'),
  int_value: scalar(3, 'int64'),
  double_value: scalar(4, 'double'),
  array_value: one(5, (): MessageFields => ARRAY_VALUE),
  kvlist_value: one(6, (): MessageFields => KEY_VALUE_LIST),
  bytes_value: scalar(7, 'bytes'),
});
export const KEY_VALUE = message({ key: scalar(1, 'string'), value: one(2, (): MessageFields => ANY_VALUE) });
export const ARRAY_VALUE = message({ values: many(1, (): MessageFields => ANY_VALUE) });
export const KEY_VALUE_LIST = message({ values: many(1, (): MessageFields => KEY_VALUE) });

/** EntityRef is not stored; its fields are left to the skipper. */
const ENTITY_REF = message({});
export const RESOURCE = message({
  attributes: many(1, () => KEY_VALUE),
  dropped_attributes_count: scalar(2, 'uint32'),
  entity_refs: many(3, () => ENTITY_REF),
});
export const INSTRUMENTATION_SCOPE = message({
  name: scalar(1, 'string'),
  version: scalar(2, 'string'),
  attributes: many(3, () => KEY_VALUE),
  dropped_attributes_count: scalar(4, 'uint32'),
});

export const STATUS = message({ message: scalar(2, 'string'), code: enumOf(3, STATUS_CODE_NAMES) });
export const SPAN_EVENT = message({
  time_unix_nano: scalar(1, 'fixed64'),
  name: scalar(2, 'string'),
  attributes: many(3, () => KEY_VALUE),
  dropped_attributes_count: scalar(4, 'uint32'),
});
export const SPAN_LINK = message({
  trace_id: id(1, TRACE_ID_BYTES),
  span_id: id(2, SPAN_ID_BYTES),
  trace_state: scalar(3, 'string'),
  attributes: many(4, () => KEY_VALUE),
  dropped_attributes_count: scalar(5, 'uint32'),
  flags: scalar(6, 'fixed32'),
});
export const SPAN = message({
  trace_id: id(1, TRACE_ID_BYTES),
  span_id: id(2, SPAN_ID_BYTES),
  trace_state: scalar(3, 'string'),
  parent_span_id: id(4, SPAN_ID_BYTES),
  name: scalar(5, 'string'),
  kind: enumOf(6, SPAN_KIND_NAMES),
  start_time_unix_nano: scalar(7, 'fixed64'),
  end_time_unix_nano: scalar(8, 'fixed64'),
  attributes: many(9, () => KEY_VALUE),
  dropped_attributes_count: scalar(10, 'uint32'),
  events: many(11, () => SPAN_EVENT),
  dropped_events_count: scalar(12, 'uint32'),
  links: many(13, () => SPAN_LINK),
  dropped_links_count: scalar(14, 'uint32'),
  status: one(15, () => STATUS),
  flags: scalar(16, 'fixed32'),
});

export const LOG_RECORD = message({
  time_unix_nano: scalar(1, 'fixed64'),
  severity_number: enumOf(2, SEVERITY_NUMBER_NAMES),
  severity_text: scalar(3, 'string'),
  body: one(5, () => ANY_VALUE),
  attributes: many(6, () => KEY_VALUE),
  dropped_attributes_count: scalar(7, 'uint32'),
  flags: scalar(8, 'fixed32'),
  trace_id: id(9, TRACE_ID_BYTES),
  span_id: id(10, SPAN_ID_BYTES),
  observed_time_unix_nano: scalar(11, 'fixed64'),
  event_name: scalar(12, 'string'),
});

/**
 * ResourceSpans/ResourceLogs and ScopeSpans/ScopeLogs share their layout
 * (field 1 the resource or scope, 2 the repeated children, 3 schema_url),
 * which lets one walker serve both signals; only the names differ.
 */
export const SCOPE_SPANS = message({
  scope: one(1, () => INSTRUMENTATION_SCOPE),
  spans: many(2, () => SPAN),
  schema_url: scalar(3, 'string'),
});
export const SCOPE_LOGS = message({
  scope: one(1, () => INSTRUMENTATION_SCOPE),
  log_records: many(2, () => LOG_RECORD),
  schema_url: scalar(3, 'string'),
});
export const RESOURCE_SPANS = message({
  resource: one(1, () => RESOURCE),
  scope_spans: many(2, () => SCOPE_SPANS),
  schema_url: scalar(3, 'string'),
});
export const RESOURCE_LOGS = message({
  resource: one(1, () => RESOURCE),
  scope_logs: many(2, () => SCOPE_LOGS),
  schema_url: scalar(3, 'string'),
});
/** Tags of that shared layout. */
export const CONTAINER_TAGS = {
  head: (1 << 3) | WIRE.len,
  children: (2 << 3) | WIRE.len,
  schemaUrl: (3 << 3) | WIRE.len,
} as const;

export const EXPORT_TRACE_SERVICE_REQUEST = message({ resource_spans: many(1, () => RESOURCE_SPANS) });
export const EXPORT_LOGS_SERVICE_REQUEST = message({ resource_logs: many(1, () => RESOURCE_LOGS) });
