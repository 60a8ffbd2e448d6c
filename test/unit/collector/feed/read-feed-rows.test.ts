import { describe, expect, it } from 'vitest';
import { agentLogsRequestObject, agentTraceRequestObject } from '../../../../bench/otlp-fixtures.js';
import { ExportLogsServiceRequest, ExportTraceServiceRequest, type OtlpLogsRequest, type OtlpTracesRequest } from '../../../../bench/otlp-protobufjs.js';
import type { Row } from '../../../../bench/otlp-reference.js';
import { feedTimeMs } from '../../../../collector/feed/feed-time.js';
import { readFeedBatch } from '../../../../collector/feed/read-feed-rows.js';
import { ByteKeySet, RowBinaryReadError } from '../../../../collector/feed/row-cursor.js';
import type { FeedLogEvent, FeedSpan } from '../../../../collector/live-feed.js';
import { decodeLogsRequest, decodeTracesRequest } from '../../../../collector/otlp/index.js';
import { LOGS_INSERT_COLUMNS, TRACES_INSERT_COLUMNS } from '../../../../ingest/schema/otel-tables.js';
import { randomLogsRequest, randomTracesRequest } from '../../../helpers/random-otlp.js';
import { readRows } from '../../../helpers/rowbinary-reader.js';

const REQUESTS = 300;

const OUR_SPAN_NAMES = ['invoke_agent alice', 'execute_tool Edit', 'execute_tool ', 'file.edit', 'file.intent', 'assumption', 'command', 'llm.request'];
const OTHER_SPAN_NAMES = ['', 'execute_tool', 'invoke_agent', 'file.edits', 'command ', 'Assumption', 'GET /api/v1', 'ünïcødé 😀', 'x'.repeat(300)];
const OUR_EVENT_NAMES = ['session.start', 'session.end', 'user.prompt', 'turn.end', 'subagent.end', 'notification', 'compact', 'tool.start', 'tool.end', 'heartbeat'];
const OTHER_EVENT_NAMES = ['', 'tool_result', 'claude_code.api_request', 'heartbeats', 'session.star'];
const ALL_SPAN_NAMES = [...OUR_SPAN_NAMES, ...OTHER_SPAN_NAMES];
const ALL_EVENT_NAMES = [...OUR_EVENT_NAMES, ...OTHER_EVENT_NAMES];

const entries = (value: unknown) => Object.fromEntries(value as [string, string][]);

/** What the feed must say about a row, from the test's own independent RowBinary reader. */
function expectedSpan(row: Row): FeedSpan {
  const start = row['Timestamp'] as bigint;
  const times = row['Events.Timestamp'] as bigint[];
  return {
    traceId: row['TraceId'] as string,
    spanId: row['SpanId'] as string,
    parentSpanId: row['ParentSpanId'] as string,
    name: row['SpanName'] as string,
    serviceName: row['ServiceName'] as string,
    startMs: feedTimeMs(start),
    endMs: feedTimeMs(start + (row['Duration'] as bigint)),
    statusCode: row['StatusCode'] as string,
    statusMessage: row['StatusMessage'] as string,
    resource: entries(row['ResourceAttributes']),
    attributes: entries(row['SpanAttributes']),
    events: times.map((time, i) => ({
      name: (row['Events.Name'] as string[])[i]!,
      timeMs: feedTimeMs(time),
      attributes: entries((row['Events.Attributes'] as unknown[])[i]),
    })),
  };
}

function expectedLogEvent(row: Row): FeedLogEvent {
  return {
    timeMs: feedTimeMs(row['Timestamp'] as bigint),
    traceId: row['TraceId'] as string,
    spanId: row['SpanId'] as string,
    eventName: row['EventName'] as string,
    serviceName: row['ServiceName'] as string,
    body: row['Body'] as string,
    resource: entries(row['ResourceAttributes']),
    attributes: entries(row['LogAttributes']),
  };
}

/** Renames the request's spans round-robin from `names`. */
function renameSpans(request: OtlpTracesRequest, names: readonly string[]): OtlpTracesRequest {
  let n = 0;
  for (const resource of request.resourceSpans ?? []) for (const scope of resource.scopeSpans ?? []) for (const span of scope.spans ?? []) span.name = names[n++ % names.length]!;
  return request;
}

function renameEvents(request: OtlpLogsRequest, names: readonly string[]): OtlpLogsRequest {
  let n = 0;
  for (const resource of request.resourceLogs ?? []) for (const scope of resource.scopeLogs ?? []) for (const log of scope.logRecords ?? []) log.eventName = names[n++ % names.length]!;
  return request;
}

