/**
 * A RowBinary writer over one growable Buffer, reused across requests.
 *
 * RowBinary has no framing: a row is its columns back to back. String is a
 * LEB128 length + bytes; Array and Map are a LEB128 count + items (a Map item
 * is key then value); integers and DateTime64 are little-endian. The writer
 * exposes `buf`/`pos` so hot decoders can write bytes inline; everything
 * else goes through the methods below, which grow the buffer as needed.
 */

const HEX_DIGITS = new TextEncoder().encode('0123456789abcdef');
/** ASCII hex digit pair of every byte value, high digit first. */
const HEX_PAIRS = (() => {
  const table = new Uint8Array(512);
  for (let b = 0; b < 256; b++) {
    table[2 * b] = HEX_DIGITS[b >> 4]!;
    table[2 * b + 1] = HEX_DIGITS[b & 15]!;
  }
  return table;
})();

/**
 * Below this many bytes a JS loop beats a native copy (which needs a view
 * object: ~60 ns). Under 128, so such a string's length is a one-byte varint.
 */
const SMALL_COPY_BYTES = 64;

export class RowBinaryWriter {
  buf: Buffer;
  pos = 0;

  /**
   * @param initialBytes starting capacity.
   * @param retainedBytes `reset()` drops a buffer that grew beyond this, so
   *   one huge request does not pin its memory for the life of the process.
   */
  constructor(
    private readonly initialBytes = 64 * 1024,
    private readonly retainedBytes = 16 * 1024 * 1024,
  ) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  /** Starts over; previously handed-out copies stay valid. */
  reset(): void {
    this.pos = 0;
    if (this.buf.length > this.retainedBytes) this.buf = Buffer.allocUnsafe(this.initialBytes);
  }

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const grown = Buffer.allocUnsafe(size);
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
  }

  /** A copy of everything written since `start` (default: since reset). */
  toBuffer(start = 0): Buffer {
    const length = this.pos - start;
    const copy = Buffer.allocUnsafe(length);
    // Not Buffer.from(subarray): that copies large inputs byte by byte.
    copy.set(new Uint8Array(this.buf.buffer, this.buf.byteOffset + start, length));
    return copy;
  }

  uint8(value: number): void {
    this.ensure(1);
    this.buf[this.pos++] = value;
  }

  /** Little-endian 32-bit (low half of a UInt64/Int64, or a fixed32). */
  uint32(value: number): void {
    this.ensure(4);
    this.buf.writeUInt32LE(value >>> 0, this.pos);
    this.pos += 4;
  }

  /** UInt64 / Int64 / DateTime64 from its two 32-bit halves (two's complement for negatives). */
  uint64(lo: number, hi: number): void {
    this.ensure(8);
    this.buf.writeUInt32LE(lo >>> 0, this.pos);
    this.buf.writeUInt32LE(hi >>> 0, this.pos + 4);
    this.pos += 8;
  }

  /** Int64 / UInt64 / DateTime64(9) nanoseconds from a bigint (wrapped to 64 bits). */
  int64(value: bigint): void {
    this.ensure(8);
    this.buf.writeBigUInt64LE(BigInt.asUintN(64, value), this.pos);
    this.pos += 8;
  }

  /** LEB128 unsigned varint: String lengths, Array/Map counts (and protobuf tags). */
  varint(value: number): void {
    this.ensure(10);
    const buf = this.buf;
    let pos = this.pos;
    while (value >= 0x80) {
      buf[pos++] = (value % 0x80) | 0x80;
      value = Math.floor(value / 0x80);
    }
    buf[pos++] = value;
    this.pos = pos;
  }

  /** String column from a JS string (UTF-8). */
  string(value: string): void {
    const length = value.length;
    if (length < SMALL_COPY_BYTES && this.tryAscii(value)) return;
    const bytes = Buffer.byteLength(value, 'utf8');
    this.varint(bytes);
    this.ensure(bytes);
    this.pos += this.buf.write(value, this.pos, bytes, 'utf8');
  }

  /** Writes a short string as a String column if it is all ASCII (one byte per char); false, writing nothing, if not. */
  private tryAscii(value: string): boolean {
    const length = value.length;
    this.ensure(length + 1);
    const buf = this.buf;
    let pos = this.pos + 1;
    for (let i = 0; i < length; i++) {
      const c = value.charCodeAt(i);
      if (c >= 0x80) return false;
      buf[pos++] = c;
    }
    buf[this.pos] = length;
    this.pos = pos;
    return true;
  }

  /** String column whose value is an ASCII-only JS string (numbers, base64, hex). */
  asciiString(value: string): void {
    const length = value.length;
    if (length < SMALL_COPY_BYTES) {
      this.tryAscii(value);
      return;
    }
    this.varint(length);
    this.ensure(length);
    this.pos += this.buf.write(value, this.pos, length, 'latin1');
  }

  /** String column from `src[start, end)`, copied without decoding. */
  bytesString(src: Uint8Array, start: number, end: number): void {
    this.varint(end - start);
    this.raw(src, start, end);
  }

  /** Copies `src[start, end)` verbatim (pre-encoded columns, little-endian fixed64). */
  raw(src: Uint8Array, start: number, end: number): void {
    const length = end - start;
    this.ensure(length);
    const buf = this.buf;
    let pos = this.pos;
    if (length < SMALL_COPY_BYTES) {
      for (let i = start; i < end; i++) buf[pos++] = src[i]!;
    } else {
      buf.set(new Uint8Array(src.buffer, src.byteOffset + start, length), pos);
      pos += length;
    }
    this.pos = pos;
  }

  /** `n` zero bytes (a zero Int64/DateTime64). */
  zeros(n: number): void {
    this.ensure(n);
    this.buf.fill(0, this.pos, this.pos + n);
    this.pos += n;
  }

  /** String column holding the lowercase hex of `src[start, start + length)`. */
  hexString(src: Uint8Array, start: number, length: number): void {
    this.varint(2 * length);
    this.ensure(2 * length);
    const buf = this.buf;
    let pos = this.pos;
    for (let i = start, end = start + length; i < end; i++) {
      const pair = 2 * src[i]!;
      buf[pos++] = HEX_PAIRS[pair]!;
      buf[pos++] = HEX_PAIRS[pair + 1]!;
    }
    this.pos = pos;
  }

  /**
   * Starts a length-prefixed part (a String column built piece by piece, or a
   * protobuf sub-message) whose size is not known yet. Returns the mark to
   * pass to `endSized`; one byte is reserved for the usual short length.
   */
  beginSized(): number {
    this.ensure(1);
    return this.pos++;
  }

  /** Writes the length of the part started at `mark`, moving it if the length needs more than one byte. */
  endSized(mark: number): void {
    const start = mark + 1;
    const length = this.pos - start;
    if (length < 0x80) {
      this.buf[mark] = length;
      return;
    }
    const prefix = varintSize(length);
    this.ensure(prefix - 1);
    this.buf.copyWithin(mark + prefix, start, this.pos);
    this.pos = mark;
    this.varint(length);
    this.pos += length;
  }
}

/** Bytes of the LEB128 encoding of `value`. */
export function varintSize(value: number): number {
  let size = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 0x80);
    size++;
  }
  return size;
}
