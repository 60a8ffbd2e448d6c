import type { Storage } from '../../ingest/storage.js';
import { SCOPE_NAME } from '../../semconv/index.js';

/** A session event as the shim sends it and `otel_logs` stores it, with the columns the tests check. */
export interface StoredLogEvent {
  readonly EventName: string;
  readonly TraceId: string;
  readonly SpanId: string;
  readonly SeverityText: string;
  readonly Body: string;
  readonly LogAttributes: Readonly<Record<string, string>>;
  readonly ResourceAttributes: Readonly<Record<string, string>>;
  /** Unix milliseconds (fractional). */
  readonly timeMs: number;
}

/** Every session event the shim (scope `agentfleet`) stored for agent (`service.name`) `agent`, oldest first; the agent's own telemetry is left out. */
export async function storedLogEvents(storage: Storage, agent: string): Promise<StoredLogEvent[]> {
  const rows = await storage.query<Omit<StoredLogEvent, 'timeMs'> & { timeNs: string }>(
    `SELECT EventName, TraceId, SpanId, SeverityText, Body, LogAttributes, ResourceAttributes, toString(toUnixTimestamp64Nano(Timestamp)) AS timeNs
     FROM ${storage.database}.otel_logs WHERE ServiceName = {agent:String} AND ScopeName = {scope:String} ORDER BY Timestamp, EventName`,
    { agent, scope: SCOPE_NAME },
  );
  return rows.map(({ timeNs, ...event }) => ({ ...event, timeMs: Number(BigInt(timeNs) / 1000n) / 1000 }));
}

/** Polls until `agent` has a stored event called `name` (or `timeoutMs` passed), then returns all its events. */
export async function waitForLogEvent(storage: Storage, agent: string, name: string, timeoutMs = 15_000): Promise<StoredLogEvent[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const events = await storedLogEvents(storage, agent);
    if (events.some((e) => e.EventName === name) || Date.now() > deadline) return events;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export const eventNames = (events: readonly StoredLogEvent[]): string[] => events.map((e) => e.EventName);
