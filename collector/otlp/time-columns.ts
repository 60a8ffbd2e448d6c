import type { RowBinaryWriter } from '../../ingest/rowbinary.js';

/** DateTime64(9) from a fixed64 at `offset` (-1: absent → 0): both are little-endian 64-bit, copied as is. */
export function writeTimestamp(w: RowBinaryWriter, buf: Buffer, offset: number): void {
  if (offset < 0) w.zeros(8);
  else w.raw(buf, offset, offset + 8);
}

/** Duration UInt64 = end − start in ns, exact in 32-bit halves; 0 when end < start (absent times are 0). */
export function writeDuration(w: RowBinaryWriter, buf: Buffer, start: number, end: number): void {
  const startLo = start < 0 ? 0 : buf.readUInt32LE(start);
  const startHi = start < 0 ? 0 : buf.readUInt32LE(start + 4);
  const endLo = end < 0 ? 0 : buf.readUInt32LE(end);
  const endHi = end < 0 ? 0 : buf.readUInt32LE(end + 4);
  if (endHi < startHi || (endHi === startHi && endLo < startLo)) {
    w.zeros(8);
    return;
  }
  const borrow = endLo < startLo ? 1 : 0;
  w.uint64(endLo - startLo + borrow * 0x100000000, endHi - startHi - borrow);
}

/** Whether the fixed64 at `offset` is absent (-1) or zero. */
export function isUnsetTime(buf: Buffer, offset: number): boolean {
  return offset < 0 || (buf.readUInt32LE(offset) === 0 && buf.readUInt32LE(offset + 4) === 0);
}
