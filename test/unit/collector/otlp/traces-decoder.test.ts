import { describe, expect, it } from 'vitest';
import { agentTraceRequest } from '../../../../bench/otlp-fixtures.js';
import { ExportTraceServiceRequest, type OtlpKeyValue, type OtlpSpan } from '../../../../bench/otlp-protobufjs.js';
import { decodeTracesRequest, OtlpDecodeError } from '../../../../collector/otlp/index.js';
import { TRACES_INSERT_COLUMNS } from '../../../../ingest/schema/otel-tables.js';
import { SCOPE_NAME } from '../../../../semconv/index.js';
import { fixed32Field, fixed64Field, groupField, lenField, tagBytes, varintBytes, varintField } from '../../../helpers/proto-bytes.js';
import { randomTracesRequest } from '../../../helpers/random-otlp.js';
import { readRows } from '../../../helpers/rowbinary-reader.js';

const traceId = Buffer.from('0102030405060708090a0b0c0d0e0f10', 'hex');
const spanId = Buffer.from('a1a2a3a4a5a6a7a8', 'hex');

function encode(spans: OtlpSpan[], serviceAttributes: OtlpKeyValue[] = [{ key: 'service.name', value: { stringValue: 'agent-a' } }]): Buffer {
  return Buffer.from(
    ExportTraceServiceRequest.encode({
      resourceSpans: [{ resource: { attributes: serviceAttributes }, scopeSpans: [{ scope: { name: 'agentfleet', version: '1.2' }, spans }] }],
    }).finish(),
  );
}

const rowsOf = (body: Buffer) => readRows(decodeTracesRequest(body, 'protobuf').rows.data, TRACES_INSERT_COLUMNS);

/** Nesting of the messages whose fields `reverseFields` reorders: field number → its message's nesting. */
type Nesting = { readonly [fieldNo: number]: Nesting };
const SPAN_NESTING: Nesting = { 9: {}, 11: { 3: {} }, 13: { 4: {} }, 15: {} };
const TRACES_NESTING: Nesting = { 1: { 1: { 1: {} }, 2: { 1: {}, 2: SPAN_NESTING } } };

/** The same message with its fields in descending field-number order (repeated fields keep their order), recursively. */
function reverseFields(bytes: Buffer, nesting: Nesting): Buffer {
  const fields: { no: number; bytes: Buffer }[] = [];
  let at = 0;
  const varint = () => {
    let value = 0;
    for (let shift = 1; ; shift *= 128) {
      const b = bytes[at++]!;
      value += (b & 0x7f) * shift;
      if (b < 0x80) return value;
    }
  };
  while (at < bytes.length) {
    const tag = varint();
    const no = Math.floor(tag / 8);
    const wire = tag % 8;
    if (wire === 0) {
      const start = at;
      varint();
      fields.push({ no, bytes: Buffer.concat([varintBytes(tag), bytes.subarray(start, at)]) });
    } else if (wire === 1 || wire === 5) {
      const size = wire === 1 ? 8 : 4;
      fields.push({ no, bytes: Buffer.concat([varintBytes(tag), bytes.subarray(at, at + size)]) });
      at += size;
    } else {
      const length = varint();
      const content = bytes.subarray(at, at + length);
      at += length;
      fields.push({ no, bytes: lenField(no, nesting[no] ? reverseFields(content, nesting[no]!) : content) });
    }
  }
  return Buffer.concat(fields.sort((a, b) => b.no - a.no).map((f) => f.bytes));
}

