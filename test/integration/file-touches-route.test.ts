import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../orchestrator/log.js';
import { FILE_TOUCHES_API, type FileTouchesResponse } from '../../orchestrator/routes/file-touches.js';
import { startServer, type RunningServer } from '../../orchestrator/server.js';
import { defaultServerConfig } from '../../orchestrator/server-config.js';
import {
  ATTR_AGENTFLEET_FILE_OP,
  ATTR_AGENTFLEET_FILE_PATH,
  ATTR_AGENTFLEET_WORKTREE,
  ATTR_SERVICE_NAME,
  ATTR_VCS_REF_HEAD_NAME,
  SPAN_FILE_EDIT,
  SPAN_FILE_INTENT,
} from '../../semconv/index.js';
import { tempDir } from '../helpers/temp-dir.js';

/** Sends one span as agent `agent` would, `agoMs` before now. */
async function sendSpan(otlpUrl: string, agent: string, name: string, attributes: Record<string, string>, agoMs: number): Promise<void> {
  const resource = resourceFromAttributes({ [ATTR_SERVICE_NAME]: agent, [ATTR_AGENTFLEET_WORKTREE]: `/wt/${agent}`, [ATTR_VCS_REF_HEAD_NAME]: `agent/${agent}` });
  const provider = new BasicTracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${otlpUrl}/v1/traces` }))] });
  const at = Date.now() - agoMs;
  provider.getTracer('test').startSpan(name, { startTime: at, attributes }).end(at);
  await provider.shutdown();
}

describe('GET /api/v1/files/touches', () => {
  let server: RunningServer;
  const get = async (query: string) => fetch(`${server.controlPlaneUrl}${FILE_TOUCHES_API}${query}`);

  beforeAll(async () => {
    const defaults = defaultServerConfig();
    server = await startServer(
      { ...defaults, dataDir: tempDir(), port: 0, collector: { ...defaults.collector, port: 0 }, ingest: { ...defaults.ingest, syncMode: 'none', flushIntervalMs: 50 } },
      createLogger('warn'),
    );
    const edit = (path: string, op: string) => ({ [ATTR_AGENTFLEET_FILE_PATH]: path, [ATTR_AGENTFLEET_FILE_OP]: op });
    await sendSpan(server.otlpUrl, 'agent-a', SPAN_FILE_EDIT, edit('src/a.ts', 'modify'), 60_000);
    await sendSpan(server.otlpUrl, 'agent-a', SPAN_FILE_EDIT, edit('src/a.ts', 'create'), 120_000);
    await sendSpan(server.otlpUrl, 'agent-b', SPAN_FILE_INTENT, edit('src/a.ts', 'modify'), 1_000);
    await sendSpan(server.otlpUrl, 'agent-c', SPAN_FILE_EDIT, edit('src/other.ts', 'modify'), 1_000);
    await sendSpan(server.otlpUrl, 'agent-d', SPAN_FILE_EDIT, edit('src/a.ts', 'modify'), 3 * 24 * 3600_000);
    await sendSpan(server.otlpUrl, 'agent-e', 'execute_tool Read', { [ATTR_AGENTFLEET_FILE_PATH]: 'src/a.ts' }, 1_000);
    for (let deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
      const [row] = await server.storage.query<{ n: string }>(`SELECT count() AS n FROM ${server.storage.database}.otel_traces`);
      if (Number(row?.n) === 6) break;
    }
  });
  afterAll(() => server?.shutdown());

  it("answers one row per agent with its latest edit or intent of the path, newest first, within the last day", async () => {
    const response = await get('?path=src%2Fa.ts');
    expect(response.status).toBe(200);
    const body = (await response.json()) as FileTouchesResponse;
    expect(body.path).toBe('src/a.ts');
    expect(body.touches.map((t) => [t.agent, t.span, t.op, t.worktree, t.branch])).toEqual([
      ['agent-b', SPAN_FILE_INTENT, 'modify', '/wt/agent-b', 'agent/agent-b'],
      ['agent-a', SPAN_FILE_EDIT, 'modify', '/wt/agent-a', 'agent/agent-a'],
    ]);
    expect(Date.now() - body.touches[0]!.atMs).toBeLessThan(60_000);
    expect(body.touches[0]!.traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('widens or narrows the window and limits the rows on request', async () => {
    const wide = (await (await get('?path=src/a.ts&windowMs=' + 7 * 24 * 3600_000)).json()) as FileTouchesResponse;
    expect(wide.touches.map((t) => t.agent)).toEqual(['agent-b', 'agent-a', 'agent-d']);
    const narrow = (await (await get('?path=src/a.ts&windowMs=30000&limit=1')).json()) as FileTouchesResponse;
    expect(narrow.touches.map((t) => t.agent)).toEqual(['agent-b']);
  });

  it('refuses a request without a path, or with a bad window', async () => {
    expect((await get('')).status).toBe(400);
    expect((await get('?path=a&windowMs=-1')).status).toBe(400);
    expect(await (await get('?path=nobody.ts')).json()).toEqual({ path: 'nobody.ts', touches: [] });
  });
});
