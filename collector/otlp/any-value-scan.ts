import type { DecodeContext } from './decode-context.js';
import { ANY_VALUE } from './proto-fields.js';

/**
 * AnyValues nested deeper than this (an attribute value is depth 1, an item
 * of it depth 2 …) are rejected: bounded work and recursion.
 */
export const MAX_ANY_VALUE_DEPTH = 64;

/** Which oneof field an AnyValue holds: its field number, 0 when empty. */
export const EMPTY = 0;
export const STRING = 1;
export const BOOL = 2;
export const INT = 3;
export const DOUBLE = 4;
export const ARRAY = 5;
export const KVLIST = 6;
export const BYTES = 7;

const T = ANY_VALUE.tags;

/** Result of scanning one AnyValue message; reused, so read it before scanning another. */
class AnyValueScan {
  kind = EMPTY;
  /** Content range (string, bytes, array, kvlist) or offset of the double. */
  start = 0;
  end = 0;
  /** int64 halves, or the bool in `lo`. */
  lo = 0;
  hi = 0;
}
export const scan = new AnyValueScan();

/** Reads the AnyValue at [start, end); as in protobuf, the last oneof field present wins. */
export function scanAnyValue(ctx: DecodeContext, start: number, end: number): void {
  const r = ctx.reader;
  r.pos = start;
  scan.kind = EMPTY;
  while (r.pos < end) {
    const tag = r.tag(end, ANY_VALUE);
    switch (tag) {
      case T.string_value:
        r.string(end);
        setRange(STRING, r.start, r.pos);
        break;
      case T.bytes_value:
        r.bytes(end);
        setRange(BYTES, r.start, r.pos);
        break;
      case T.array_value:
        r.bytes(end);
        setRange(ARRAY, r.start, r.pos);
        break;
      case T.kvlist_value:
        r.bytes(end);
        setRange(KVLIST, r.start, r.pos);
        break;
      case T.bool_value:
        r.varint64(end);
        scan.kind = BOOL;
        scan.lo = (r.lo | r.hi) !== 0 ? 1 : 0;
        break;
      case T.int_value:
        r.varint64(end);
        scan.kind = INT;
        scan.lo = r.lo;
        scan.hi = r.hi;
        break;
      case T.double_value:
        scan.kind = DOUBLE;
        scan.start = r.fixed64(end);
        break;
      default:
        r.skip(tag, end);
    }
  }
}

function setRange(kind: number, start: number, end: number): void {
  scan.kind = kind;
  scan.start = start;
  scan.end = end;
}
