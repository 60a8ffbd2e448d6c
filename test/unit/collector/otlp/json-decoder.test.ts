import { describe, expect, it } from 'vitest';
import { decodeLogsRequest, decodeTracesRequest, OtlpDecodeError } from '../../../../collector/otlp/index.js';
import { LOGS_INSERT_COLUMNS, TRACES_INSERT_COLUMNS } from '../../../../ingest/schema/otel-tables.js';
import { readRows } from '../../../helpers/rowbinary-reader.js';

const TRACE_ID = '0102030405060708090a0b0c0d0e0f10';
const SPAN_ID = 'a1a2a3a4a5a6a7a8';

/** A traces request in OTLP/JSON around the given span fields. */
function tracesJson(span: Record<string, unknown>, extra: Record<string, unknown> = {}): Buffer {
  return Buffer.from(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: TRACE_ID, spanId: SPAN_ID, ...span }] }] }], ...extra }));
}

const rowsOf = (body: Buffer | string) => readRows(decodeTracesRequest(Buffer.from(body), 'json').rows.data, TRACES_INSERT_COLUMNS);
const failure = (body: Buffer | string) => () => decodeTracesRequest(Buffer.from(body), 'json');

describe('the OTLP/JSON decoder', () => {
  it('reads lowerCamelCase and proto field names alike', () => {
    const camel = { name: 'op', startTimeUnixNano: '1000', endTimeUnixNano: '3000', parentSpanId: SPAN_ID, attributes: [{ key: 'k', value: { intValue: '5' } }] };
    const snake = { name: 'op', start_time_unix_nano: '1000', end_time_unix_nano: '3000', parent_span_id: SPAN_ID, attributes: [{ key: 'k', value: { int_value: '5' } }] };
    expect(rowsOf(tracesJson(snake))).toEqual(rowsOf(tracesJson(camel)));
    expect(rowsOf(tracesJson(camel))[0]).toMatchObject({ Duration: 2000n, ParentSpanId: SPAN_ID, SpanAttributes: [['k', '5']] });
  });

  it('reads enums as numbers or names', () => {
    const [row] = rowsOf(tracesJson({ kind: 'SPAN_KIND_SERVER', status: { code: 'STATUS_CODE_ERROR' } }));
    expect(row).toMatchObject({ SpanKind: 'SPAN_KIND_SERVER', StatusCode: 'STATUS_CODE_ERROR' });
    expect(rowsOf(tracesJson({ kind: 4, status: { code: 1 } }))[0]).toMatchObject({ SpanKind: 'SPAN_KIND_PRODUCER', StatusCode: 'STATUS_CODE_OK' });
    const logs = Buffer.from(JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ severityNumber: 'SEVERITY_NUMBER_WARN2' }] }] }] }));
    expect(readRows(decodeLogsRequest(logs, 'json').rows.data, LOGS_INSERT_COLUMNS)[0]!.SeverityNumber).toBe(14);
    expect(failure(tracesJson({ kind: 'SPAN_KIND_NOPE' }))).toThrow('resourceSpans[0].scopeSpans[0].spans[0].kind: expected an integer, got "SPAN_KIND_NOPE"');
  });

  it('reads 64-bit integers as strings exactly, or as numbers', () => {
    const attributes = [
      { key: 'big', value: { intValue: '-9223372036854775808' } },
      { key: 'num', value: { intValue: 42 } },
    ];
    const [row] = rowsOf(tracesJson({ startTimeUnixNano: '18446744073709551615', endTimeUnixNano: 5, attributes }));
    expect(row).toMatchObject({ Timestamp: -1n, Duration: 0n, SpanAttributes: [['big', '-9223372036854775808'], ['num', '42']] });
    expect(failure(tracesJson({ startTimeUnixNano: '18446744073709551616' }))).toThrow('startTimeUnixNano: "18446744073709551616" is out of range for uint64');
    expect(failure(tracesJson({ startTimeUnixNano: '-1' }))).toThrow('out of range for uint64');
    expect(failure(tracesJson({ attributes: [{ key: 'x', value: { intValue: 1.5 } }] }))).toThrow('attributes[0].value.intValue: expected an integer');
  });

  it('reads doubles as numbers or the strings NaN, Infinity, -Infinity', () => {
    const values = [1.25, 'NaN', 'Infinity', '-Infinity', '-0'].map((doubleValue, i) => ({ key: `d${i}`, value: { doubleValue } }));
    expect(rowsOf(tracesJson({ attributes: values }))[0]!.SpanAttributes).toEqual([
      ['d0', '1.25'],
      ['d1', 'json: unsupported value: NaN'],
      ['d2', 'json: unsupported value: +Inf'],
      ['d3', 'json: unsupported value: -Inf'],
      ['d4', '-0'],
    ]);
  });

  it('reads bytes as standard or URL-safe base64 and rejects anything else', () => {
    const attributes = [
      { key: 'std', value: { bytesValue: '+/8=' } },
      { key: 'url', value: { bytesValue: '-_8' } },
    ];
    expect(rowsOf(tracesJson({ attributes }))[0]!.SpanAttributes).toEqual([
      ['std', '+/8='],
      ['url', '+/8='],
    ]);
    expect(failure(tracesJson({ attributes: [{ key: 'b', value: { bytesValue: 'not base64!' } }] }))).toThrow('attributes[0].value.bytesValue: invalid base64');
  });

  it('reads ids as hex in either case and rejects base64 ids with a clear message', () => {
    expect(rowsOf(tracesJson({ traceId: TRACE_ID.toUpperCase() }))[0]!.TraceId).toBe(TRACE_ID);
    const base64Id = Buffer.from(TRACE_ID, 'hex').toString('base64');
    expect(failure(tracesJson({ traceId: base64Id }))).toThrow(
      new OtlpDecodeError(`resourceSpans[0].scopeSpans[0].spans[0].traceId: expected 32 hex digits (OTLP/JSON ids are hex, not base64), got "${base64Id}"`),
    );
    expect(failure(tracesJson({ spanId: 'abc' }))).toThrow('spans[0].spanId: expected 16 hex digits, got 3');
    expect(decodeTracesRequest(tracesJson({ traceId: '' }), 'json').rejectedItems).toBe(1);
  });

  it('ignores unknown fields and reads null as absent', () => {
    const body = tracesJson({ name: null, futureField: { nested: [1, 2] }, attributes: [{ key: 'k', value: { stringValue: 'v', futureValue: 1 } }] }, { somethingElse: true });
    expect(rowsOf(body)[0]).toMatchObject({ SpanName: '', SpanAttributes: [['k', 'v']] });
    expect(rowsOf('{}')).toEqual([]);
  });

  it('rejects fields of the wrong JSON type, naming the path', () => {
    expect(failure(tracesJson({ name: 7 }))).toThrow(new OtlpDecodeError('resourceSpans[0].scopeSpans[0].spans[0].name: expected a string, got 7'));
    expect(failure(tracesJson({ attributes: {} }))).toThrow('resourceSpans[0].scopeSpans[0].spans[0].attributes: expected an array, got an object');
    expect(failure(tracesJson({ status: 'ok' }))).toThrow('spans[0].status: expected an object, got "ok"');
    expect(failure(tracesJson({ attributes: [{ key: 'k', value: { boolValue: 'true' } }] }))).toThrow('attributes[0].value.boolValue: expected true or false, got "true"');
    expect(failure('{"resourceSpans":[7]}')).toThrow('resourceSpans[0]: expected an object, got 7');
    expect(failure('[]')).toThrow('expected a JSON object, got an array');
  });

  it('reports JSON syntax errors and bodies that are not UTF-8', () => {
    expect(failure('{"resourceSpans":[')).toThrow(/^invalid JSON: /);
    expect(failure('{"resourceSpans":[')).toThrow(OtlpDecodeError);
    expect(failure(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]))).toThrow('invalid JSON: the body is not valid UTF-8');
  });
});
