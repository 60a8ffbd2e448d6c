/**
 * Decodes RowBinary back into row objects (the shape of
 * bench/otlp-reference.ts) so tests can compare the decoder's bytes with
 * expected rows. Strict: a short read or trailing bytes throw.
 */
import type { ColumnType } from '../../bench/rowbinary-rows.js';
import { parseColumnType } from '../../bench/rowbinary-rows.js';
import type { Row, RowValue } from '../../bench/otlp-reference.js';
import type { InsertColumn } from '../../ingest/schema/otel-tables.js';

class Cursor {
  pos = 0;
  constructor(readonly buf: Buffer) {}

  take(n: number): number {
    if (this.pos + n > this.buf.length) throw new Error(`RowBinary: need ${n} bytes at ${this.pos}, have ${this.buf.length - this.pos}`);
    const at = this.pos;
    this.pos += n;
    return at;
  }

  varint(): number {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      if (shift > 49) throw new Error(`RowBinary: varint too long at ${this.pos}`);
      const b = this.buf[this.take(1)]!;
      value += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return value;
    }
  }
}

function readValue(c: Cursor, type: ColumnType): RowValue {
  switch (type.kind) {
    case 'String': {
      const length = c.varint();
      const at = c.take(length);
      return c.buf.toString('utf8', at, at + length);
    }
    case 'UInt8':
      return c.buf[c.take(1)]!;
    case 'UInt64':
      return c.buf.readBigUInt64LE(c.take(8));
    case 'Int64':
    case 'DateTime64':
      return c.buf.readBigInt64LE(c.take(8));
    case 'Array':
      return Array.from({ length: c.varint() }, () => readValue(c, type.item));
    case 'Map':
      return Array.from({ length: c.varint() }, () => [readValue(c, type.key) as string, readValue(c, type.value) as string]);
  }
}

/** Reads rows of `columns` until the end of `data`. */
export function readRows(data: Buffer, columns: readonly InsertColumn[]): Row[] {
  const types = columns.map((column) => parseColumnType(column.type));
  const cursor = new Cursor(data);
  const rows: Row[] = [];
  while (cursor.pos < data.length) {
    const row: Row = {};
    columns.forEach((column, i) => {
      row[column.name] = readValue(cursor, types[i]!);
    });
    rows.push(row);
  }
  return rows;
}
