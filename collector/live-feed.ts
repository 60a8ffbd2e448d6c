/**
 * The live feed: what the collector hands the orchestrator after a request
 * is durable (DESIGN.md "Data flow": collector ──live span feed──▶
 * orchestrator). Only agentfleet's own vocabulary travels on it (spans named
 * in semconv/span-names.ts, log records with an `EventName` of
 * semconv/session-events.ts); other telemetry is stored but not fed.
 *
 * The same shapes come out of storage when the fleet state is rebuilt on
 * start (orchestrator/fleet/rebuild-from-storage.ts), so live and rebuilt state are made by
 * one `apply` function and cannot drift apart.
 */

/** String→string maps, as the exporter's `Map(LowCardinality(String), String)` columns hold them. */
export type AttributeMap = Readonly<Record<string, string>>;

export interface FeedSpanEvent {
  readonly name: string;
  readonly timeMs: number;
  readonly attributes: AttributeMap;
}

export interface FeedSpan {
  readonly traceId: string;
  readonly spanId: string;
  /** '' for a root span. */
  readonly parentSpanId: string;
  readonly name: string;
  readonly serviceName: string;
  /** Epoch milliseconds (fractional: nanosecond timestamps divided by 1e6). */
  readonly startMs: number;
  readonly endMs: number;
  /** `STATUS_CODE_UNSET` | `STATUS_CODE_OK` | `STATUS_CODE_ERROR`, as stored. */
  readonly statusCode: string;
  readonly statusMessage: string;
  readonly resource: AttributeMap;
  readonly attributes: AttributeMap;
  readonly events: readonly FeedSpanEvent[];
}

export interface FeedLogEvent {
  readonly timeMs: number;
  readonly traceId: string;
  readonly spanId: string;
  /** The event's name (`EventName` column), e.g. `tool.start`. */
  readonly eventName: string;
  readonly serviceName: string;
  readonly body: string;
  readonly resource: AttributeMap;
  readonly attributes: AttributeMap;
}

export type FeedBatch =
  | { readonly signal: 'traces'; readonly spans: readonly FeedSpan[] }
  | { readonly signal: 'logs'; readonly logs: readonly FeedLogEvent[] };

export type FeedListener = (batch: FeedBatch) => void;

/** Publish/subscribe of durable telemetry; listeners run synchronously in publish order and must not throw. */
export interface LiveFeed {
  subscribe(listener: FeedListener): () => void;
  /** True when someone listens: the collector skips reading rows back otherwise. */
  readonly active: boolean;
}
