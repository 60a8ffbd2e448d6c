import { describe, expect, it } from 'vitest';
import { DecodePath } from '../../../../collector/otlp/decode-path.js';
import { OtlpDecodeError } from '../../../../collector/otlp/decode.js';
import { SPAN } from '../../../../collector/otlp/proto-fields.js';
import { isValidUtf8, WireReader } from '../../../../collector/otlp/wire-reader.js';
import { fixed32Field, fixed64Field, groupField, lenField, tagBytes, varintBytes, varintField } from '../../../helpers/proto-bytes.js';

function reader(bytes: Buffer | number[]): WireReader {
  const path = new DecodePath();
  path.enter('spans', 3);
  const r = new WireReader(path);
  r.reset(Buffer.from(bytes));
  return r;
}

/** Reads every field of `bytes` as a Span, skipping each; returns the field numbers seen. */
function skipAll(bytes: Buffer): number[] {
  const r = reader(bytes);
  const seen: number[] = [];
  while (r.pos < bytes.length) {
    const tag = r.tag(bytes.length, SPAN);
    seen.push(tag >>> 3);
    r.skip(tag, bytes.length);
  }
  return seen;
}

describe('WireReader', () => {
  it('reads varints of 1 to 10 bytes into 32-bit halves', () => {
    for (const value of [0n, 1n, 127n, 128n, 2n ** 28n - 1n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 35n + 5n, 2n ** 63n, 2n ** 64n - 1n]) {
      const bytes = varintBytes(value);
      const r = reader(bytes);
      r.varint64(bytes.length);
      expect(r.pos).toBe(bytes.length);
      expect((BigInt(r.hi >>> 0) << 32n) | BigInt(r.lo)).toBe(value);
    }
    const minusOne = reader(varintBytes(-1n));
    expect(minusOne.int32(10)).toBe(-1);
  });

  it('rejects truncated varints and varints past 64 bits', () => {
    expect(() => reader([0x80, 0x80]).varint64(2)).toThrow('spans[3]: truncated varint');
    expect(() => reader([...Array(9).fill(0xff), 0x02]).varint64(10)).toThrow('varint overflows 64 bits');
    expect(() => reader([...Array(10).fill(0xff), 0x01]).varint64(11)).toThrow('varint overflows 64 bits');
    // The end of the enclosing message bounds the read, not the end of the buffer.
    expect(() => reader([0x80, 0x01]).varint64(1)).toThrow('truncated varint');
  });

  it('checks length prefixes against the bytes left in the enclosing message', () => {
    const r = reader([...tagBytes(5, 2), 0x05, 0x61, 0x62]);
    const tag = r.tag(4, SPAN);
    expect(tag).toBe(SPAN.tags.name);
    expect(() => r.string(4)).toThrow(new OtlpDecodeError('spans[3].name: length 5 exceeds the 2 bytes left'));
    const huge = reader([...tagBytes(5, 2), ...varintBytes(2n ** 32n + 1n), 0x61]);
    huge.tag(20, SPAN);
    expect(() => huge.bytes(20)).toThrow('spans[3].name: length over 4 GiB');
  });

  it('rejects invalid UTF-8 in string fields but not in bytes fields', () => {
    const bad = lenField(5, Buffer.from([0x61, 0xff]));
    const r = reader(bad);
    r.tag(bad.length, SPAN);
    expect(() => r.string(bad.length)).toThrow('spans[3].name: invalid UTF-8');
    const asBytes = reader(bad);
    asBytes.tag(bad.length, SPAN);
    asBytes.bytes(bad.length);
    expect([asBytes.start, asBytes.pos]).toEqual([2, 4]);
  });

  it('reads fixed64 offsets and fixed32 values, rejecting short ones', () => {
    const r = reader(Buffer.concat([fixed64Field(7, 5n), fixed32Field(16, 0xfffffffe)]));
    r.tag(20, SPAN);
    expect(r.fixed64(20)).toBe(1);
    r.tag(20, SPAN);
    expect(r.fixed32(20)).toBe(0xfffffffe);
    const short = reader(Buffer.concat([tagBytes(7, 1), Buffer.alloc(7)]));
    short.tag(8, SPAN);
    expect(() => short.fixed64(8)).toThrow('spans[3].start_time_unix_nano: truncated fixed64');
  });

  it('skips unknown fields of every wire type, groups included', () => {
    const unknown = Buffer.concat([
      varintField(100, 2n ** 63n),
      fixed64Field(101, 1n),
      lenField(102, 'skipped'),
      fixed32Field(103, 7),
      groupField(104, varintField(1, 1), groupField(105, lenField(2, 'inner')), fixed32Field(3, 1)),
      lenField(5, 'name'),
    ]);
    expect(skipAll(unknown)).toEqual([100, 101, 102, 103, 104, 5]);
  });

  it('rejects a known field with the wrong wire type, naming it', () => {
    const wrong = Buffer.concat([tagBytes(1, 0), varintBytes(1)]);
    expect(() => skipAll(wrong)).toThrow(new OtlpDecodeError('spans[3].trace_id: wrong wire type 0 (expected 2)'));
    expect(() => skipAll(groupField(7))).toThrow('spans[3].start_time_unix_nano: wrong wire type 3 (expected 1)');
  });

  it('rejects malformed tags and groups', () => {
    expect(() => skipAll(Buffer.from([0x00]))).toThrow('spans[3]: invalid field number 0 at byte 0');
    expect(() => skipAll(Buffer.concat([tagBytes(100, 6)]))).toThrow('spans[3].field 100: invalid wire type 6');
    expect(() => skipAll(Buffer.concat([tagBytes(100, 7)]))).toThrow('invalid wire type 7');
    expect(() => skipAll(tagBytes(100, 4))).toThrow('end-group without a matching start-group');
    expect(() => skipAll(Buffer.concat([tagBytes(100, 3), tagBytes(101, 4)]))).toThrow('does not match its start-group');
    expect(() => skipAll(Buffer.concat([tagBytes(100, 3), varintField(1, 1)]))).toThrow('truncated group');
    expect(() => skipAll(varintBytes(2n ** 40n))).toThrow('invalid tag');
    const deep = Buffer.concat([...Array.from({ length: 100 }, (_, i) => tagBytes(100 + i, 3))]);
    expect(() => skipAll(deep)).toThrow('groups nested deeper than 64');
  });

  it('validates UTF-8 on its ASCII fast path and natively', () => {
    const ok = Buffer.from('ascii é 😀 ' + 'x'.repeat(300));
    expect(isValidUtf8(ok, 0, ok.length)).toBe(true);
    expect(isValidUtf8(Buffer.from([0x61, 0x62]), 0, 2)).toBe(true);
    expect(isValidUtf8(Buffer.from([0x61, 0xc3]), 0, 2)).toBe(false);
    expect(isValidUtf8(Buffer.from([0xed, 0xa0, 0x80]), 0, 3)).toBe(false); // an encoded surrogate
    expect(isValidUtf8(Buffer.from([0xff, 0x61, 0x62]), 1, 3)).toBe(true);
  });
});
