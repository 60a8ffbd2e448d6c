import { describe, expect, it } from 'vitest';
import { agentLogsRequest } from '../../../../bench/otlp-fixtures.js';
import { ExportLogsServiceRequest, type OtlpLogRecord } from '../../../../bench/otlp-protobufjs.js';
import { decodeLogsRequest, OtlpDecodeError } from '../../../../collector/otlp/index.js';
import { LOGS_INSERT_COLUMNS } from '../../../../ingest/schema/otel-tables.js';
import { readRows } from '../../../helpers/rowbinary-reader.js';

function encode(records: OtlpLogRecord[]): Buffer {
  return Buffer.from(
    ExportLogsServiceRequest.encode({
      resourceLogs: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'agent-b' } }] },
          schemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
          scopeLogs: [
            {
              scope: { name: 'agentfleet', version: '0.1.0', attributes: [{ key: 'scope.attr', value: { boolValue: true } }] },
              schemaUrl: 'https://example.com/scope',
              logRecords: records,
            },
          ],
        },
      ],
    }).finish(),
  );
}

const rowsOf = (body: Buffer) => readRows(decodeLogsRequest(body, 'protobuf').rows.data, LOGS_INSERT_COLUMNS);

describe('the logs decoder', () => {
  it('maps a log record to the exporter columns', () => {
    const [row] = rowsOf(
      encode([
        {
          timeUnixNano: '1748779200000000001',
          observedTimeUnixNano: '1748779200000000002',
          severityNumber: 17,
          severityText: 'ERROR',
          body: { kvlistValue: { values: [{ key: 'cmd', value: { stringValue: 'npm test' } }] } },
          attributes: [{ key: 'exit', value: { intValue: 1 } }],
          flags: 1,
          traceId: Buffer.alloc(16, 0x11),
          spanId: Buffer.alloc(8, 0x22),
          eventName: 'agentfleet.command.failed',
        },
      ]),
    );
    expect(row).toEqual({
      Timestamp: 1748779200000000001n,
      TraceId: '11'.repeat(16),
      SpanId: '22'.repeat(8),
      TraceFlags: 1,
      SeverityText: 'ERROR',
      SeverityNumber: 17,
      ServiceName: 'agent-b',
      Body: '{"cmd":"npm test"}',
      ResourceSchemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
      ResourceAttributes: [['service.name', 'agent-b']],
      ScopeSchemaUrl: 'https://example.com/scope',
      ScopeName: 'agentfleet',
      ScopeVersion: '0.1.0',
      ScopeAttributes: [['scope.attr', 'true']],
      LogAttributes: [['exit', '1']],
      EventName: 'agentfleet.command.failed',
    });
  });

  it('falls back to the observed time when the record has none', () => {
    const rows = rowsOf(encode([{ observedTimeUnixNano: '5' }, { timeUnixNano: '0', observedTimeUnixNano: '6' }, {}]));
    expect(rows.map((r) => r.Timestamp)).toEqual([5n, 6n, 0n]);
  });

  it('keeps records without trace context, and the low byte of flags and severity', () => {
    const decoded = decodeLogsRequest(encode([{ flags: 0x1ff, severityNumber: 300, body: { stringValue: 'x' } }]), 'protobuf');
    expect(decoded.rejectedItems).toBe(0);
    expect(readRows(decoded.rows.data, LOGS_INSERT_COLUMNS)[0]).toMatchObject({ TraceId: '', SpanId: '', TraceFlags: 0xff, SeverityNumber: 44, Body: 'x' });
  });

  it('fails the request on an id of the wrong length, naming it', () => {
    expect(() => rowsOf(encode([{}, { traceId: Buffer.alloc(3, 1) }]))).toThrow(
      new OtlpDecodeError('resource_logs[0].scope_logs[0].log_records[1].trace_id: expected 16 bytes, got 3'),
    );
  });

  it('decodes the benchmark fixture', () => {
    const decoded = decodeLogsRequest(agentLogsRequest({ spans: 40, seed: 2 }), 'protobuf');
    const rows = readRows(decoded.rows.data, LOGS_INSERT_COLUMNS);
    expect(rows).toHaveLength(40);
    expect(rows.every((r) => (r.EventName as string).startsWith('agentfleet.'))).toBe(true);
  });
});
