import type { SqlFilter } from './traces-sql.js';

/**
 * Keyset paging over spans: a page ends at a span's (Timestamp, TraceId,
 * SpanId), and the next page starts strictly after that key. Unlike an
 * offset, spans inserted meanwhile never shift a page, so paging through
 * a window returns every span that was there exactly once.
 */

export interface SpanKey {
  /** `Timestamp` in epoch nanoseconds, as ClickHouse prints an Int64. */
  readonly nanos: string;
  readonly traceId: string;
  readonly spanId: string;
}

export type SpanOrder = 'asc' | 'desc';

/** The key as an opaque, URL-safe string. */
export function encodeCursor(key: SpanKey): string {
  return Buffer.from(JSON.stringify([key.nanos, key.traceId, key.spanId])).toString('base64url');
}

/** The key of a cursor made by `encodeCursor`, or undefined for anything else. */
export function decodeCursor(cursor: string): SpanKey | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || !parsed.every((part) => typeof part === 'string')) return undefined;
  const [nanos, traceId, spanId] = parsed as [string, string, string];
  return /^\d{1,19}$/.test(nanos) ? { nanos, traceId, spanId } : undefined;
}

/** Spans strictly after `key` in `order`; the plain `Timestamp` bound lets ClickHouse skip partitions and granules. */
export function afterKeyFilter(key: SpanKey | undefined, order: SpanOrder): SqlFilter {
  if (key === undefined) return { conditions: [], params: {} };
  const [bound, strict] = order === 'asc' ? ['>=', '>'] : ['<=', '<'];
  return {
    conditions: [
      `Timestamp ${bound} fromUnixTimestamp64Nano({cursorNanos:Int64})`,
      `(Timestamp, TraceId, SpanId) ${strict} (fromUnixTimestamp64Nano({cursorNanos:Int64}), {cursorTraceId:String}, {cursorSpanId:String})`,
    ],
    params: { cursorNanos: key.nanos, cursorTraceId: key.traceId, cursorSpanId: key.spanId },
  };
}

/** `ORDER BY` matching the key. */
export function keyOrderSql(order: SpanOrder): string {
  const direction = order === 'asc' ? 'ASC' : 'DESC';
  return `Timestamp ${direction}, TraceId ${direction}, SpanId ${direction}`;
}

/**
 * The page and the cursor of the next one, from `limit + 1` rows read:
 * the extra row only says whether there is more.
 */
export function pageOf<T>(rows: readonly T[], limit: number, keyOf: (row: T) => SpanKey): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null };
}
