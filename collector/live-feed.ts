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

import {
  ATTR_AGENTFLEET_ASSUMPTION_SUBJECT,
  ATTR_AGENTFLEET_ASSUMPTION_TEXT,
  ATTR_AGENTFLEET_COMMAND_EXIT_CODE,
  ATTR_AGENTFLEET_EVENT_DETAIL,
  ATTR_AGENTFLEET_EXIT_CODE,
  ATTR_AGENTFLEET_EXIT_SIGNAL,
  ATTR_AGENTFLEET_FILE_LINES_ADDED,
  ATTR_AGENTFLEET_FILE_LINES_REMOVED,
  ATTR_AGENTFLEET_FILE_OLD_PATH,
  ATTR_AGENTFLEET_FILE_OP,
  ATTR_AGENTFLEET_FILE_PATH,
  ATTR_AGENTFLEET_GATE_DECISION,
  ATTR_AGENTFLEET_LLM_COST_USD,
  ATTR_AGENTFLEET_TASK,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
} from '../semconv/index.js';

/**
 * The span and log attributes the feed carries (resources are carried
 * whole): what the fleet state is made of. Bulky text — tool arguments and
 * results, command output — stays in storage; reading it back for every
 * span would cost the collector a sixth of its CPU at full ingest rate.
 */
export const FEED_ATTRIBUTE_KEYS: ReadonlySet<string> = new Set([
  ATTR_AGENTFLEET_ASSUMPTION_SUBJECT,
  ATTR_AGENTFLEET_ASSUMPTION_TEXT,
  ATTR_AGENTFLEET_COMMAND_EXIT_CODE,
  ATTR_AGENTFLEET_EVENT_DETAIL,
  ATTR_AGENTFLEET_EXIT_CODE,
  ATTR_AGENTFLEET_EXIT_SIGNAL,
  ATTR_AGENTFLEET_FILE_LINES_ADDED,
  ATTR_AGENTFLEET_FILE_LINES_REMOVED,
  ATTR_AGENTFLEET_FILE_OLD_PATH,
  ATTR_AGENTFLEET_FILE_OP,
  ATTR_AGENTFLEET_FILE_PATH,
  ATTR_AGENTFLEET_GATE_DECISION,
  ATTR_AGENTFLEET_LLM_COST_USD,
  ATTR_AGENTFLEET_TASK,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
]);

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
