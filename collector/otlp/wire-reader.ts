import { isUtf8 } from 'node:buffer';
import type { DecodePath } from './decode-path.js';
import type { MessageFields } from './proto-fields.js';
import { WIRE } from './proto-fields.js';

/** Unknown groups nested deeper than this are rejected instead of skipped. */
const MAX_GROUP_DEPTH = 64;
/**
 * Strings shorter than this are checked for ASCII in JS; longer ones (or
 * non-ASCII) go to the native `isUtf8`, which costs ~65 ns whatever the
 * size up to a few hundred bytes (measured: the JS loop is ~45 ns at 64).
 */
const SHORT_STRING_BYTES = 96;

/**
 * Protobuf wire-format reader over one request body, with every read
 * bounds-checked against the end of the enclosing message (`end`), so a
 * length prefix can never reach outside its parent. Errors are
 * `OtlpDecodeError`s that name the place (from `path`) and the field.
 *
 * Reads that yield a range leave it in [`start`, `pos`); 64-bit varints
 * leave their halves in `lo`/`hi`. No method allocates on the happy path.
 */
export class WireReader {
  buf: Buffer = Buffer.alloc(0);
  pos = 0;
  /** Start of the last length-delimited field read; it ends at `pos`. */
  start = 0;
  /** Low and high 32 bits of the last 64-bit varint read. */
  lo = 0;
  hi = 0;
  private fieldNo = 0;
  private fields: MessageFields | undefined;

  constructor(private readonly path: DecodePath) {}

  reset(buf: Buffer): void {
    this.buf = buf;
    this.pos = 0;
    this.fields = undefined;
  }

  /** Reads a field tag of a message described by `fields`; returns `(field << 3) | wireType`. */
  tag(end: number, fields: MessageFields): number {
    this.fields = undefined;
    const tag = this.rawTag(end);
    this.fieldNo = tag >>> 3;
    this.fields = fields;
    return tag;
  }

  private rawTag(end: number): number {
    const pos = this.pos;
    if (pos < end && this.buf[pos]! < 0x80) {
      this.pos = pos + 1;
      const tag = this.buf[pos]!;
      if (tag < 8) throw this.path.error(`invalid field number 0 at byte ${pos}`);
      return tag;
    }
    this.varint64(end);
    if (this.hi !== 0) throw this.path.error(`invalid tag at byte ${pos}`);
    if (this.lo < 8) throw this.path.error(`invalid field number 0 at byte ${pos}`);
    return this.lo;
  }

  /** Varint truncated to its low 32 bits, unsigned (lengths, uint32 fields, tags). */
  uint32(end: number): number {
    const pos = this.pos;
    if (pos < end) {
      const b = this.buf[pos]!;
      if (b < 0x80) {
        this.pos = pos + 1;
        return b;
      }
    }
    this.varint64(end);
    return this.lo;
  }

  /** Varint as a signed 32-bit value (enums, int32; negatives arrive as 10-byte varints). */
  int32(end: number): number {
    return this.uint32(end) | 0;
  }

  bool(end: number): boolean {
    this.varint64(end);
    return (this.lo | this.hi) !== 0;
  }

  /** Full 64-bit varint into `lo` (unsigned) and `hi` (signed, so int64 reads as two's complement). */
  varint64(end: number): void {
    const buf = this.buf;
    let pos = this.pos;
    let lo = 0;
    let hi = 0;
    let b: number;
    // Bytes 0-3 fill bits 0-27 of the low half.
    for (let shift = 0; shift < 28; shift += 7) {
      if (pos >= end) throw this.error('truncated varint');
      b = buf[pos++]!;
      lo |= (b & 0x7f) << shift;
      if (b < 0x80) return this.setVarint(pos, lo, 0);
    }
    // Byte 4 straddles the halves: 4 bits low, 3 bits high.
    if (pos >= end) throw this.error('truncated varint');
    b = buf[pos++]!;
    lo |= (b & 0x0f) << 28;
    hi = (b & 0x7f) >> 4;
    if (b < 0x80) return this.setVarint(pos, lo, hi);
    // Bytes 5-8 fill bits 3-30 of the high half.
    for (let shift = 3; shift < 31; shift += 7) {
      if (pos >= end) throw this.error('truncated varint');
      b = buf[pos++]!;
      hi |= (b & 0x7f) << shift;
      if (b < 0x80) return this.setVarint(pos, lo, hi);
    }
    // Byte 9 holds the last bit; more is an overflow (as Go's protowire says).
    if (pos >= end) throw this.error('truncated varint');
    b = buf[pos++]!;
    if (b > 1) throw this.error('varint overflows 64 bits');
    hi |= b << 31;
    this.setVarint(pos, lo, hi);
  }

