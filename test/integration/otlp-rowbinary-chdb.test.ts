import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { queryAsync } from 'chdb';
import { afterAll, describe, expect, it } from 'vitest';
import { agentLogsRequest, agentTraceRequest } from '../../bench/otlp-fixtures.js';
import { ExportLogsServiceRequest, ExportTraceServiceRequest } from '../../bench/otlp-protobufjs.js';
import { decodeLogsRequest, decodeTracesRequest } from '../../collector/otlp/index.js';
import { fileStructure, INSERT_COLUMNS, type Signal } from '../../ingest/schema/otel-tables.js';
import { randomLogsRequest, randomTracesRequest } from '../helpers/random-otlp.js';

const dir = mkdtempSync(path.join(tmpdir(), 'otlp-rowbinary-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Rows of many requests, back to back, as the write-ahead log holds them. */
function decodedRows(signal: Signal): { data: Buffer; rowCount: number } {
  const bodies =
    signal === 'traces'
      ? [agentTraceRequest({ spans: 200 }), ...Array.from({ length: 200 }, (_, i) => Buffer.from(ExportTraceServiceRequest.encode(randomTracesRequest(i + 1)).finish()))]
      : [agentLogsRequest({ spans: 200 }), ...Array.from({ length: 200 }, (_, i) => Buffer.from(ExportLogsServiceRequest.encode(randomLogsRequest(i + 1)).finish()))];
  const decoded = bodies.map((body) => (signal === 'traces' ? decodeTracesRequest(body, 'protobuf') : decodeLogsRequest(body, 'protobuf')).rows);
  return { data: Buffer.concat(decoded.map((rows) => rows.data)), rowCount: decoded.reduce((sum, rows) => sum + rows.rowCount, 0) };
}

describe("ClickHouse's file(…, RowBinary, structure) reading the decoder's rows", () => {
  for (const signal of ['traces', 'logs'] as const) {
    it(`reads every ${signal} row and writes the same bytes back`, async () => {
      const { data, rowCount } = decodedRows(signal);
      const file = path.join(dir, `${signal}.rowbinary`);
      writeFileSync(file, data);
      const source = `file('${file}', 'RowBinary', '${fileStructure(INSERT_COLUMNS[signal])}')`;
      const count = await queryAsync(`SELECT count() FROM ${source}`, { format: 'CSV' });
      expect(Number(count.text().trim())).toBe(rowCount);
      const echoed = await queryAsync(`SELECT * FROM ${source}`, { format: 'RowBinary' });
      expect(Buffer.from(echoed.bytes()).equals(data)).toBe(true);
    });
  }
});