describe('reading the decoder\'s RowBinary rows back for the live feed', () => {
  it('gives every field of every agentfleet span as stored, and drops the other spans', () => {
    let kept = 0;
    let dropped = 0;
    for (let seed = 1; seed <= REQUESTS; seed++) {
      const request = renameSpans(randomTracesRequest(seed), seed % 2 === 0 ? ALL_SPAN_NAMES : [...ALL_SPAN_NAMES].reverse());
      const { rows } = decodeTracesRequest(Buffer.from(ExportTraceServiceRequest.encode(request).finish()), 'protobuf');
      const all = readRows(rows.data, TRACES_INSERT_COLUMNS);
      const ours = all.filter((row) => OUR_SPAN_NAMES.includes(row['SpanName'] as string));
      const batch = readFeedBatch(rows);
      expect(batch, `seed ${seed}`).toEqual(ours.length === 0 ? undefined : { signal: 'traces', spans: ours.map(expectedSpan) });
      kept += ours.length;
      dropped += all.length - ours.length;
    }
    // The generator must exercise both outcomes.
    expect(kept).toBeGreaterThan(500);
    expect(dropped).toBeGreaterThan(500);
  });

  it('gives every field of every session event as stored, and drops other log records', () => {
    let kept = 0;
    let dropped = 0;
    for (let seed = 1; seed <= REQUESTS; seed++) {
      const request = renameEvents(randomLogsRequest(seed), seed % 2 === 0 ? ALL_EVENT_NAMES : [...ALL_EVENT_NAMES].reverse());
      const { rows } = decodeLogsRequest(Buffer.from(ExportLogsServiceRequest.encode(request).finish()), 'protobuf');
      const all = readRows(rows.data, LOGS_INSERT_COLUMNS);
      const ours = all.filter((row) => OUR_EVENT_NAMES.includes(row['EventName'] as string));
      expect(readFeedBatch(rows), `seed ${seed}`).toEqual(ours.length === 0 ? undefined : { signal: 'logs', logs: ours.map(expectedLogEvent) });
      kept += ours.length;
      dropped += all.length - ours.length;
    }
    expect(kept).toBeGreaterThan(500);
    expect(dropped).toBeGreaterThan(200);
  });

  it('keeps every span of an agent-like request, with its attributes as strings', () => {
    const request = agentTraceRequestObject({ spans: 40, seed: 7 });
    const { rows } = decodeTracesRequest(Buffer.from(ExportTraceServiceRequest.encode(request).finish()), 'protobuf');
    const batch = readFeedBatch(rows);
    expect(batch?.signal).toBe('traces');
    const spans = batch?.signal === 'traces' ? batch.spans : [];
    expect(spans).toHaveLength(40);
    const edit = spans.find((span) => span.name === 'file.edit')!;
    expect(edit.attributes['agentfleet.file.lines_added']).toMatch(/^\d+$/);
    expect(edit.resource['service.name']).toBe(edit.serviceName);
    expect(edit.endMs).toBeGreaterThan(edit.startMs);
  });

  it('reads only the attributes it is asked for, stepping over the others (tool arguments and results)', () => {
    const request = agentTraceRequestObject({ spans: 40, seed: 7 });
    const { rows } = decodeTracesRequest(Buffer.from(ExportTraceServiceRequest.encode(request).finish()), 'protobuf');
    const all = readFeedBatch(rows);
    const some = readFeedBatch(rows, { attributeKeys: new ByteKeySet(['agentfleet.file.path', 'no.such.key', 'agentfleet.file.pat']) });
    const spansOf = (batch: typeof all) => (batch?.signal === 'traces' ? batch.spans : []);
    expect(spansOf(some)).toEqual(
      spansOf(all).map((span) => ({
        ...span,
        attributes: 'agentfleet.file.path' in span.attributes ? { 'agentfleet.file.path': span.attributes['agentfleet.file.path'] } : {},
      })),
    );
    expect(spansOf(some).filter((span) => 'agentfleet.file.path' in span.attributes).length).toBeGreaterThan(0);
  });

  it('finds nothing in log records without a session event name', () => {
    const { rows } = decodeLogsRequest(Buffer.from(ExportLogsServiceRequest.encode(agentLogsRequestObject({ spans: 20 })).finish()), 'protobuf');
    expect(rows.rowCount).toBe(20);
    expect(readFeedBatch(rows)).toBeUndefined();
  });

  it('keeps microseconds of a nanosecond time, also past 2^53 nanoseconds and before 1970', () => {
    expect(feedTimeMs(1_764_000_000_123_456_789n)).toBe(1_764_000_000_123.456);
    expect(feedTimeMs(0n)).toBe(0);
    expect(feedTimeMs(-1_500_000n)).toBe(-1.5);
  });

  it('refuses rows that end early or have bytes left over', () => {
    const request = renameSpans(agentTraceRequestObject({ spans: 3, seed: 3 }), ['file.edit']);
    const { rows } = decodeTracesRequest(Buffer.from(ExportTraceServiceRequest.encode(request).finish()), 'protobuf');
    expect(() => readFeedBatch({ ...rows, data: rows.data.subarray(0, rows.data.length - 1) })).toThrow(RowBinaryReadError);
    expect(() => readFeedBatch({ ...rows, rowCount: 2 })).toThrow(/end at byte/);
  });
});
