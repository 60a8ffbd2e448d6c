import { describe, expect, it } from 'vitest';
import { afterKeyFilter, decodeCursor, encodeCursor, pageOf } from '../../../../orchestrator/queries/span-cursor.js';

const key = { nanos: '1764000000123456789', traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174' };

describe('span cursors', () => {
  it('round-trip a span key through an opaque URL-safe string', () => {
    const cursor = encodeCursor(key);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual(key);
  });

  it('decode nothing else', () => {
    const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const cursor of ['', '!!!', forged({ a: 1 }), forged(['1', 'a']), forged(['x', 'a', 'b']), forged([1, 'a', 'b']), forged(['1'.repeat(20), 'a', 'b'])]) {
      expect(decodeCursor(cursor), cursor).toBeUndefined();
    }
  });

  it('select strictly after the key in either order, with a plain time bound for pruning', () => {
    expect(afterKeyFilter(undefined, 'asc')).toEqual({ conditions: [], params: {} });
    const asc = afterKeyFilter(key, 'asc');
    expect(asc.conditions).toEqual([
      'Timestamp >= fromUnixTimestamp64Nano({cursorNanos:Int64})',
      '(Timestamp, TraceId, SpanId) > (fromUnixTimestamp64Nano({cursorNanos:Int64}), {cursorTraceId:String}, {cursorSpanId:String})',
    ]);
    expect(asc.params).toEqual({ cursorNanos: key.nanos, cursorTraceId: key.traceId, cursorSpanId: key.spanId });
    expect(afterKeyFilter(key, 'desc').conditions[1]).toContain(') < (');
  });

  it('cut a page from limit + 1 rows, with a cursor only when there is more', () => {
    const rows = [1, 2, 3].map((n) => ({ ...key, spanId: String(n) }));
    const full = pageOf(rows, 2, (row) => row);
    expect(full.items.map((r) => r.spanId)).toEqual(['1', '2']);
    expect(decodeCursor(full.nextCursor!)).toEqual({ ...key, spanId: '2' });
    expect(pageOf(rows, 3, (row) => row).nextCursor).toBeNull();
  });
});
