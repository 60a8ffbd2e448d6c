import type { RowBinaryWriter } from '../../ingest/rowbinary.js';
import { writeAnyValueString } from './any-value.js';
import type { DecodeContext } from './decode-context.js';
import { scanKeyValue } from './key-value.js';

/** Up to this many keys, duplicates are found by comparing bytes pairwise; beyond, with a Map. */
const PAIRWISE_MAX_KEYS = 32;

/**
 * Reads one `attributes` field (a KeyValue) of the message being scanned
 * into `ctx.keyValues`. `from` is where that message's attributes begin in
 * the list (for the index in error paths).
 */
export function readAttribute(ctx: DecodeContext, end: number, from: number): void {
  const r = ctx.reader;
  r.bytes(end);
  ctx.path.enter('attributes', (ctx.keyValues.length - from) >> 2);
  scanKeyValue(ctx, r.start, r.pos);
  ctx.path.leave();
}

/**
 * Writes the KeyValues at `ctx.keyValues[from, to)` as a
 * Map(String, String) of `AsString()` values. Keys must be unique in OTLP
 * but nothing enforces it: when a key repeats, its last value wins and sits
 * at the place of that last occurrence, so the map is deterministic and
 * valid. Skipped values are still converted (and thrown away) so an invalid
 * one fails the request like any other.
 */
export function writeAttributeMap(ctx: DecodeContext, w: RowBinaryWriter, from: number, to: number): void {
  const count = markDuplicates(ctx, from, to);
  w.varint(count);
  const kv = ctx.keyValues.data;
  const buf = ctx.reader.buf;
  const duplicate = ctx.duplicate;
  for (let at = from, i = 0; at < to; at += 4, i++) {
    ctx.path.enter('attributes', i);
    ctx.path.enter('value');
    if (duplicate[i] === 0) {
      w.bytesString(buf, kv[at]!, kv[at + 1]!);
      writeAnyValueString(ctx, w, kv[at + 2]!, kv[at + 3]!);
    } else {
      const mark = w.pos;
      writeAnyValueString(ctx, w, kv[at + 2]!, kv[at + 3]!);
      w.pos = mark;
    }
    ctx.path.leave();
    ctx.path.leave();
  }
}

/** Offset in `ctx.keyValues` of the last KeyValue in [from, to) whose key is `key` (ASCII), or -1. */
export function findLastKey(ctx: DecodeContext, from: number, to: number, key: Uint8Array): number {
  const kv = ctx.keyValues.data;
  const buf = ctx.reader.buf;
  for (let at = to - 4; at >= from; at -= 4) {
    const start = kv[at]!;
    if (kv[at + 1]! - start !== key.length) continue;
    let i = 0;
    while (i < key.length && buf[start + i] === key[i]) i++;
    if (i === key.length) return at;
  }
  return -1;
}

/** Sets `ctx.duplicate[i]` for each KeyValue whose key occurs again later; returns how many remain. */
function markDuplicates(ctx: DecodeContext, from: number, to: number): number {
  const count = (to - from) >> 2;
  if (ctx.duplicate.length < count) ctx.duplicate = new Uint8Array(count * 2);
  const duplicate = ctx.duplicate;
  duplicate.fill(0, 0, count);
  if (count < 2) return count;
  const kv = ctx.keyValues.data;
  const buf = ctx.reader.buf;
  let remaining = count;
  if (count <= PAIRWISE_MAX_KEYS) {
    for (let i = 0; i < count - 1; i++) {
      const aStart = kv[from + 4 * i]!;
      const length = kv[from + 4 * i + 1]! - aStart;
      for (let j = i + 1; j < count; j++) {
        const bStart = kv[from + 4 * j]!;
        if (kv[from + 4 * j + 1]! - bStart !== length) continue;
        let k = 0;
        while (k < length && buf[aStart + k] === buf[bStart + k]) k++;
        if (k === length) {
          duplicate[i] = 1;
          remaining--;
          break;
        }
      }
    }
    return remaining;
  }
  const lastIndex = new Map<string, number>();
  const keyOf = (i: number) => buf.toString('latin1', kv[from + 4 * i]!, kv[from + 4 * i + 1]!);
  for (let i = 0; i < count; i++) lastIndex.set(keyOf(i), i);
  for (let i = 0; i < count; i++) {
    if (lastIndex.get(keyOf(i)) !== i) {
      duplicate[i] = 1;
      remaining--;
    }
  }
  return remaining;
}
