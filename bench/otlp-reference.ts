/**
 * The straightforward way to map OTLP to the ClickHouse exporter's rows:
 * protobufjs objects in, one plain object per row out, written for
 * obviousness rather than speed. It is the decode benchmark's baseline and
 * the oracle the decoder's tests compare against, so it shares no code with
 * collector/otlp.
 *
 * Row values: DateTime64/UInt64 as bigint, UInt8 as number, String as
 * string, Map as [key, value][] (in order), Array as arrays.
 */
import type { Int64, OtlpAnyValue, OtlpKeyValue, OtlpLogsRequest, OtlpTracesRequest } from './otlp-protobufjs.js';

export type RowValue = string | number | bigint | [string, string][] | RowValue[];
export type Row = Record<string, RowValue>;

const SPAN_KINDS = ['SPAN_KIND_UNSPECIFIED', 'SPAN_KIND_INTERNAL', 'SPAN_KIND_SERVER', 'SPAN_KIND_CLIENT', 'SPAN_KIND_PRODUCER', 'SPAN_KIND_CONSUMER'];
const STATUS_CODES = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'];

/** Span rows, and how many spans were rejected for lacking a trace or span id. */
export function referenceTraceRows(request: OtlpTracesRequest): { rows: Row[]; rejected: number } {
  const rows: Row[] = [];
  let rejected = 0;
  for (const rs of request.resourceSpans ?? []) {
    const resourceAttributes = attributeMap(rs.resource?.attributes);
    for (const ss of rs.scopeSpans ?? []) {
      for (const span of ss.spans ?? []) {
        const traceId = idHex(span.traceId);
        const spanId = idHex(span.spanId);
        if (traceId === '' || spanId === '') {
          rejected++;
          continue;
        }
        const start = unsigned(span.startTimeUnixNano);
        const end = unsigned(span.endTimeUnixNano);
        const events = span.events ?? [];
        const links = span.links ?? [];
        rows.push({
          Timestamp: BigInt.asIntN(64, start),
          TraceId: traceId,
          SpanId: spanId,
          ParentSpanId: idHex(span.parentSpanId),
          TraceState: span.traceState ?? '',
          SpanName: span.name ?? '',
          SpanKind: SPAN_KINDS[span.kind ?? 0] ?? '',
          ServiceName: serviceName(resourceAttributes),
          ResourceAttributes: resourceAttributes,
          ScopeName: ss.scope?.name ?? '',
          ScopeVersion: ss.scope?.version ?? '',
          SpanAttributes: attributeMap(span.attributes),
          Duration: end >= start ? end - start : 0n,
          StatusCode: STATUS_CODES[span.status?.code ?? 0] ?? '',
          StatusMessage: span.status?.message ?? '',
          'Events.Timestamp': events.map((e) => BigInt.asIntN(64, unsigned(e.timeUnixNano))),
          'Events.Name': events.map((e) => e.name ?? ''),
          'Events.Attributes': events.map((e) => attributeMap(e.attributes)),
          'Links.TraceId': links.map((l) => idHex(l.traceId)),
          'Links.SpanId': links.map((l) => idHex(l.spanId)),
          'Links.TraceState': links.map((l) => l.traceState ?? ''),
          'Links.Attributes': links.map((l) => attributeMap(l.attributes)),
        });
      }
    }
  }
  return { rows, rejected };
}

export function referenceLogRows(request: OtlpLogsRequest): Row[] {
  const rows: Row[] = [];
  for (const rl of request.resourceLogs ?? []) {
    const resourceAttributes = attributeMap(rl.resource?.attributes);
    for (const sl of rl.scopeLogs ?? []) {
      for (const log of sl.logRecords ?? []) {
        const time = unsigned(log.timeUnixNano);
        rows.push({
          Timestamp: BigInt.asIntN(64, time !== 0n ? time : unsigned(log.observedTimeUnixNano)),
          TraceId: idHex(log.traceId),
          SpanId: idHex(log.spanId),
          TraceFlags: (log.flags ?? 0) & 0xff,
          SeverityText: log.severityText ?? '',
          SeverityNumber: (log.severityNumber ?? 0) & 0xff,
          ServiceName: serviceName(resourceAttributes),
          Body: asString(log.body),
          ResourceSchemaUrl: rl.schemaUrl ?? '',
          ResourceAttributes: resourceAttributes,
          ScopeSchemaUrl: sl.schemaUrl ?? '',
          ScopeName: sl.scope?.name ?? '',
          ScopeVersion: sl.scope?.version ?? '',
          ScopeAttributes: attributeMap(sl.scope?.attributes),
          LogAttributes: attributeMap(log.attributes),
          EventName: log.eventName ?? '',
        });
      }
    }
  }
  return rows;
}

