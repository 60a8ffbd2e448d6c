import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OtlpKeyValue, OtlpLogRecord, OtlpLogsRequest, OtlpSpan, OtlpTracesRequest } from '../../bench/otlp-protobufjs.js';
import { createStorage } from '../../ingest/storage-url.js';
import type { Storage } from '../../ingest/storage.js';
import { createLogger } from '../../orchestrator/log.js';
import { startServer } from '../../orchestrator/server.js';
import { defaultServerConfig } from '../../orchestrator/server-config.js';
import { ATTR_GEN_AI_TOOL_CALL_ARGUMENTS, ATTR_GEN_AI_TOOL_CALL_RESULT, ATTR_GEN_AI_TOOL_NAME } from '../../semconv/index.js';
import { encodeRequest } from '../helpers/otlp-requests.js';
import { leakedSecrets, nonSecretSamples, secretSamples } from '../helpers/secret-corpus.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * The secret corpus sent by a sender that redacts nothing, through the real
 * server (`startServer`: collector + write-ahead log + chDB), in protobuf
 * and OTLP/JSON: no secret may be stored anywhere in otel_traces or
 * otel_logs, and the look-alikes must be stored exactly as sent.
 */

const ENCODINGS = ['protobuf', 'json'] as const;
type Encoding = (typeof ENCODINGS)[number];
const SAMPLE_KEY = 'test.sample';
const secrets = secretSamples();
const nonSecrets = nonSecretSamples();
const texts = [...secrets.map((s) => s.text), ...nonSecrets.map((s) => s.text)];
const sampleIdOf = (i: number) => (i < secrets.length ? `secret-${i}` : `non-secret-${i - secrets.length}`);

const str = (key: string, value: string): OtlpKeyValue => ({ key, value: { stringValue: value } });
const id = (n: number, bytes: number) => Buffer.from(n.toString(16).padStart(2 * bytes, '0'), 'hex');
const nanos = (n: number) => (1_764_000_000_000_000_000n + BigInt(n) * 1_000_000n).toString();

/** One tool call per sample: the text as tool input (inside JSON), output, nested file content, event, link and status message. */
function toolSpan(text: string, i: number, traceId: Buffer): OtlpSpan {
  return {
    traceId,
    spanId: id(i + 1, 8),
    name: 'execute_tool Bash',
    kind: 1,
    startTimeUnixNano: nanos(i),
    endTimeUnixNano: nanos(i + 1),
    attributes: [
      str(SAMPLE_KEY, sampleIdOf(i)),
      str(ATTR_GEN_AI_TOOL_NAME, 'Bash'),
      str(ATTR_GEN_AI_TOOL_CALL_ARGUMENTS, JSON.stringify({ command: text, description: 'run it' })),
      str(ATTR_GEN_AI_TOOL_CALL_RESULT, text),
      { key: 'tool.files', value: { kvlistValue: { values: [{ key: 'content', value: { arrayValue: { values: [{ stringValue: text }] } } }] } } },
    ],
    events: [{ timeUnixNano: nanos(i), name: 'output', attributes: [str('chunk', text)] }],
    links: [{ traceId, spanId: id(i + 1000, 8), attributes: [str('why', text)] }],
    status: { code: 2, message: text },
  };
}

function logRecord(text: string, i: number, traceId: Buffer): OtlpLogRecord {
  return {
    timeUnixNano: nanos(i),
    severityNumber: 9,
    severityText: 'INFO',
    // Half the bodies are plain strings, half are maps (as Claude Code's own log events are).
    body: i % 2 === 0 ? { stringValue: text } : { kvlistValue: { values: [str('output', text)] } },
    attributes: [str(SAMPLE_KEY, sampleIdOf(i)), str('tool_result', text)],
    traceId,
    spanId: id(i + 1, 8),
  };
}

function requests(encoding: Encoding): { traces: OtlpTracesRequest; logs: OtlpLogsRequest } {
  const traceId = id(encoding === 'json' ? 2 : 1, 16);
  const resource = { attributes: [str('service.name', `redaction-${encoding}`), str('deploy.env', secrets[0]!.text)] };
  return {
    traces: { resourceSpans: [{ resource, scopeSpans: [{ scope: { name: 'corpus' }, spans: texts.map((t, i) => toolSpan(t, i, traceId)) }] }] },
    logs: { resourceLogs: [{ resource, scopeLogs: [{ scope: { name: 'corpus' }, logRecords: texts.map((t, i) => logRecord(t, i, traceId)) }] }] },
  };
}

async function post(url: string, encoding: Encoding, body: Buffer): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': encoding === 'json' ? 'application/json' : 'application/x-protobuf' }, body });
  expect(response.status).toBe(200);
}

