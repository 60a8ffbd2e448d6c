import type { InsertColumn } from '../../ingest/schema/otel-tables.js';

/**
 * A RowBinary writer for tests, driven by the column types of
 * `INSERT_COLUMNS` and independent of the collector's hot-path writer, so a
 * storage test can tell a storage bug from an encoder bug. Values:
 * DateTime64(9) and UInt64 as bigint, UInt8 as number, String as string,
 * Map as a plain object, Array as an array.
 */
export type TestValue = string | number | bigint | readonly TestValue[] | { readonly [key: string]: string };

export function encodeRowBinary(columns: readonly InsertColumn[], rows: readonly Record<string, TestValue>[]): Buffer {
  const parts: Buffer[] = [];
  for (const row of rows) {
    for (const column of columns) {
      const value = row[column.name];
      if (value === undefined) throw new Error(`test row has no value for ${column.name}`);
      writeValue(column.type, value, parts);
    }
  }
  return Buffer.concat(parts);
}

function writeValue(type: string, value: TestValue, parts: Buffer[]): void {
  const inner = /^(\w+)\((.*)\)$/.exec(type);
  const [kind, argument] = inner === null ? [type, ''] : [inner[1], inner[2] ?? ''];
  switch (kind) {
    case 'String':
      return writeString(value as string, parts);
    case 'LowCardinality':
      return writeValue(argument, value, parts); // RowBinary writes the inner type
    case 'UInt8':
      parts.push(Buffer.from([value as number]));
      return;
    case 'UInt64':
    case 'DateTime64': {
      const bytes = Buffer.alloc(8);
      bytes.writeBigUInt64LE(value as bigint);
      parts.push(bytes);
      return;
    }
    case 'Array': {
      const items = value as readonly TestValue[];
      writeVarUInt(items.length, parts);
      for (const item of items) writeValue(argument, item, parts);
      return;
    }
    case 'Map': {
      const entries = Object.entries(value as Record<string, string>);
      writeVarUInt(entries.length, parts);
      for (const [key, entryValue] of entries) {
        writeString(key, parts);
        writeString(entryValue, parts);
      }
      return;
    }
    default:
      throw new Error(`typed-rowbinary does not write ${type}`);
  }
}

function writeString(text: string, parts: Buffer[]): void {
  const bytes = Buffer.from(text, 'utf8');
  writeVarUInt(bytes.length, parts);
  parts.push(bytes);
}

function writeVarUInt(n: number, parts: Buffer[]): void {
  const bytes: number[] = [];
  for (; n >= 0x80; n = Math.floor(n / 0x80)) bytes.push((n & 0x7f) | 0x80);
  bytes.push(n);
  parts.push(Buffer.from(bytes));
}