  private setVarint(pos: number, lo: number, hi: number): void {
    this.pos = pos;
    this.lo = lo >>> 0;
    this.hi = hi | 0;
  }

  /** Reads a length prefix and checks that many bytes remain before `end`. */
  length(end: number): number {
    let length: number;
    const pos = this.pos;
    if (pos < end && this.buf[pos]! < 0x80) {
      length = this.buf[pos]!;
      this.pos = pos + 1;
    } else {
      this.varint64(end);
      if (this.hi !== 0) throw this.error(`length over 4 GiB exceeds the ${end - this.pos} bytes left`);
      length = this.lo;
    }
    if (length > end - this.pos) throw this.error(`length ${length} exceeds the ${end - this.pos} bytes left`);
    return length;
  }

  /** A length-delimited field (bytes, sub-message): its content is [`start`, `pos`) afterwards. */
  bytes(end: number): void {
    const length = this.length(end);
    this.start = this.pos;
    this.pos += length;
  }

  /** A protobuf `string`: like `bytes`, and the content must be valid UTF-8. */
  string(end: number): void {
    this.bytes(end);
    if (!isValidUtf8(this.buf, this.start, this.pos)) throw this.error('invalid UTF-8');
  }

  /** A fixed64 field: returns the offset of its 8 little-endian bytes. */
  fixed64(end: number): number {
    const pos = this.pos;
    if (end - pos < 8) throw this.error('truncated fixed64');
    this.pos = pos + 8;
    return pos;
  }

  /** A fixed32 field's value, unsigned. */
  fixed32(end: number): number {
    const pos = this.pos;
    if (end - pos < 4) throw this.error('truncated fixed32');
    this.pos = pos + 4;
    return this.buf.readUInt32LE(pos);
  }

  /**
   * Any field the caller does not read: a known field (in `fields`) with an
   * unexpected wire type is an error; an unknown field is skipped, groups
   * (deprecated wire types 3/4) included.
   */
  skip(tag: number, end: number): void {
    const wire = tag & 7;
    const expected = this.fields?.wireTypes[this.fieldNo];
    if (expected !== undefined && expected !== wire) {
      throw this.error(`wrong wire type ${wire} (expected ${expected})`);
    }
    this.skipValue(wire, end);
  }

  private skipValue(wire: number, end: number): void {
    switch (wire) {
      case WIRE.varint:
        this.varint64(end);
        return;
      case WIRE.fixed64:
        this.fixed64(end);
        return;
      case WIRE.len:
        this.bytes(end);
        return;
      case WIRE.fixed32:
        this.fixed32(end);
        return;
      case WIRE.startGroup:
        this.skipGroup(end);
        return;
      case WIRE.endGroup:
        throw this.error('end-group without a matching start-group');
      default:
        throw this.error(`invalid wire type ${wire}`);
    }
  }

  /** Skips to the end-group tag matching the start-group just read, iteratively (no recursion on hostile input). */
  private skipGroup(end: number): void {
    const open: number[] = [this.fieldNo];
    while (open.length > 0) {
      if (this.pos >= end) throw this.error('truncated group');
      const tag = this.rawTag(end);
      const fieldNo = tag >>> 3;
      const wire = tag & 7;
      if (wire === WIRE.endGroup) {
        if (open.pop() !== fieldNo) throw this.error(`end-group for field ${fieldNo} does not match its start-group`);
      } else if (wire === WIRE.startGroup) {
        if (open.length >= MAX_GROUP_DEPTH) throw this.error(`groups nested deeper than ${MAX_GROUP_DEPTH}`);
        open.push(fieldNo);
      } else {
        this.skipValue(wire, end);
      }
    }
  }

  /** A decode error at the current place, naming the field being read when there is one. */
  error(message: string): Error {
    if (this.fields === undefined) return this.path.error(message);
    const name = this.fields.names[this.fieldNo] ?? `field ${this.fieldNo}`;
    return this.path.error(message, name);
  }
}

/** Whether `buf[start, end)` is valid UTF-8; short ASCII runs are checked without a native call. */
export function isValidUtf8(buf: Buffer, start: number, end: number): boolean {
  if (end - start < SHORT_STRING_BYTES) {
    let bits = 0;
    for (let i = start; i < end; i++) bits |= buf[i]!;
    if (bits < 0x80) return true;
  }
  return isUtf8(new Uint8Array(buf.buffer, buf.byteOffset + start, end - start));
}
