import { z } from 'zod';
import type { FeedSpan } from '../../collector/live-feed.js';
import type { Storage } from '../../ingest/storage.js';
import { ATTR_SERVICE_INSTANCE_ID } from '../../semconv/index.js';
import { afterKeyFilter, keyOrderSql, pageOf, type SpanKey } from './span-cursor.js';
import { FEED_SPAN_COLUMNS, feedSpanSchema, toFeedSpan, type FeedSpanRow } from './span-rows.js';
import { narrowWindow, traceTimeRange } from './trace-time-range.js';
import { allOf, tracesTable, whereSql, windowFilter, type SqlFilter, type TimeWindow } from './traces-sql.js';

export interface SpansRequest {
  readonly window: TimeWindow;
  /** `service.name`. */
  readonly agent: string | undefined;
  /** `service.instance.id` (one `agentfleet run`). */
  readonly session: string | undefined;
  readonly traceId: string | undefined;
  /** A span name, or a prefix ending in `*` (`execute_tool *`). */
  readonly name: string | undefined;
  readonly limit: number;
  /** Start after this span (the previous page's last). */
  readonly after: SpanKey | undefined;
}

export const spansPageSchema = z.object({
  spans: z.array(feedSpanSchema).describe('oldest first'),
  nextCursor: z.string().nullable().describe('pass as `cursor` for the next page; null on the last page'),
});
export interface SpansPage {
  readonly spans: readonly FeedSpan[];
  readonly nextCursor: string | null;
}

function filtersOf(request: SpansRequest): SqlFilter {
  const conditions: string[] = [];
  const params: Record<string, unknown> = {};
  if (request.agent !== undefined) {
    conditions.push('ServiceName = {agent:String}');
    params['agent'] = request.agent;
  }
  if (request.session !== undefined) {
    conditions.push('ResourceAttributes[{instanceKey:String}] = {session:String}');
    Object.assign(params, { instanceKey: ATTR_SERVICE_INSTANCE_ID, session: request.session });
  }
  if (request.traceId !== undefined) {
    conditions.push('TraceId = {traceId:String}');
    params['traceId'] = request.traceId;
  }
  if (request.name?.endsWith('*')) {
    conditions.push('startsWith(SpanName, {namePrefix:String})');
    params['namePrefix'] = request.name.slice(0, -1);
  } else if (request.name !== undefined) {
    conditions.push('SpanName = {name:String}');
    params['name'] = request.name;
  }
  return { conditions, params };
}

/** One page of spans in a time window, oldest first, keyset-paged (span-cursor.ts). */
export async function querySpans(storage: Storage, request: SpansRequest): Promise<SpansPage> {
  let window = request.window;
  if (request.traceId !== undefined) {
    const range = await traceTimeRange(storage, [request.traceId]);
    if (range === undefined) return { spans: [], nextCursor: null };
    window = narrowWindow(window, range);
  }
  const filter = allOf(windowFilter(window), filtersOf(request), afterKeyFilter(request.after, 'asc'));
  const rows = await storage.query<FeedSpanRow>(
    `SELECT ${FEED_SPAN_COLUMNS}
     FROM ${tracesTable(storage)}
     WHERE ${whereSql(filter)}
     ORDER BY ${keyOrderSql('asc')}
     LIMIT {limit:UInt32}`,
    { ...filter.params, limit: request.limit + 1 },
  );
  const { items, nextCursor } = pageOf(rows, request.limit, (row) => ({ nanos: row.startNs, traceId: row.traceId, spanId: row.spanId }));
  return { spans: items.map(toFeedSpan), nextCursor };
}