describe('redaction in the collector, through the real server', () => {
  let storage: Storage;
  let valuesRedacted = 0;
  const rows: Record<'traces' | 'logs', Record<string, unknown>[]> = { traces: [], logs: [] };

  beforeAll(async () => {
    const dataDir = tempDir();
    const defaults = defaultServerConfig();
    const server = await startServer(
      { ...defaults, dataDir, port: 0, collector: { ...defaults.collector, port: 0 }, ingest: { ...defaults.ingest, syncMode: 'none', flushIntervalMs: 50 } },
      createLogger('warn'),
    );
    for (const encoding of ENCODINGS) {
      const { traces, logs } = requests(encoding);
      await post(`${server.otlpUrl}/v1/traces`, encoding, encodeRequest('traces', traces)[encoding]);
      await post(`${server.otlpUrl}/v1/logs`, encoding, encodeRequest('logs', logs)[encoding]);
    }
    valuesRedacted = (await server.status()).receiver.valuesRedacted;
    await server.shutdown();
    storage = createStorage({ storage: 'chdb', dataDir });
    await storage.start();
    rows.traces = await storage.query(`SELECT * FROM ${storage.database}.otel_traces`);
    rows.logs = await storage.query(`SELECT * FROM ${storage.database}.otel_logs`);
  });
  afterAll(() => storage?.shutdown());

  it('stores every span and log record of both encodings', () => {
    expect(rows.traces).toHaveLength(2 * texts.length);
    expect(rows.logs).toHaveLength(2 * texts.length);
  });

  it('stores no secret of the corpus verbatim in any column or map value of otel_traces or otel_logs', () => {
    // Every column, maps and nested arrays included, as one text; corpus fragments hold no character JSON would escape.
    expect(leakedSecrets(JSON.stringify(rows), secrets)).toEqual([]);
  });

  it('puts the marker where each secret was, for tool arguments, results, nested values, events, links, status and log bodies', () => {
    for (const signal of ['traces', 'logs'] as const) {
      for (const row of rows[signal]) {
        const attributes = (row[signal === 'traces' ? 'SpanAttributes' : 'LogAttributes'] ?? {}) as Record<string, string>;
        const sample = /^secret-(\d+)$/.exec(attributes[SAMPLE_KEY] ?? '');
        if (sample === null) continue;
        const marker = `[REDACTED:${secrets[Number(sample[1])]!.pattern}]`;
        const values = signal === 'traces'
          ? [attributes[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS], attributes[ATTR_GEN_AI_TOOL_CALL_RESULT], attributes['tool.files'], row['StatusMessage'], JSON.stringify(row['Events.Attributes']), JSON.stringify(row['Links.Attributes'])]
          : [row['Body'], attributes['tool_result']];
        for (const value of values) expect(value, `${signal} ${attributes[SAMPLE_KEY]}`).toContain(marker);
      }
    }
    // Per encoding and secret: six span values and two log values; plus the resource attribute of each request.
    expect(valuesRedacted).toBe(ENCODINGS.length * (secrets.length * 8 + 2));
  });

  it('stores the look-alikes exactly as sent: SHAs, UUIDs, sha256 hashes, paths, ids, versions', () => {
    for (const [i, sample] of nonSecrets.entries()) {
      const sampleId = sampleIdOf(secrets.length + i);
      const spans = rows.traces.filter((r) => (r['SpanAttributes'] as Record<string, string>)[SAMPLE_KEY] === sampleId);
      expect(spans).toHaveLength(2);
      for (const span of spans) {
        const attributes = span['SpanAttributes'] as Record<string, string>;
        expect(attributes[ATTR_GEN_AI_TOOL_CALL_RESULT], sample.shape).toBe(sample.text);
        expect(JSON.parse(attributes[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS]!).command, sample.shape).toBe(sample.text);
        expect(span['StatusMessage'], sample.shape).toBe(sample.text);
      }
      const logs = rows.logs.filter((r) => (r['LogAttributes'] as Record<string, string>)[SAMPLE_KEY] === sampleId);
      expect(logs.map((r) => (r['LogAttributes'] as Record<string, string>)['tool_result']), sample.shape).toEqual([sample.text, sample.text]);
    }
  });

  it('redacts resource attributes once per resource and leaves span names alone', () => {
    for (const row of [...rows.traces, ...rows.logs]) {
      const resource = row['ResourceAttributes'] as Record<string, string>;
      expect(resource['deploy.env']).toContain(`[REDACTED:${secrets[0]!.pattern}]`);
    }
    expect(new Set(rows.traces.map((r) => r['SpanName']))).toEqual(new Set(['execute_tool Bash']));
  });
});
