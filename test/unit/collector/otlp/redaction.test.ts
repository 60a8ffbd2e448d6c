import { describe, expect, it } from 'vitest';
import { agentLogsRequest, agentTraceRequest } from '../../../../bench/otlp-fixtures.js';
import { ExportLogsServiceRequest, ExportTraceServiceRequest, type OtlpAnyValue, type OtlpKeyValue } from '../../../../bench/otlp-protobufjs.js';
import { decodeLogsRequest, decodeTracesRequest } from '../../../../collector/otlp/index.js';
import { LOGS_INSERT_COLUMNS, TRACES_INSERT_COLUMNS } from '../../../../ingest/schema/otel-tables.js';
import { createRedactor } from '../../../../redaction/create-redactor.js';
import { readRows } from '../../../helpers/rowbinary-reader.js';

const redactor = createRedactor();
const on = { redactor };
const TOKEN = 'ghp_ACd4g4LjrRlHnSGZbsEYvAm6HwNwyI9SZuL5';
const MARKED = '[REDACTED:github-token]';
const traceId = Buffer.from('0102030405060708090a0b0c0d0e0f10', 'hex');
const spanId = Buffer.from('a1a2a3a4a5a6a7a8', 'hex');
const secretAttr = (key: string, value: OtlpAnyValue = { stringValue: `token=${TOKEN}` }): OtlpKeyValue => ({ key, value });

function tracesBody(): Buffer {
  return Buffer.from(
    ExportTraceServiceRequest.encode({
      resourceSpans: [
        {
          resource: { attributes: [secretAttr('service.name', { stringValue: 'agent-a' }), secretAttr('host.env')] },
          scopeSpans: [
            {
              scope: { name: 'scope', version: '1', attributes: [secretAttr('scope.attr')] },
              spans: [
                {
                  traceId,
                  spanId,
                  name: `execute_tool Bash ${TOKEN}`,
                  kind: 1,
                  startTimeUnixNano: '1748779200000000000',
                  endTimeUnixNano: '1748779201000000000',
                  attributes: [
                    secretAttr('gen_ai.tool.call.arguments', { stringValue: JSON.stringify({ command: `curl -H "Authorization: token ${TOKEN}" x` }) }),
                    secretAttr('nested', { kvlistValue: { values: [secretAttr('inner', { arrayValue: { values: [{ stringValue: TOKEN }, { intValue: 7 }] } })] } }),
                    secretAttr('plain', { stringValue: 'src/app.ts' }),
                  ],
                  events: [{ timeUnixNano: '1748779200500000000', name: `event ${TOKEN}`, attributes: [secretAttr('event.attr')] }],
                  links: [{ traceId, spanId, attributes: [secretAttr('link.attr')] }],
                  status: { code: 2, message: `push failed: https://bot:${TOKEN}@github.com/x/y.git` },
                },
              ],
            },
          ],
        },
      ],
    }).finish(),
  );
}

describe('redaction in the decoder', () => {
  it('redacts span, resource, scope, event and link attribute values, nested values and the status message', () => {
    const [row] = readRows(decodeTracesRequest(tracesBody(), 'protobuf', on).rows.data, TRACES_INSERT_COLUMNS);
    expect(row!.ResourceAttributes).toEqual([
      ['service.name', 'agent-a'],
      ['host.env', `token=${MARKED}`],
    ]);
    expect(row!.ServiceName).toBe('agent-a');
    expect(row!.SpanAttributes).toEqual([
      ['gen_ai.tool.call.arguments', JSON.stringify({ command: `curl -H "Authorization: token ${MARKED}" x` })],
      ['nested', `{"inner":["${MARKED}",7]}`],
      ['plain', 'src/app.ts'],
    ]);
    expect(row!['Events.Attributes']).toEqual([[['event.attr', `token=${MARKED}`]]]);
    expect(row!['Links.Attributes']).toEqual([[['link.attr', `token=${MARKED}`]]]);
    expect(row!.StatusMessage).toBe(`push failed: https://bot:${MARKED}@github.com/x/y.git`);
  });

  it('leaves span and event names alone: they are not where secrets go', () => {
    const [row] = readRows(decodeTracesRequest(tracesBody(), 'protobuf', on).rows.data, TRACES_INSERT_COLUMNS);
    expect(row!.SpanName).toBe(`execute_tool Bash ${TOKEN}`);
    expect(row!['Events.Name']).toEqual([`event ${TOKEN}`]);
  });

  it('counts the values it redacted', () => {
    // host.env, scope.attr, arguments, nested, event.attr, link.attr, status message.
    expect(decodeTracesRequest(tracesBody(), 'protobuf', on).redactedValues).toBe(7);
    expect(decodeTracesRequest(tracesBody(), 'protobuf').redactedValues).toBe(0);
  });

  it('gives the same rows for OTLP/JSON as for protobuf', () => {
    const object = ExportTraceServiceRequest.toObject(ExportTraceServiceRequest.decode(tracesBody()), { longs: String, enums: Number, bytes: String });
    const hex = (b64: string) => Buffer.from(b64, 'base64').toString('hex');
    const json = JSON.stringify(object, (key, value: unknown) => (['traceId', 'spanId'].includes(key) && typeof value === 'string' ? hex(value) : value));
    expect(decodeTracesRequest(Buffer.from(json), 'json', on).rows.data).toEqual(decodeTracesRequest(tracesBody(), 'protobuf', on).rows.data);
  });

  it('redacts log bodies and log attributes', () => {
    const body = Buffer.from(
      ExportLogsServiceRequest.encode({
        resourceLogs: [
          {
            scopeLogs: [
              {
                logRecords: [
                  { timeUnixNano: '1748779200000000000', body: { stringValue: `export GITHUB_TOKEN=${TOKEN}` }, attributes: [secretAttr('a')] },
                  { timeUnixNano: '1748779200000000000', body: { kvlistValue: { values: [secretAttr('password', { stringValue: 'hunter2!' })] } } },
                ],
              },
            ],
          },
        ],
      }).finish(),
    );
    const rows = readRows(decodeLogsRequest(body, 'protobuf', on).rows.data, LOGS_INSERT_COLUMNS);
    expect(rows.map((r) => r.Body)).toEqual([`export GITHUB_TOKEN=${MARKED}`, '{"password":"[REDACTED:password]"}']);
    expect(rows[0]!.LogAttributes).toEqual([['a', `token=${MARKED}`]]);
  });

  it('writes the very same bytes as without redaction when nothing is secret', () => {
    for (const seed of [1, 2, 3]) {
      const traces = agentTraceRequest({ spans: 200, seed });
      expect(decodeTracesRequest(traces, 'protobuf', on).rows.data).toEqual(decodeTracesRequest(traces, 'protobuf').rows.data);
      const logs = agentLogsRequest({ spans: 200, seed });
      expect(decodeLogsRequest(logs, 'protobuf', on).rows.data).toEqual(decodeLogsRequest(logs, 'protobuf').rows.data);
    }
  });
});
