/**
 * Decode benchmark: spans/s of the collector's OTLP decoder (protobuf →
 * RowBinary, and OTLP/JSON → RowBinary) against the obvious alternative
 * measured in the same run: protobufjs decode (for JSON: JSON.parse and
 * protobufjs fromObject), map objects to rows, write the same RowBinary.
 * Also log records/s. The same requests for all.
 */
import { pathToFileURL } from 'node:url';
import { decodeLogsRequest, decodeTracesRequest } from '../collector/otlp/index.js';
import { RowBinaryWriter } from '../ingest/rowbinary.js';
import { type InsertColumn, LOGS_INSERT_COLUMNS, TRACES_INSERT_COLUMNS } from '../ingest/schema/otel-tables.js';
import {
  agentLogsRequestObject,
  agentTraceRequestObject,
  logsRequestToJson,
  tracesRequestToJson,
} from './otlp-fixtures.js';
import { ExportLogsServiceRequest, ExportTraceServiceRequest, fromOtlpJson, type MessageType } from './otlp-protobufjs.js';
import { referenceLogRows, referenceTraceRows, type Row } from './otlp-reference.js';
import { writeRows } from './rowbinary-rows.js';
import type { BenchRow } from './table.js';
import { formatBenchTable } from './table.js';
import { itemsPerSecond } from './throughput.js';

const SPANS_PER_REQUEST = 512;
/** Distinct requests cycled through, so no single input stays hot in caches. */
const REQUESTS = 16;

export async function main(): Promise<void> {
  const seeds = Array.from({ length: REQUESTS }, (_, i) => i + 1);
  const traces = seeds.map((seed) => agentTraceRequestObject({ spans: SPANS_PER_REQUEST, seed }));
  const traceProtobuf = traces.map((r) => Buffer.from(ExportTraceServiceRequest.encode(r).finish()));
  const traceJson = traces.map(tracesRequestToJson);
  const logs = seeds.map((seed) => agentLogsRequestObject({ spans: SPANS_PER_REQUEST, seed }));
  const logsProtobuf = logs.map((r) => Buffer.from(ExportLogsServiceRequest.encode(r).finish()));
  const logsJson = logs.map(logsRequestToJson);

  const writer = new RowBinaryWriter();
  const toRowBinary = (columns: readonly InsertColumn[], rows: Row[]) => {
    writer.reset();
    writeRows(writer, columns, rows);
    return writer.toBuffer();
  };
  const parseJson = <T>(type: MessageType<T>, body: Buffer) => fromOtlpJson(type, JSON.parse(body.toString('utf8')) as Record<string, unknown>);
  const baseline = {
    traces: (body: Buffer) => toRowBinary(TRACES_INSERT_COLUMNS, referenceTraceRows(ExportTraceServiceRequest.decode(body)).rows),
    tracesJson: (body: Buffer) => toRowBinary(TRACES_INSERT_COLUMNS, referenceTraceRows(parseJson(ExportTraceServiceRequest, body)).rows),
    logs: (body: Buffer) => toRowBinary(LOGS_INSERT_COLUMNS, referenceLogRows(ExportLogsServiceRequest.decode(body))),
    logsJson: (body: Buffer) => toRowBinary(LOGS_INSERT_COLUMNS, referenceLogRows(parseJson(ExportLogsServiceRequest, body))),
  };

  const n = SPANS_PER_REQUEST;
  const figure = (name: string, bodies: Buffer[], unit: string, ours: (body: Buffer) => unknown, base: (body: Buffer) => unknown, label: string): BenchRow => ({
    figure: name,
    value: itemsPerSecond(bodies, n, ours),
    unit,
    baseline: itemsPerSecond(bodies, n, base),
    baselineLabel: label,
  });
  const rows: BenchRow[] = [
    figure('traces protobuf → RowBinary', traceProtobuf, 'spans/s', (b) => decodeTracesRequest(b, 'protobuf'), baseline.traces, 'protobufjs + objects'),
    figure('traces OTLP/JSON → RowBinary', traceJson, 'spans/s', (b) => decodeTracesRequest(b, 'json'), baseline.tracesJson, 'JSON.parse + protobufjs + objects'),
    figure('logs protobuf → RowBinary', logsProtobuf, 'records/s', (b) => decodeLogsRequest(b, 'protobuf'), baseline.logs, 'protobufjs + objects'),
    figure('logs OTLP/JSON → RowBinary', logsJson, 'records/s', (b) => decodeLogsRequest(b, 'json'), baseline.logsJson, 'JSON.parse + protobufjs + objects'),
  ];
  const kib = (bodies: Buffer[]) => Math.round(bodies.reduce((sum, b) => sum + b.length, 0) / bodies.length / 1024);
  const title = `decode: ${SPANS_PER_REQUEST} items/request (protobuf ${kib(traceProtobuf)} KiB, JSON ${kib(traceJson)} KiB per traces request)`;
  process.stdout.write(`${formatBenchTable(title, rows)}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) await main();
