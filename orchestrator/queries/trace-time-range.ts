import { TRACE_ID_TS_TABLE, quoteIdentifier } from '../../ingest/schema/otel-tables.js';
import type { Storage } from '../../ingest/storage.js';
import type { TimeWindow } from './traces-sql.js';

/**
 * When the given traces happened, from the exporter's `otel_traces_trace_id_ts`
 * lookup table (ordered by TraceId, so this is a primary-key read): reading
 * a trace's spans within that window lets ClickHouse skip every other
 * day's partition. Undefined when none of the traces is stored.
 */
export async function traceTimeRange(storage: Storage, traceIds: readonly string[]): Promise<TimeWindow | undefined> {
  if (traceIds.length === 0) return undefined;
  const table = `${quoteIdentifier(storage.database)}.${quoteIdentifier(TRACE_ID_TS_TABLE)}`;
  const [row] = await storage.query<{ traces: string; startS: string; endS: string }>(
    `SELECT count() AS traces, toString(toUnixTimestamp(min(Start))) AS startS, toString(toUnixTimestamp(max(End))) AS endS
     FROM ${table} WHERE TraceId IN {traceIds:Array(String)}`,
    { traceIds },
  );
  if (row === undefined || Number(row.traces) === 0) return undefined;
  // Start and End are span start times cut down to whole seconds: the last span may start up to a second after End.
  return { sinceMs: Number(row.startS) * 1000, untilMs: (Number(row.endS) + 1) * 1000 };
}

/** The part of `window` inside `range`. */
export function narrowWindow(window: TimeWindow, range: TimeWindow): TimeWindow {
  const pick = (a: number | undefined, b: number | undefined, f: (x: number, y: number) => number) => (a === undefined ? b : b === undefined ? a : f(a, b));
  return { sinceMs: pick(window.sinceMs, range.sinceMs, Math.max), untilMs: pick(window.untilMs, range.untilMs, Math.min) };
}