describe('the traces decoder', () => {
  it('maps an agent span to the exporter columns', () => {
    const [row] = rowsOf(
      encode([
        {
          traceId,
          spanId,
          parentSpanId: Buffer.from('0000000000000001', 'hex'),
          traceState: 'vendor=x',
          name: 'execute_tool Edit',
          kind: 3,
          startTimeUnixNano: '1748779200000000123',
          endTimeUnixNano: '1748779201500000000',
          attributes: [{ key: 'gen_ai.tool.name', value: { stringValue: 'Edit' } }, { key: 'n', value: { intValue: 3 } }],
          events: [{ timeUnixNano: '1748779200100000000', name: 'retry', attributes: [{ key: 'attempt', value: { intValue: 2 } }] }],
          links: [{ traceId, spanId, traceState: 'a=b', attributes: [{ key: 'rel', value: { stringValue: 'follows' } }] }],
          status: { code: 2, message: 'exit code 1' },
        },
      ]),
    );
    expect(row).toEqual({
      Timestamp: 1748779200000000123n,
      TraceId: '0102030405060708090a0b0c0d0e0f10',
      SpanId: 'a1a2a3a4a5a6a7a8',
      ParentSpanId: '0000000000000001',
      TraceState: 'vendor=x',
      SpanName: 'execute_tool Edit',
      SpanKind: 'SPAN_KIND_CLIENT',
      ServiceName: 'agent-a',
      ResourceAttributes: [['service.name', 'agent-a']],
      ScopeName: 'agentfleet',
      ScopeVersion: '1.2',
      SpanAttributes: [
        ['gen_ai.tool.name', 'Edit'],
        ['n', '3'],
      ],
      Duration: 1499999877n,
      StatusCode: 'STATUS_CODE_ERROR',
      StatusMessage: 'exit code 1',
      'Events.Timestamp': [1748779200100000000n],
      'Events.Name': ['retry'],
      'Events.Attributes': [[['attempt', '2']]],
      'Links.TraceId': ['0102030405060708090a0b0c0d0e0f10'],
      'Links.SpanId': ['a1a2a3a4a5a6a7a8'],
      'Links.TraceState': ['a=b'],
      'Links.Attributes': [[['rel', 'follows']]],
    });
  });

  it('decodes the benchmark fixture with every span kept', () => {
    const decoded = decodeTracesRequest(agentTraceRequest({ spans: 64, seed: 3 }), 'protobuf');
    const rows = readRows(decoded.rows.data, TRACES_INSERT_COLUMNS);
    expect(decoded.rows.rowCount).toBe(64);
    expect(decoded.rejectedItems).toBe(0);
    expect(new Set(rows.map((r) => r.ScopeName))).toEqual(new Set([SCOPE_NAME]));
    expect(rows.filter((r) => r.SpanName === 'file.edit')).toHaveLength(16);
  });

  it('computes durations exactly in 64 bits and stores 0 when the end precedes the start', () => {
    const span = (start: string, end: string): OtlpSpan => ({ traceId, spanId, startTimeUnixNano: start, endTimeUnixNano: end });
    const rows = rowsOf(encode([span('4294967295', '4294967296'), span('0', '18446744073709551615'), span('10', '9'), span('9223372036854775808', '9223372036854775809')]));
    expect(rows.map((r) => r.Duration)).toEqual([1n, 18446744073709551615n, 0n, 1n]);
    // DateTime64 is an Int64: start times past 2^63 wrap, as Go's int64 conversion does.
    expect(rows[3]!.Timestamp).toBe(-9223372036854775808n);
  });

  it('rejects spans without a trace or span id as a partial success', () => {
    const decoded = decodeTracesRequest(
      encode([{ traceId, spanId }, { spanId }, { traceId, spanId: Buffer.alloc(8) }, { traceId: Buffer.alloc(16), spanId }, { traceId, spanId }]),
      'protobuf',
    );
    expect(decoded.rows.rowCount).toBe(2);
    expect(decoded.rejectedItems).toBe(3);
    expect(decoded.rejectionMessage).toBe('3 spans rejected; first: resource_spans[0].scope_spans[0].spans[1]: trace_id is missing or all zeros');
  });

  it('fails the request on an id of the wrong length, naming it', () => {
    const body = Buffer.from(
      ExportTraceServiceRequest.encode({
        resourceSpans: [{ scopeSpans: [{ spans: [] }, { spans: [{ traceId, spanId }, {}, {}, { traceId, spanId: Buffer.alloc(5, 1) }] }] }],
      }).finish(),
    );
    expect(() => decodeTracesRequest(body, 'protobuf')).toThrow(
      new OtlpDecodeError('resource_spans[0].scope_spans[1].spans[3].span_id: expected 8 bytes, got 5'),
    );
    expect(() => rowsOf(encode([{ traceId, spanId, parentSpanId: Buffer.alloc(9) }]))).toThrow('spans[0].parent_span_id: expected 8 bytes, got 9');
    expect(() => rowsOf(encode([{ traceId, spanId, links: [{ traceId: Buffer.alloc(15, 1) }] }]))).toThrow('spans[0].links[0].trace_id: expected 16 bytes, got 15');
  });

  it("stores unset parent and link ids as '' and unknown enum values as ''", () => {
    const [row] = rowsOf(encode([{ traceId, spanId, parentSpanId: Buffer.alloc(8), kind: 9, status: { code: 7 }, links: [{}] }]));
    expect(row).toMatchObject({ ParentSpanId: '', SpanKind: '', StatusCode: '', 'Links.TraceId': [''], 'Links.SpanId': [''] });
  });

  it('keeps the last value of a repeated attribute key, at its last place, and takes service.name from it', () => {
    const [row] = rowsOf(
      encode(
        [{ traceId, spanId, attributes: ['a', 'b', 'a'].map((key, i) => ({ key, value: { intValue: i } })) }],
        [
          { key: 'service.name', value: { stringValue: 'first' } },
          { key: 'host.name', value: { stringValue: 'h' } },
          { key: 'service.name', value: { intValue: 7 } },
        ],
      ),
    );
    expect(row!.SpanAttributes).toEqual([
      ['b', '1'],
      ['a', '2'],
    ]);
    expect(row!.ResourceAttributes).toEqual([
      ['host.name', 'h'],
      ['service.name', '7'],
    ]);
    expect(row!.ServiceName).toBe('7');
  });

  it('accepts fields in any order', () => {
    let reorderedRequests = 0;
    for (let seed = 1; seed <= 50; seed++) {
      const body = Buffer.from(ExportTraceServiceRequest.encode(randomTracesRequest(seed)).finish());
      const reordered = reverseFields(body, TRACES_NESTING);
      if (!reordered.equals(body)) reorderedRequests++;
      expect(decodeTracesRequest(reordered, 'protobuf'), `seed ${seed}`).toEqual(decodeTracesRequest(body, 'protobuf'));
    }
    expect(reorderedRequests).toBeGreaterThan(30);
  });

  it('skips unknown fields of every wire type at every level', () => {
    const unknown = Buffer.concat([
      varintField(90, 1n),
      fixed64Field(91, 2n),
      lenField(92, 'x'),
      fixed32Field(93, 3),
      groupField(94, varintField(1, 1)),
    ]);
    const span = Buffer.concat([unknown, lenField(1, traceId), unknown, lenField(2, spanId), lenField(5, 'op'), unknown]);
    const withUnknown = lenField(1, unknown, lenField(1, unknown), lenField(2, unknown, lenField(1, unknown), lenField(2, span)));
    const plain = lenField(1, lenField(1), lenField(2, lenField(1), lenField(2, lenField(1, traceId), lenField(2, spanId), lenField(5, 'op'))));
    expect(rowsOf(withUnknown)).toEqual(rowsOf(plain));
    expect(rowsOf(Buffer.concat([unknown, withUnknown]))[0]!.SpanName).toBe('op');
  });

  it('decodes an empty request to no rows', () => {
    const decoded = decodeTracesRequest(Buffer.alloc(0), 'protobuf');
    expect(decoded).toEqual({ rows: { signal: 'traces', rowCount: 0, data: Buffer.alloc(0) }, rejectedItems: 0, rejectionMessage: undefined, redactedValues: 0 });
  });

  it('hands out rows that a later request does not overwrite', () => {
    const first = decodeTracesRequest(encode([{ traceId, spanId, name: 'first' }]), 'protobuf');
    const copy = Buffer.from(first.rows.data);
    decodeTracesRequest(encode([{ traceId, spanId, name: 'other' }]), 'protobuf');
    expect(first.rows.data.equals(copy)).toBe(true);
  });

  it('recovers after a failed request', () => {
    expect(() => decodeTracesRequest(Buffer.concat([lenField(1, lenField(2, lenField(2, tagBytes(5, 2), varintBytes(100))))]), 'protobuf')).toThrow(OtlpDecodeError);
    expect(rowsOf(encode([{ traceId, spanId, name: 'after' }]))[0]!.SpanName).toBe('after');
  });
});
