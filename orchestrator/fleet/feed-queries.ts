import type { FeedLogEvent, FeedSpan } from '../../collector/live-feed.js';
import { FEED_EVENT_NAMES, FEED_SPAN_NAMES, FEED_SPAN_PREFIXES } from '../../collector/feed/feed-vocabulary.js';
import { feedTimeMs } from '../../collector/feed/feed-time.js';
import { LOGS_TABLE, quoteIdentifier } from '../../ingest/schema/otel-tables.js';
import type { Storage } from '../../ingest/storage.js';
import { FEED_SPAN_COLUMNS, toFeedSpan, type FeedSpanRow } from '../queries/span-rows.js';
import { allOf, tracesTable, whereSql, windowFilter, type SqlFilter, type TimeWindow } from '../queries/traces-sql.js';

/**
 * The live feed's items read back from storage, for the fleet state's
 * rebuild: the same vocabulary the collector feeds (collector/feed/
 * feed-vocabulary.ts), in the same shapes (`FeedSpan` via
 * queries/span-rows.ts, `FeedLogEvent` here), with the same time conversion.
 */

const logsTable = (storage: Storage) => `${quoteIdentifier(storage.database)}.${quoteIdentifier(LOGS_TABLE)}`;

/** `column` is one of `names` or starts with one of `prefixes`; parameters are called `<param><n>`, `<param>Prefix<n>`. */
function namedFilter(column: string, param: string, names: readonly string[], prefixes: readonly string[] = []): SqlFilter {
  const params: Record<string, unknown> = {};
  names.forEach((name, i) => (params[`${param}${i}`] = name));
  prefixes.forEach((prefix, i) => (params[`${param}Prefix${i}`] = prefix));
  const exact = `${column} IN (${names.map((_, i) => `{${param}${i}:String}`).join(', ')})`;
  const starts = prefixes.map((_, i) => `startsWith(${column}, {${param}Prefix${i}:String})`);
  return { conditions: [`(${[exact, ...starts].join(' OR ')})`], params };
}

const SPAN_FILTER = namedFilter('SpanName', 'feedSpan', FEED_SPAN_NAMES, FEED_SPAN_PREFIXES);
const EVENT_FILTER = namedFilter('EventName', 'feedEvent', FEED_EVENT_NAMES);

interface FeedLogEventRow {
  readonly timeNs: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly eventName: string;
  readonly serviceName: string;
  readonly body: string;
  readonly resource: Record<string, string>;
  readonly attributes: Record<string, string>;
}

/** Agentfleet spans starting in `window`, oldest first. */
export async function queryFeedSpans(storage: Storage, window: TimeWindow): Promise<FeedSpan[]> {
  const filter = allOf(SPAN_FILTER, windowFilter(window));
  const rows = await storage.query<FeedSpanRow>(
    `SELECT ${FEED_SPAN_COLUMNS} FROM ${tracesTable(storage)} WHERE ${whereSql(filter)} ORDER BY Timestamp, SpanId`,
    filter.params,
  );
  return rows.map(toFeedSpan);
}

/** Session events in `window`, oldest first. */
export async function queryFeedLogEvents(storage: Storage, window: TimeWindow): Promise<FeedLogEvent[]> {
  const filter = allOf(EVENT_FILTER, windowFilter(window));
  const rows = await storage.query<FeedLogEventRow>(
    `SELECT toString(toUnixTimestamp64Nano(Timestamp)) AS timeNs, TraceId AS traceId, SpanId AS spanId, EventName AS eventName,
            ServiceName AS serviceName, Body AS body, ResourceAttributes AS resource, LogAttributes AS attributes
     FROM ${logsTable(storage)} WHERE ${whereSql(filter)} ORDER BY Timestamp`,
    filter.params,
  );
  return rows.map(({ timeNs, ...event }) => ({ timeMs: feedTimeMs(BigInt(timeNs)), ...event }));
}

export interface HourRows {
  /** Start of the hour, epoch milliseconds. */
  readonly hourMs: number;
  /** Feed spans and session events in that hour. */
  readonly rows: number;
}

export const HOUR_MS = 3_600_000;

/** How many feed items each hour since `sinceMs` holds (hours without any are left out), oldest first: the rebuild's page plan. */
export async function feedRowsPerHour(storage: Storage, sinceMs: number): Promise<HourRows[]> {
  const window = windowFilter({ sinceMs, untilMs: undefined });
  const spans = allOf(SPAN_FILTER, window);
  const events = allOf(EVENT_FILTER, window);
  // Epoch hours, not toStartOfHour: the server's time zone must not shift the boundaries.
  const hour = `intDiv(toUnixTimestamp64Milli(Timestamp), ${HOUR_MS})`;
  const rows = await storage.query<{ hour: string; rows: string }>(
    `SELECT hour, toString(sum(n)) AS rows FROM (
       SELECT ${hour} AS hour, count() AS n FROM ${tracesTable(storage)} WHERE ${whereSql(spans)} GROUP BY hour
       UNION ALL
       SELECT ${hour} AS hour, count() AS n FROM ${logsTable(storage)} WHERE ${whereSql(events)} GROUP BY hour
     ) GROUP BY hour ORDER BY hour`,
    { ...spans.params, ...events.params },
  );
  return rows.map((row) => ({ hourMs: Number(row.hour) * HOUR_MS, rows: Number(row.rows) }));
}
