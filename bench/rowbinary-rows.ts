/**
 * Row objects → RowBinary by column type: the generic (slow, obvious) way
 * the decode benchmark's baseline writes the rows of `otlp-reference.ts`.
 */
import type { RowBinaryWriter } from '../ingest/rowbinary.js';
import type { InsertColumn } from '../ingest/schema/otel-tables.js';
import type { Row, RowValue } from './otlp-reference.js';

/** A column type as a tree: `Array(Map(LowCardinality(String), String))` → array of map of string, string. */
export type ColumnType =
  | { readonly kind: 'String' | 'UInt8' | 'UInt64' | 'Int64' | 'DateTime64' }
  | { readonly kind: 'Array'; readonly item: ColumnType }
  | { readonly kind: 'Map'; readonly key: ColumnType; readonly value: ColumnType };

export function parseColumnType(type: string): ColumnType {
  const open = type.indexOf('(');
  const name = open < 0 ? type : type.slice(0, open);
  const args = open < 0 ? [] : splitArguments(type.slice(open + 1, -1));
  switch (name) {
    case 'LowCardinality':
      return parseColumnType(args[0]!);
    case 'String':
    case 'UInt8':
    case 'UInt64':
    case 'Int64':
    case 'DateTime64':
      return { kind: name };
    case 'Array':
      return { kind: 'Array', item: parseColumnType(args[0]!) };
    case 'Map':
      return { kind: 'Map', key: parseColumnType(args[0]!), value: parseColumnType(args[1]!) };
    default:
      throw new Error(`unsupported column type ${type}`);
  }
}

/** Splits `a, B(c, d)` at top-level commas. */
function splitArguments(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') depth--;
    else if (text[i] === ',' && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts;
}

function writeValue(w: RowBinaryWriter, type: ColumnType, value: RowValue): void {
  switch (type.kind) {
    case 'String':
      return w.string(value as string);
    case 'UInt8':
      return w.uint8(value as number);
    case 'UInt64':
    case 'Int64':
    case 'DateTime64':
      return w.int64(value as bigint);
    case 'Array': {
      const items = value as RowValue[];
      w.varint(items.length);
      for (const item of items) writeValue(w, type.item, item);
      return;
    }
    case 'Map': {
      const entries = value as [string, string][];
      w.varint(entries.length);
      for (const [k, v] of entries) {
        writeValue(w, type.key, k);
        writeValue(w, type.value, v);
      }
    }
  }
}

/** Appends `rows` to `w` in the order of `columns`. */
export function writeRows(w: RowBinaryWriter, columns: readonly InsertColumn[], rows: readonly Row[]): void {
  const types = columns.map((c) => parseColumnType(c.type));
  for (const row of rows) {
    for (let i = 0; i < columns.length; i++) writeValue(w, types[i]!, row[columns[i]!.name]!);
  }
}
