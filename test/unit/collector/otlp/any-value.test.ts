import { describe, expect, it } from 'vitest';
import { ExportTraceServiceRequest, type OtlpAnyValue, type OtlpKeyValue } from '../../../../bench/otlp-protobufjs.js';
import { compareCodePoints } from '../../../../collector/otlp/go-json.js';
import { decodeTracesRequest, MAX_ANY_VALUE_DEPTH, OtlpDecodeError } from '../../../../collector/otlp/index.js';
import { TRACES_INSERT_COLUMNS } from '../../../../ingest/schema/otel-tables.js';
import { readRows } from '../../../helpers/rowbinary-reader.js';

const ids = { traceId: Buffer.alloc(16, 1), spanId: Buffer.alloc(8, 2) };

function encode(attributes: OtlpKeyValue[]): Buffer {
  return Buffer.from(ExportTraceServiceRequest.encode({ resourceSpans: [{ scopeSpans: [{ spans: [{ ...ids, attributes }] }] }] }).finish());
}

/** The stored string of one span attribute with this value. */
function stored(value: OtlpAnyValue | undefined): string {
  const [row] = readRows(decodeTracesRequest(encode([{ key: 'k', value }]), 'protobuf').rows.data, TRACES_INSERT_COLUMNS);
  return (row!.SpanAttributes as [string, string][])[0]![1];
}

const array = (...values: OtlpAnyValue[]): OtlpAnyValue => ({ arrayValue: { values } });
const kvlist = (...entries: [string, OtlpAnyValue | undefined][]): OtlpAnyValue => ({
  kvlistValue: { values: entries.map(([key, value]) => ({ key, value })) },
});

describe('attribute values are stored as pdata Value.AsString() writes them', () => {
  it('stores strings as is, bools as true/false, empty and absent values as empty', () => {
    expect(stored({ stringValue: 'héllo <&>' })).toBe('héllo <&>');
    expect(stored({ boolValue: true })).toBe('true');
    expect(stored({ boolValue: false })).toBe('false');
    expect(stored({})).toBe('');
    expect(stored(undefined)).toBe('');
  });

  it('stores ints in decimal over the whole int64 range', () => {
    for (const n of ['0', '-1', '42', '9007199254740993', '-9007199254740993', '9223372036854775807', '-9223372036854775808']) {
      expect(stored({ intValue: n })).toBe(n);
    }
  });

  it('stores doubles in Go ES6 style, keeping the sign of zero', () => {
    const cases: [number, string][] = [
      [1.5, '1.5'],
      [-0, '-0'],
      [0, '0'],
      [1e21, '1e+21'],
      [1e20, '100000000000000000000'],
      [1e-6, '0.000001'],
      [1e-7, '1e-7'],
      [1.5e-7, '1.5e-7'],
      [5e-324, '5e-324'],
      [1.7976931348623157e308, '1.7976931348623157e+308'],
      [0.1 + 0.2, '0.30000000000000004'],
      [NaN, 'json: unsupported value: NaN'],
      [Infinity, 'json: unsupported value: +Inf'],
      [-Infinity, 'json: unsupported value: -Inf'],
    ];
    for (const [value, text] of cases) expect(stored({ doubleValue: value }), String(value)).toBe(text);
  });

  it('stores bytes in standard base64', () => {
    expect(stored({ bytesValue: Buffer.from('deadbeef', 'hex') })).toBe('3q2+7w==');
    expect(stored({ bytesValue: Buffer.from([0xfb, 0xff]) })).toBe('+/8=');
    expect(stored({ bytesValue: Buffer.alloc(0) })).toBe('');
  });

  it('stores arrays and kvlists as Go json.Marshal of their raw values', () => {
    expect(stored(array())).toBe('[]');
    expect(stored(kvlist())).toBe('{}');
    expect(
      stored(array({ intValue: '-9223372036854775808' }, { stringValue: 'a' }, { boolValue: true }, { doubleValue: -0 }, {}, { bytesValue: Buffer.from('hi') })),
    ).toBe('[-9223372036854775808,"a",true,-0,null,"aGk="]');
    expect(stored(kvlist(['b', { intValue: 1 }], ['a', array(kvlist(['x', undefined]))]))).toBe('{"a":[{"x":null}],"b":1}');
  });

  it('sorts kvlist keys by UTF-8 bytes and keeps the last of repeated keys', () => {
    const keys = ['😀', '\ue000', 'é', 'b', 'a', 'B', ''];
    expect(stored(kvlist(...keys.map((k): [string, OtlpAnyValue] => [k, { intValue: 1 }])))).toBe('{"":1,"B":1,"a":1,"b":1,"é":1,"\ue000":1,"😀":1}');
    expect(stored(kvlist(['a', { intValue: 1 }], ['a', { intValue: 2 }]))).toBe('{"a":2}');
    expect(compareCodePoints('\ue000', '😀')).toBeLessThan(0);
    expect(compareCodePoints('😀', '\uffff')).toBeGreaterThan(0);
  });

  it('escapes strings inside JSON as Go does, HTML characters included', () => {
    expect(stored(array({ stringValue: '<a href="x">&\u2028\u2029' }))).toBe('["\\u003ca href=\\"x\\"\\u003e\\u0026\\u2028\\u2029"]');
    expect(stored(array({ stringValue: '\b\f\n\r\t\u0000\u001f\u007f\\' }))).toBe('["\\b\\f\\n\\r\\t\\u0000\\u001f\u007f\\\\"]');
  });

  it('writes empty nested bytes as null, since their raw form is a nil slice', () => {
    expect(stored(array({ bytesValue: Buffer.alloc(0) }))).toBe('[null]');
  });

  it('stores an empty string when json.Marshal would fail on a NaN or infinity inside', () => {
    expect(stored(array({ intValue: 1 }, { doubleValue: NaN }))).toBe('');
    expect(stored(kvlist(['a', array({ doubleValue: -Infinity })]))).toBe('');
    // A later duplicate key replaces the NaN before marshalling.
    expect(stored(kvlist(['a', { doubleValue: NaN }], ['a', { intValue: 1 }]))).toBe('{"a":1}');
  });

  it(`accepts values nested ${MAX_ANY_VALUE_DEPTH} deep and rejects deeper ones, naming the path`, () => {
    const nest = (depth: number): OtlpAnyValue => (depth === 1 ? { intValue: 1 } : array(nest(depth - 1)));
    expect(stored(nest(MAX_ANY_VALUE_DEPTH))).toBe('['.repeat(MAX_ANY_VALUE_DEPTH - 1) + '1' + ']'.repeat(MAX_ANY_VALUE_DEPTH - 1));
    const tooDeep = () => stored(nest(MAX_ANY_VALUE_DEPTH + 1));
    expect(tooDeep).toThrow(OtlpDecodeError);
    expect(tooDeep).toThrow(/^resource_spans\[0\]\.scope_spans\[0\]\.spans\[0\]\.attributes\[0\]\.value\.array_value\.values\[0\]\.array_value\.values\[0\]\..*: values nested deeper than 64$/);
  });
});
