import { z } from 'zod';
import type { AttributeMap, FeedSpan } from '../../collector/live-feed.js';
import { feedTimeMs } from '../../collector/feed/feed-time.js';

/**
 * Whole spans read back from `otel_traces` in the live feed's shape
 * (`FeedSpan`), so the REST API, the stream and a rebuild of the fleet
 * state from storage all hand out one span type.
 */

/** The SELECT list that `toFeedSpan` reads. */
export const FEED_SPAN_COLUMNS = `TraceId AS traceId, SpanId AS spanId, ParentSpanId AS parentSpanId, SpanName AS name, ServiceName AS serviceName,
       toString(toUnixTimestamp64Nano(Timestamp)) AS startNs, toString(Duration) AS durationNs,
       StatusCode AS statusCode, StatusMessage AS statusMessage, ResourceAttributes AS resource, SpanAttributes AS attributes,
       arrayMap(t -> toString(toUnixTimestamp64Nano(t)), Events.Timestamp) AS eventNs, Events.Name AS eventNames, Events.Attributes AS eventAttributes`;

export interface FeedSpanRow {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string;
  readonly name: string;
  readonly serviceName: string;
  readonly startNs: string;
  readonly durationNs: string;
  readonly statusCode: string;
  readonly statusMessage: string;
  readonly resource: AttributeMap;
  readonly attributes: AttributeMap;
  readonly eventNs: readonly string[];
  readonly eventNames: readonly string[];
  readonly eventAttributes: readonly AttributeMap[];
}

export function toFeedSpan(row: FeedSpanRow): FeedSpan {
  const { startNs, durationNs, eventNs, eventNames, eventAttributes, ...span } = row;
  return {
    ...span,
    startMs: feedTimeMs(BigInt(startNs)),
    endMs: feedTimeMs(BigInt(startNs) + BigInt(durationNs)),
    events: eventNames.map((name, i) => ({ name, timeMs: feedTimeMs(BigInt(eventNs[i]!)), attributes: eventAttributes[i] ?? {} })),
  };
}

const attributeMapSchema = z.record(z.string(), z.string()).describe('attribute values as stored: strings (numbers and booleans in their text form, arrays as JSON)');

/** `FeedSpan` (collector/live-feed.ts) as a schema. */
export const feedSpanSchema = z.object({
  traceId: z.string(),
  spanId: z.string(),
  parentSpanId: z.string().describe("'' for a root span"),
  name: z.string(),
  serviceName: z.string().describe('the agent (`service.name`)'),
  startMs: z.number().describe('epoch milliseconds, fractional (microsecond precision)'),
  endMs: z.number(),
  statusCode: z.string().describe('STATUS_CODE_UNSET | STATUS_CODE_OK | STATUS_CODE_ERROR'),
  statusMessage: z.string(),
  resource: attributeMapSchema,
  attributes: attributeMapSchema,
  events: z.array(z.object({ name: z.string(), timeMs: z.number(), attributes: attributeMapSchema })),
});
