import { expect } from 'vitest';
import type { Storage } from '../../ingest/storage.js';

/** A span as stored in `otel_traces`, with the columns the end-to-end tests check. */
export interface StoredSpan {
  readonly SpanName: string;
  readonly SpanId: string;
  readonly ParentSpanId: string;
  readonly TraceId: string;
  readonly StatusCode: string;
  readonly SpanAttributes: Readonly<Record<string, string>>;
  readonly ResourceAttributes: Readonly<Record<string, string>>;
  /** Start and end in Unix milliseconds (fractional). */
  readonly startMs: number;
  readonly endMs: number;
  readonly 'Events.Name': readonly string[];
}

/** Every stored span of agent (`service.name`) `agent`, oldest first. */
export async function storedSpans(storage: Storage, agent: string): Promise<StoredSpan[]> {
  const rows = await storage.query<StoredSpan & { startNs: string; durationNs: string }>(
    `SELECT SpanName, SpanId, ParentSpanId, TraceId, StatusCode, SpanAttributes, ResourceAttributes, \`Events.Name\`,
            toString(toUnixTimestamp64Nano(Timestamp)) AS startNs, toString(Duration) AS durationNs
     FROM ${storage.database}.otel_traces WHERE ServiceName = {agent:String} ORDER BY Timestamp, SpanName`,
    { agent },
  );
  return rows.map(({ startNs, durationNs, ...span }) => ({ ...span, startMs: Number(BigInt(startNs) / 1000n) / 1000, endMs: Number((BigInt(startNs) + BigInt(durationNs)) / 1000n) / 1000 }));
}

/** Polls until `agent` has `count` spans stored (or `timeoutMs` passed), then returns what is stored. */
export async function waitForSpans(storage: Storage, agent: string, count: number, timeoutMs = 15_000): Promise<StoredSpan[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const spans = await storedSpans(storage, agent);
    if (spans.length >= count || Date.now() > deadline) return spans;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function named(spans: readonly StoredSpan[], name: string): StoredSpan[] {
  return spans.filter((s) => s.SpanName === name);
}

/** The one span called `name` (fails the test when there are none or several). */
export function sole(spans: readonly StoredSpan[], name: string): StoredSpan {
  const found = named(spans, name);
  expect(found.map((s) => s.SpanName), name).toEqual([name]);
  return found[0]!;
}

/** Every column of every row of `otel_traces` and `otel_logs` (of `agent` only, when given): what a leak check searches. */
export async function storedRows(storage: Storage, agent?: string): Promise<{ traces: Record<string, unknown>[]; logs: Record<string, unknown>[] }> {
  const where = agent === undefined ? '' : ' WHERE ServiceName = {agent:String}';
  const params = agent === undefined ? {} : { agent };
  return {
    traces: await storage.query<Record<string, unknown>>(`SELECT * FROM ${storage.database}.otel_traces${where}`, params),
    logs: await storage.query<Record<string, unknown>>(`SELECT * FROM ${storage.database}.otel_logs${where}`, params),
  };
}
