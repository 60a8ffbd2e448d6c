import { SpanKind, SpanStatusCode, context, trace, type HrTime, type Link } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter as OtlpJsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as OtlpProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPTraceExporter as OtlpJsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStorage } from '../../ingest/storage-url.js';
import type { Storage } from '../../ingest/storage.js';
import { createLogger } from '../../orchestrator/log.js';
import { startServer } from '../../orchestrator/server.js';
import { defaultServerConfig } from '../../orchestrator/server-config.js';
import { tempDir } from '../helpers/temp-dir.js';

/** Times with nanoseconds that a float of milliseconds could not carry. */
const START: HrTime = [1_764_000_000, 123_456_789];
const EVENT: HrTime = [1_764_000_000, 223_456_790];
const END: HrTime = [1_764_000_001, 987_654_321];
const ns = (t: HrTime) => (BigInt(t[0]) * 1_000_000_000n + BigInt(t[1])).toString();

const EXPORTERS = {
  protobuf: { traces: OtlpProtoTraceExporter, logs: OtlpProtoLogExporter },
  json: { traces: OtlpJsonTraceExporter, logs: OtlpJsonLogExporter },
} as const;
type Encoding = keyof typeof EXPORTERS;

interface SentTrace {
  readonly parent: ReadableSpan;
  readonly child: ReadableSpan;
  readonly linked: Link;
}

/**
 * Emits a parent and a child span through the real SDK and exports them with
 * the official OTLP exporter. Span attributes in the SDK API are primitives
 * and their arrays; kvlist and bytes values (valid OTLP, sent by other SDKs)
 * are added to the exported copy of the child, which the official exporter
 * serialises like any other attribute.
 */
async function sendTrace(encoding: Encoding, url: string): Promise<SentTrace> {
  const resource = resourceFromAttributes({ 'service.name': `sdk-${encoding}`, 'agentfleet.worktree': '/tmp/wt', 'deployment.count': 3 });
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor(memory)] });
  const tracer = provider.getTracer('roundtrip-scope', '9.8.7');
  const linked: Link = {
    context: { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1, traceState: undefined },
    attributes: { 'link.reason': 'follows', 'link.weight': 2 },
  };
  const parent = tracer.startSpan('invoke_agent roundtrip', {
    kind: SpanKind.SERVER,
    startTime: START,
    attributes: { 's': 'text ünïcødé', 'b': true, 'i': 42, 'neg': -7, 'd': 3.25, 'sa': ['x', 'y'], 'ia': [1, 2, 3], 'ba': [true, false], 'da': [0.5, 1.5] },
    links: [linked],
  });
  parent.addEvent('checkpoint', { 'step': 2, 'ok': true }, EVENT);
  parent.setStatus({ code: SpanStatusCode.ERROR, message: 'boom' });
  const child = tracer.startSpan('execute_tool Edit', { kind: SpanKind.CLIENT, startTime: START }, trace.setSpan(context.active(), parent));
  child.setStatus({ code: SpanStatusCode.OK });
  child.end(END);
  parent.end(END);
  await provider.forceFlush();
  const [childSpan, parentSpan] = memory.getFinishedSpans();
  const anyValueAttributes = { ...childSpan!.attributes, kv: { z: 1, a: 'x', nested: [true, 'two'] }, raw: new Uint8Array([0, 1, 2, 250, 255]) };
  const childWithAnyValues = new Proxy(childSpan!, {
    get: (span, key) => (key === 'attributes' ? anyValueAttributes : Reflect.get(span, key)),
  });

  const exporter: SpanExporter = new EXPORTERS[encoding].traces({ url: `${url}/v1/traces` });
  const result = await new Promise<{ code: number; error?: Error }>((resolve) => exporter.export([parentSpan!, childWithAnyValues], resolve));
  expect(result.error).toBeUndefined();
  expect(result.code).toBe(0);
  await exporter.shutdown();
  await provider.shutdown();
  return { parent: parentSpan!, child: childWithAnyValues, linked };
}

async function sendLog(encoding: Encoding, url: string, spanContextOf: ReadableSpan): Promise<void> {
  const exporter = new EXPORTERS[encoding].logs({ url: `${url}/v1/logs` });
  const provider = new LoggerProvider({ resource: resourceFromAttributes({ 'service.name': `sdk-${encoding}` }), processors: [new SimpleLogRecordProcessor({ exporter })] });
  provider.getLogger('roundtrip-logger', '1.2.3').emit({
    timestamp: START,
    observedTimestamp: END,
    severityNumber: SeverityNumber.WARN,
    severityText: 'WARN',
    body: { tool: 'Bash', exit: 1, output: new Uint8Array([104, 105]) },
    attributes: { 'event.name': 'tool_result', 'bytes': new Uint8Array([1, 2]), 'map': { k: 'v' } },
    eventName: 'claude_code.tool_result',
    context: trace.setSpanContext(context.active(), spanContextOf.spanContext()),
  });
  await provider.forceFlush();
  await provider.shutdown();
}

