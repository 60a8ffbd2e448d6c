/**
 * Array and kvlist attribute values as pdata's `AsString()` stores them:
 * `json.Marshal` of the value's raw Go form (kvlists become maps: sorted
 * keys, last duplicate wins; ints stay numbers; bytes become base64 strings).
 */
import type { DecodeContext } from './decode-context.js';
import { ARRAY, BOOL, BYTES, DOUBLE, INT, KVLIST, MAX_ANY_VALUE_DEPTH, scan, scanAnyValue, STRING } from './any-value-scan.js';
import { compareCodePoints, goFloat, goJsonString, int64ToDecimal } from './go-json.js';
import { scanKeyValue } from './key-value.js';
import { ARRAY_VALUE, KEY_VALUE_LIST } from './proto-fields.js';

/** ArrayValue and KeyValueList both hold their items in field 1 `values`. */
const VALUES_TAG = ARRAY_VALUE.tags.values;

/**
 * JSON (as Go's `json.Marshal` writes it) of the raw form of the AnyValue at
 * [start, end), nested `depth` deep; undefined when Marshal would fail.
 */
function valueJson(ctx: DecodeContext, start: number, end: number, depth: number): string | undefined {
  if (depth > MAX_ANY_VALUE_DEPTH) throw ctx.path.error(`values nested deeper than ${MAX_ANY_VALUE_DEPTH}`);
  scanAnyValue(ctx, start, end);
  const buf = ctx.reader.buf;
  switch (scan.kind) {
    case STRING:
      return goJsonString(buf.toString('utf8', scan.start, scan.end));
    case BOOL:
      return scan.lo === 1 ? 'true' : 'false';
    case INT:
      return int64ToDecimal(scan.lo, scan.hi);
    case DOUBLE: {
      const value = buf.readDoubleLE(scan.start);
      return Number.isFinite(value) ? goFloat(value) : undefined;
    }
    case BYTES:
      // pdata's raw form of empty bytes is a nil []byte, which Marshal writes as null.
      return scan.start === scan.end ? 'null' : `"${buf.toString('base64', scan.start, scan.end)}"`;
    case ARRAY:
    case KVLIST:
      return containerJson(ctx, scan.kind, scan.start, scan.end, depth);
    default:
      return 'null';
  }
}

/** JSON of an ArrayValue or KeyValueList at [start, end) whose AnyValue is `depth` deep. */
export function containerJson(ctx: DecodeContext, kind: number, start: number, end: number, depth: number): string | undefined {
  const path = ctx.path;
  path.enter(kind === ARRAY ? 'array_value' : 'kvlist_value');
  const json = kind === ARRAY ? arrayJson(ctx, start, end, depth + 1) : kvlistJson(ctx, start, end, depth + 1);
  path.leave();
  return json;
}

function arrayJson(ctx: DecodeContext, start: number, end: number, depth: number): string | undefined {
  const r = ctx.reader;
  const items: string[] = [];
  let marshalFails = false;
  r.pos = start;
  while (r.pos < end) {
    const tag = r.tag(end, ARRAY_VALUE);
    if (tag !== VALUES_TAG) {
      r.skip(tag, end);
      continue;
    }
    r.bytes(end);
    const itemEnd = r.pos;
    ctx.path.enter('values', items.length);
    const json = valueJson(ctx, r.start, itemEnd, depth);
    ctx.path.leave();
    if (json === undefined) marshalFails = true;
    items.push(json ?? '');
    r.pos = itemEnd;
  }
  return marshalFails ? undefined : `[${items.join(',')}]`;
}

/** A kvlist is a Go map: a repeated key keeps its last value, keys come out sorted. */
function kvlistJson(ctx: DecodeContext, start: number, end: number, depth: number): string | undefined {
  const r = ctx.reader;
  const buf = r.buf;
  // undefined values: Marshal would fail on them, unless a later duplicate replaces them.
  const entries = new Map<string, string | undefined>();
  let index = 0;
  r.pos = start;
  while (r.pos < end) {
    const tag = r.tag(end, KEY_VALUE_LIST);
    if (tag !== VALUES_TAG) {
      r.skip(tag, end);
      continue;
    }
    r.bytes(end);
    const itemEnd = r.pos;
    ctx.path.enter('values', index++);
    const at = ctx.keyValues.length;
    scanKeyValue(ctx, r.start, itemEnd);
    const kv = ctx.keyValues.data;
    const key = buf.toString('utf8', kv[at]!, kv[at + 1]!);
    const valueStart = kv[at + 2]!;
    const valueEnd = kv[at + 3]!;
    ctx.keyValues.length = at;
    ctx.path.enter('value');
    entries.set(key, valueStart < 0 ? 'null' : valueJson(ctx, valueStart, valueEnd, depth));
    ctx.path.leave();
    ctx.path.leave();
    r.pos = itemEnd;
  }
  const keys = [...entries.keys()].sort(compareCodePoints);
  let json = '{';
  for (const key of keys) {
    const value = entries.get(key);
    if (value === undefined) return undefined;
    json += `${json.length > 1 ? ',' : ''}${goJsonString(key)}:${value}`;
  }
  return `${json}}`;
}