function unsigned(value: Int64 | null | undefined): bigint {
  return value == null ? 0n : BigInt.asUintN(64, BigInt(value.toString()));
}

function idHex(id: Uint8Array | null | undefined): string {
  if (!id || id.every((b) => b === 0)) return '';
  return Buffer.from(id).toString('hex');
}

/** Attributes as a map; a repeated key keeps its last value, placed where it last occurs. */
function attributeMap(attributes: OtlpKeyValue[] | null | undefined): [string, string][] {
  const map = new Map<string, string>();
  for (const kv of attributes ?? []) {
    map.delete(kv.key ?? '');
    map.set(kv.key ?? '', asString(kv.value));
  }
  return [...map];
}

function serviceName(resourceAttributes: [string, string][]): string {
  return new Map(resourceAttributes).get('service.name') ?? '';
}

/** pdata's `Value.AsString()`. */
export function asString(value: OtlpAnyValue | null | undefined): string {
  if (value == null) return '';
  if (value.stringValue != null) return value.stringValue;
  if (value.boolValue != null) return String(value.boolValue);
  if (value.intValue != null) return BigInt.asIntN(64, BigInt(value.intValue.toString())).toString();
  if (value.doubleValue != null) {
    const d = value.doubleValue;
    if (Number.isNaN(d)) return 'json: unsupported value: NaN';
    if (!Number.isFinite(d)) return `json: unsupported value: ${d > 0 ? '+Inf' : '-Inf'}`;
    return goNumber(d);
  }
  if (value.bytesValue != null) return Buffer.from(value.bytesValue).toString('base64');
  if (value.arrayValue != null || value.kvlistValue != null) {
    try {
      return goMarshal(value);
    } catch {
      return ''; // json.Marshal failed (NaN/Inf inside); pdata ignores the error
    }
  }
  return '';
}

/** Go's `json.Marshal` of `Value.AsRaw()`. Throws where Marshal returns an error. */
function goMarshal(value: OtlpAnyValue | null | undefined): string {
  if (value == null) return 'null';
  if (value.stringValue != null) return goQuote(value.stringValue);
  if (value.boolValue != null) return String(value.boolValue);
  if (value.intValue != null) return BigInt.asIntN(64, BigInt(value.intValue.toString())).toString();
  if (value.doubleValue != null) {
    if (!Number.isFinite(value.doubleValue)) throw new Error('json: unsupported value');
    return goNumber(value.doubleValue);
  }
  // AsRaw copies bytes into a fresh slice, nil when empty: Marshal writes null.
  if (value.bytesValue != null) return value.bytesValue.length === 0 ? 'null' : goQuote(Buffer.from(value.bytesValue).toString('base64'));
  if (value.arrayValue != null) return `[${(value.arrayValue.values ?? []).map(goMarshal).join(',')}]`;
  if (value.kvlistValue != null) {
    const map = new Map<string, OtlpAnyValue | null | undefined>();
    for (const kv of value.kvlistValue.values ?? []) map.set(kv.key ?? '', kv.value);
    const keys = [...map.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    return `{${keys.map((k) => `${goQuote(k)}:${goMarshal(map.get(k))}`).join(',')}}`;
  }
  return 'null';
}

/** Go's float64 JSON text: ES6 number formatting, but -0 keeps its sign. */
function goNumber(d: number): string {
  return Object.is(d, -0) ? '-0' : String(d);
}

/** Go's JSON string encoding (HTML-safe), one code point at a time. */
function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c < 0x20 || ch === '<' || ch === '>' || ch === '&' || c === 0x2028 || c === 0x2029) {
      out += `\\u${c.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return `${out}"`;
}
