import { describe, expect, it } from 'vitest';
import { RowBinaryWriter, varintSize } from '../../../ingest/rowbinary.js';

const bytesOf = (write: (w: RowBinaryWriter) => void, initialBytes = 16): string => {
  const w = new RowBinaryWriter(initialBytes);
  write(w);
  return w.toBuffer().toString('hex');
};

describe('RowBinaryWriter', () => {
  it('writes LEB128 varints up to 2^53', () => {
    expect(bytesOf((w) => w.varint(0))).toBe('00');
    expect(bytesOf((w) => w.varint(127))).toBe('7f');
    expect(bytesOf((w) => w.varint(128))).toBe('8001');
    expect(bytesOf((w) => w.varint(300))).toBe('ac02');
    expect(bytesOf((w) => w.varint(2 ** 32))).toBe('8080808010');
    expect(bytesOf((w) => w.varint(2 ** 53 - 1))).toBe('ffffffffffffff0f');
    expect([0, 127, 128, 16383, 16384, 2 ** 32].map(varintSize)).toEqual([1, 1, 2, 2, 3, 5]);
  });

  it('writes strings as length and UTF-8 bytes, short and long, ASCII or not', () => {
    expect(bytesOf((w) => w.string(''))).toBe('00');
    expect(bytesOf((w) => w.string('abc'))).toBe('03616263');
    expect(bytesOf((w) => w.string('é'))).toBe('02c3a9');
    const long = 'x'.repeat(200) + '😀';
    expect(bytesOf((w) => w.string(long))).toBe(Buffer.concat([Buffer.from([204, 1]), Buffer.from(long)]).toString('hex'));
    expect(bytesOf((w) => w.asciiString('42'))).toBe('023432');
    expect(bytesOf((w) => w.asciiString('y'.repeat(100)))).toBe('64' + '79'.repeat(100));
  });

  it('copies byte ranges verbatim, with or without a length', () => {
    const src = Buffer.from('00112233445566778899', 'hex');
    expect(bytesOf((w) => w.bytesString(src, 2, 5))).toBe('03223344');
    expect(bytesOf((w) => w.raw(src, 8, 10))).toBe('8899');
    const big = Buffer.alloc(300, 7);
    expect(bytesOf((w) => w.raw(big, 1, 300))).toBe('07'.repeat(299));
  });

  it('writes ids as lowercase hex', () => {
    const id = Buffer.from([0x00, 0x0f, 0xa0, 0xff]);
    expect(Buffer.from(bytesOf((w) => w.hexString(id, 0, 4)), 'hex').toString('latin1')).toBe('\u0008000fa0ff');
  });

  it('writes fixed-width integers little-endian', () => {
    expect(bytesOf((w) => w.uint8(0xab))).toBe('ab');
    expect(bytesOf((w) => w.uint32(0x01020304))).toBe('04030201');
    expect(bytesOf((w) => w.uint64(0x01020304, 0x05060708))).toBe('0403020108070605');
    expect(bytesOf((w) => w.int64(-1n))).toBe('ffffffffffffffff');
    expect(bytesOf((w) => w.int64(2n ** 63n))).toBe('0000000000000080');
    expect(bytesOf((w) => w.zeros(3))).toBe('000000');
  });

  it('patches the length of a part whose size was unknown, moving it when the length needs more bytes', () => {
    expect(
      bytesOf((w) => {
        const mark = w.beginSized();
        w.string('ab');
        w.endSized(mark);
      }),
    ).toBe('03026162');
    const w = new RowBinaryWriter(8);
    w.uint8(0xee);
    const mark = w.beginSized();
    for (let i = 0; i < 200; i++) w.uint8(i);
    w.endSized(mark);
    w.uint8(0xff);
    const out = w.toBuffer();
    expect(out.length).toBe(1 + 2 + 200 + 1);
    expect(out.subarray(0, 3).toString('hex')).toBe('eec801');
    expect([...out.subarray(3, 203)]).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(out[203]).toBe(0xff);
  });

  it('grows as needed and hands out copies that later writes do not change', () => {
    const w = new RowBinaryWriter(4);
    for (let i = 0; i < 1000; i++) w.uint8(i & 0xff);
    const first = w.toBuffer();
    w.reset();
    w.zeros(1000);
    expect(first.length).toBe(1000);
    expect(first[255]).toBe(255);
    expect(w.toBuffer(990).length).toBe(10);
  });

  it('drops a buffer that grew past the retained size on reset', () => {
    const w = new RowBinaryWriter(16, 64);
    w.zeros(1000);
    w.reset();
    expect(w.buf.length).toBe(16);
    expect(w.pos).toBe(0);
  });
});
