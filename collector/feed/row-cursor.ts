/**
 * Reading RowBinary back (the format of ingest/rowbinary.ts's writer): a
 * cursor over one buffer, and per column type a `skip` that steps over a
 * value without decoding it. Skipping is what makes reading rows cheap when
 * most of them are of no interest: a String costs one varint, a Map one
 * varint per key and value, and no JS string is made.
 */

export class RowBinaryReadError extends Error {
  override readonly name = 'RowBinaryReadError';
}

/**
 * A set of strings looked up by their UTF-8 bytes, without decoding the
 * bytes. Keys are bucketed by length and last byte, then compared in JS:
 * a native Buffer.compare per attribute key cost more than the decoding it
 * saves.
 */
export class ByteKeySet {
  private readonly buckets = new Map<number, { readonly bytes: Buffer; readonly key: string }[]>();

  constructor(keys: Iterable<string>) {
    for (const key of keys) {
      const bytes = Buffer.from(key, 'utf8');
      if (bytes.length === 0) continue;
      const slot = ByteKeySet.slot(bytes.length, bytes[bytes.length - 1]!);
      const bucket = this.buckets.get(slot) ?? [];
      bucket.push({ bytes, key });
      this.buckets.set(slot, bucket);
    }
  }

  private static slot(length: number, lastByte: number): number {
    return length * 256 + lastByte;
  }

  /** The key whose bytes are `buf[start, end)`, if it is in the set. */
  find(buf: Buffer, start: number, end: number): string | undefined {
    if (end <= start) return undefined;
    const bucket = this.buckets.get(ByteKeySet.slot(end - start, buf[end - 1]!));
    if (bucket === undefined) return undefined;
    candidates: for (const { bytes, key } of bucket) {
      for (let i = 0; i < bytes.length - 1; i++) if (bytes[i] !== buf[start + i]) continue candidates;
      return key;
    }
    return undefined;
  }
}

export class RowCursor {
  pos = 0;

  constructor(readonly buf: Buffer) {}

  /** LEB128 unsigned varint (String lengths, Array and Map counts). */
  varint(): number {
    const buf = this.buf;
    let pos = this.pos;
    let value = 0;
    for (let scale = 1; ; scale *= 0x80) {
      if (pos >= buf.length) throw new RowBinaryReadError(`RowBinary ends inside a varint at byte ${pos}`);
      const byte = buf[pos++]!;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) break;
      if (scale > 2 ** 42) throw new RowBinaryReadError(`RowBinary varint longer than 7 bytes at byte ${this.pos}`);
    }
    this.pos = pos;
    return value;
  }

  /** Moves past `n` bytes, which must be there. */
  advance(n: number): void {
    const end = this.pos + n;
    if (end > this.buf.length) throw new RowBinaryReadError(`RowBinary needs ${n} bytes at byte ${this.pos}, has ${this.buf.length - this.pos}`);
    this.pos = end;
  }

  /** A String's bytes as [start, pos): returns the start. */
  stringRange(): number {
    const length = this.varint();
    const start = this.pos;
    this.advance(length);
    return start;
  }

  string(): string {
    const start = this.stringRange();
    return this.buf.toString('utf8', start, this.pos);
  }

  /** Int64 / DateTime64 (signed, little-endian). */
  int64(): bigint {
    const at = this.pos;
    this.advance(8);
    return this.buf.readBigInt64LE(at);
  }

  uint64(): bigint {
    const at = this.pos;
    this.advance(8);
    return this.buf.readBigUInt64LE(at);
  }

  /**
   * Map(String, String) as a plain object (keys are unique: the decoder
   * writes each once). With `keep`, other keys are matched as bytes and
   * their values stepped over: no string is made for what is not kept
   * (tool arguments and results are most of a span's bytes).
   */
  stringMap(keep?: ByteKeySet): Record<string, string> {
    const map: Record<string, string> = {};
    for (let n = this.varint(); n > 0; n--) {
      let key: string | undefined;
      if (keep === undefined) key = this.string();
      else {
        const start = this.stringRange();
        key = keep.find(this.buf, start, this.pos);
        if (key === undefined) {
          this.advance(this.varint());
          continue;
        }
      }
      const value = this.string();
      // A key named __proto__ must stay a key, not replace the prototype.
      if (key === '__proto__') Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
      else map[key] = value;
    }
    return map;
  }

  /** Array(T) read item by item with `item`. */
  array<T>(item: (cursor: RowCursor) => T): T[] {
    const items: T[] = [];
    for (let n = this.varint(); n > 0; n--) items.push(item(this));
    return items;
  }
}

/** Steps the cursor over one value of a column type. */
export type Skip = (cursor: RowCursor) => void;

const skipString: Skip = (c) => {
  c.advance(c.varint());
};

function skipFixed(bytes: number): Skip {
  return (c) => c.advance(bytes);
}

function skipArray(item: Skip, fixedItemBytes: number | undefined): Skip {
  if (fixedItemBytes !== undefined) return (c) => c.advance(c.varint() * fixedItemBytes);
  return (c) => {
    for (let n = c.varint(); n > 0; n--) item(c);
  };
}

function skipMap(key: Skip, value: Skip): Skip {
  if (key === skipString && value === skipString) {
    // The attribute maps: the common case, without two calls per entry.
    return (c) => {
      for (let n = 2 * c.varint(); n > 0; n--) c.advance(c.varint());
    };
  }
  return (c) => {
    for (let n = c.varint(); n > 0; n--) {
      key(c);
      value(c);
    }
  };
}

/** Bytes of a fixed-size type, undefined for variable-size ones. */
function fixedBytes(type: string): number | undefined {
  if (type === 'UInt8' || type === 'Int8') return 1;
  if (type === 'UInt64' || type === 'Int64' || type.startsWith('DateTime64(')) return 8;
  return undefined;
}

/** `A, B(C, D)` → [`A`, `B(C, D)`]: splits at commas outside parentheses. */
function typeArguments(text: string): string[] {
  const args: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      args.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  args.push(text.slice(start).trim());
  return args;
}

/** The skip for a ClickHouse type as INSERT_COLUMNS spells it; throws for types RowBinary rows of ours never hold. */
export function skipOf(type: string): Skip {
  const fixed = fixedBytes(type);
  if (fixed !== undefined) return skipFixed(fixed);
  if (type === 'String') return skipString;
  const open = type.indexOf('(');
  if (open < 0 || !type.endsWith(')')) throw new Error(`RowBinary reader: unsupported column type ${type}`);
  const args = typeArguments(type.slice(open + 1, -1));
  switch (type.slice(0, open)) {
    case 'LowCardinality':
      // RowBinary writes a LowCardinality(T) as a plain T.
      return skipOf(args[0]!);
    case 'Array':
      return skipArray(skipOf(args[0]!), fixedBytes(args[0]!));
    case 'Map':
      return skipMap(skipOf(args[0]!), skipOf(args[1]!));
    default:
      throw new Error(`RowBinary reader: unsupported column type ${type}`);
  }
}