describe('spans and logs from the official OpenTelemetry JS SDK', () => {
  const sent: Partial<Record<Encoding, SentTrace>> = {};
  let storage: Storage;

  beforeAll(async () => {
    const dataDir = tempDir();
    const defaults = defaultServerConfig();
    const server = await startServer(
      { ...defaults, dataDir, port: 0, collector: { ...defaults.collector, port: 0 }, ingest: { ...defaults.ingest, syncMode: 'none', flushIntervalMs: 50 } },
      createLogger('warn'),
    );
    for (const encoding of ['protobuf', 'json'] as const) {
      sent[encoding] = await sendTrace(encoding, server.otlpUrl);
      await sendLog(encoding, server.otlpUrl, sent[encoding]!.parent);
    }
    await server.shutdown();
    storage = createStorage({ storage: 'chdb', dataDir });
    await storage.start();
  });
  afterAll(() => storage?.shutdown());

  async function spanRow(spanId: string): Promise<Record<string, unknown>> {
    const rows = await storage.query(
      `SELECT *, toString(toUnixTimestamp64Nano(Timestamp)) AS TimestampNs, arrayMap(t -> toString(toUnixTimestamp64Nano(t)), Events.Timestamp) AS EventNs
       FROM ${storage.database}.otel_traces WHERE SpanId = {id:String}`,
      { id: spanId },
    );
    expect(rows).toHaveLength(1);
    return rows[0]!;
  }

  for (const encoding of ['protobuf', 'json'] as const) {
    it(`stores every field of a ${encoding} span intact: ids, parent, kind, status, nanosecond times, typed attributes, events, links, resource and scope`, async () => {
      const { parent, linked } = sent[encoding]!;
      const row = await spanRow(parent.spanContext().spanId);
      expect(row).toMatchObject({
        TraceId: parent.spanContext().traceId,
        SpanId: parent.spanContext().spanId,
        ParentSpanId: '',
        SpanName: 'invoke_agent roundtrip',
        SpanKind: 'SPAN_KIND_SERVER',
        ServiceName: `sdk-${encoding}`,
        ScopeName: 'roundtrip-scope',
        ScopeVersion: '9.8.7',
        StatusCode: 'STATUS_CODE_ERROR',
        StatusMessage: 'boom',
        TimestampNs: ns(START),
        Duration: (BigInt(ns(END)) - BigInt(ns(START))).toString(),
        SpanAttributes: { s: 'text ünïcødé', b: 'true', i: '42', neg: '-7', d: '3.25', sa: '["x","y"]', ia: '[1,2,3]', ba: '[true,false]', da: '[0.5,1.5]' },
        'Events.Name': ['checkpoint'],
        EventNs: [ns(EVENT)],
        'Events.Attributes': [{ step: '2', ok: 'true' }],
        'Links.TraceId': [linked.context.traceId],
        'Links.SpanId': [linked.context.spanId],
        'Links.TraceState': [''],
        'Links.Attributes': [{ 'link.reason': 'follows', 'link.weight': '2' }],
      });
      expect(row['ResourceAttributes']).toMatchObject({ 'service.name': `sdk-${encoding}`, 'agentfleet.worktree': '/tmp/wt', 'deployment.count': '3' });
    });

    it(`stores a ${encoding} child span under its parent with kvlist and bytes attribute values`, async () => {
      const { parent, child } = sent[encoding]!;
      const row = await spanRow(child.spanContext().spanId);
      expect(row).toMatchObject({
        TraceId: parent.spanContext().traceId,
        ParentSpanId: parent.spanContext().spanId,
        SpanKind: 'SPAN_KIND_CLIENT',
        StatusCode: 'STATUS_CODE_OK',
        TimestampNs: ns(START),
        SpanAttributes: { kv: '{"a":"x","nested":[true,"two"],"z":1}', raw: Buffer.from([0, 1, 2, 250, 255]).toString('base64') },
      });
    });

    it(`stores a ${encoding} log record with its body, typed attributes, trace context and event name`, async () => {
      const { parent } = sent[encoding]!;
      const rows = await storage.query(
        `SELECT *, toString(toUnixTimestamp64Nano(Timestamp)) AS TimestampNs FROM ${storage.database}.otel_logs WHERE ServiceName = {service:String}`,
        { service: `sdk-${encoding}` },
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        TimestampNs: ns(START),
        TraceId: parent.spanContext().traceId,
        SpanId: parent.spanContext().spanId,
        TraceFlags: 1,
        SeverityText: 'WARN',
        SeverityNumber: SeverityNumber.WARN,
        Body: `{"exit":1,"output":"${Buffer.from('hi').toString('base64')}","tool":"Bash"}`,
        ScopeName: 'roundtrip-logger',
        ScopeVersion: '1.2.3',
        LogAttributes: { 'event.name': 'tool_result', bytes: Buffer.from([1, 2]).toString('base64'), map: '{"k":"v"}' },
        EventName: 'claude_code.tool_result',
      });
    });
  }
});
