import { TRACES_TABLE, quoteIdentifier } from '../../ingest/schema/otel-tables.js';
import type { Storage } from '../../ingest/storage.js';

/**
 * SQL pieces every query over `otel_traces` shares. Values always travel
 * as `{name:Type}` parameters, never spliced into the text.
 */

/** `` `otel`.`otel_traces` `` of this storage. */
export function tracesTable(storage: Storage): string {
  return `${quoteIdentifier(storage.database)}.${quoteIdentifier(TRACES_TABLE)}`;
}

/** A half-open time window [sinceMs, untilMs) in epoch milliseconds; an absent bound is open. */
export interface TimeWindow {
  readonly sinceMs: number | undefined;
  readonly untilMs: number | undefined;
}

/** Conditions joined by AND, with their parameters. */
export interface SqlFilter {
  readonly conditions: readonly string[];
  readonly params: Readonly<Record<string, unknown>>;
}

/**
 * `Timestamp` within the window, written so ClickHouse prunes partitions
 * (`toDate(Timestamp)`) and primary-key ranges (`toDateTime(Timestamp)`).
 */
export function windowFilter(window: TimeWindow): SqlFilter {
  const conditions: string[] = [];
  const params: Record<string, unknown> = {};
  if (window.sinceMs !== undefined) {
    conditions.push('Timestamp >= fromUnixTimestamp64Milli({sinceMs:Int64})');
    params['sinceMs'] = Math.floor(window.sinceMs);
  }
  if (window.untilMs !== undefined) {
    conditions.push('Timestamp < fromUnixTimestamp64Milli({untilMs:Int64})');
    params['untilMs'] = Math.ceil(window.untilMs);
  }
  return { conditions, params };
}

/** Several filters as one. */
export function allOf(...filters: readonly SqlFilter[]): SqlFilter {
  return { conditions: filters.flatMap((f) => f.conditions), params: Object.assign({}, ...filters.map((f) => f.params)) as Record<string, unknown> };
}

/** The WHERE clause body of a filter (`1` when it has no condition). */
export function whereSql(filter: SqlFilter): string {
  return filter.conditions.length === 0 ? '1' : filter.conditions.join('\n       AND ');
}

/** An attribute value as stored (every value is a string; '' when absent) → a number, or null when absent or not a number. */
export function numberOrNull(value: string): number | null {
  if (value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/** '' (an absent attribute) → null. */
export function stringOrNull(value: string): string | null {
  return value === '' ? null : value;
}
