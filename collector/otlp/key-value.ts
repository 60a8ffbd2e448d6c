import type { DecodeContext } from './decode-context.js';
import { KEY_VALUE } from './proto-fields.js';

const T = KEY_VALUE.tags;

/**
 * Reads the KeyValue message at [start, end) and appends its offsets to
 * `ctx.keyValues`: key start, key end, value start, value end (-1/-1 when
 * the value is absent, which reads as the empty value). The key must be
 * valid UTF-8; the value is checked when it is converted.
 */
export function scanKeyValue(ctx: DecodeContext, start: number, end: number): void {
  const r = ctx.reader;
  let keyStart = start;
  let keyEnd = start;
  let valueStart = -1;
  let valueEnd = -1;
  r.pos = start;
  while (r.pos < end) {
    const tag = r.tag(end, KEY_VALUE);
    if (tag === T.key) {
      r.string(end);
      keyStart = r.start;
      keyEnd = r.pos;
    } else if (tag === T.value) {
      r.bytes(end);
      valueStart = r.start;
      valueEnd = r.pos;
    } else {
      r.skip(tag, end);
    }
  }
  const list = ctx.keyValues;
  list.push(keyStart);
  list.push(keyEnd);
  list.push(valueStart);
  list.push(valueEnd);
}
