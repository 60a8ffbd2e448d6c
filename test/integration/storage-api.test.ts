import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { FeedSpan } from '../../collector/live-feed.js';
import type { AuditDocument } from '../../orchestrator/queries/audit/audit-schema.js';
import type { Heatmap } from '../../orchestrator/queries/heatmap-query.js';
import type { SearchPage } from '../../orchestrator/queries/search-query.js';
import type { RunningServer } from '../../orchestrator/server.js';
import { SPAN_COMMAND, executeToolSpanName } from '../../semconv/index.js';
import { FIXTURE_SPANS, MIN, T0, at, sendAuditFixture, waitForStoredSpans } from '../helpers/audit-fixture.js';
import { SdkSession } from '../helpers/sdk-session.js';
import { tempDir } from '../helpers/temp-dir.js';
import { startTestServer } from '../helpers/test-server.js';

interface SpansPage {
  readonly spans: FeedSpan[];
  readonly nextCursor: string | null;
}

/** The fixture's window: everything it sent, nothing the paging test adds later (at +1000 min). */
const FIXTURE_WINDOW = `from=${at(-1)}&to=${at(60)}`;

describe('the storage-backed REST API on real chDB', () => {
  let server: RunningServer;
  let spanCount = FIXTURE_SPANS;

  async function get<T>(path: string): Promise<{ status: number; body: T }> {
    const response = await fetch(`${server.controlPlaneUrl}${path}`);
    return { status: response.status, body: (await response.json()) as T };
  }

  async function allPages(query: string, limit: number, between?: (pageIndex: number) => Promise<void>): Promise<SpansPage[]> {
    const pages: SpansPage[] = [];
    let cursor: string | null = null;
    do {
      const { status, body }: { status: number; body: SpansPage } = await get<SpansPage>(`/api/v1/spans?${query}&limit=${limit}${cursor === null ? '' : `&cursor=${cursor}`}`);
      expect(status).toBe(200);
      pages.push(body);
      cursor = body.nextCursor;
      await between?.(pages.length - 1);
    } while (cursor !== null);
    return pages;
  }

  beforeAll(async () => {
    server = await startTestServer(tempDir());
    await sendAuditFixture(server.otlpUrl);
    await waitForStoredSpans(server.storage, spanCount);
  });
  afterAll(() => server?.shutdown());

  describe('GET /api/v1/spans', () => {
    it('pages through a window oldest first, every span exactly once, in the live feed shape', async () => {
      const pages = await allPages(FIXTURE_WINDOW, 4);
      const spans = pages.flatMap((page) => page.spans);
      expect(pages).toHaveLength(Math.ceil(FIXTURE_SPANS / 4));
      expect(spans).toHaveLength(FIXTURE_SPANS);
      expect(new Set(spans.map((s) => s.spanId)).size).toBe(FIXTURE_SPANS);
      expect(spans.map((s) => s.startMs)).toEqual([...spans.map((s) => s.startMs)].sort((a, b) => a - b));
      const command = spans.find((s) => s.name === SPAN_COMMAND && s.startMs === at(3))!;
      expect(command).toMatchObject({ serviceName: 'alice', endMs: at(3) + 3200, attributes: { 'agentfleet.command.text': 'npm test -- charge', 'agentfleet.command.exit_code': '1' } });
      expect(command.resource['service.instance.id']).toBe('s-alice-1');
      expect(command.parentSpanId).toMatch(/^[0-9a-f]{16}$/);
    });

    it('stays exact while spans are stored between pages: none repeated, none that was there skipped', async () => {
      const dave = new SdkSession({ otlpUrl: server.otlpUrl, sessionId: 's-dave-1', agentName: 'dave', worktree: '/wt/dave', startMs: at(1000) });
      for (let i = 0; i < 10; i++) dave.span(`step ${i}`, at(1000 + i), at(1000 + i));
      await dave.send();
      await waitForStoredSpans(server.storage, (spanCount += 10));

      const pages = await allPages(`from=${at(999)}&to=${at(1100)}`, 3, async (page) => {
        if (page !== 0) return;
        // After the first page (ending at +1002 min): one span behind the cursor, one ahead.
        dave.span('late behind the cursor', at(1000.5), at(1000.5));
        dave.span('new ahead of the cursor', at(1005.5), at(1005.5));
        await dave.send();
        await waitForStoredSpans(server.storage, (spanCount += 2));
      });
      const names = pages.flatMap((page) => page.spans.map((s) => s.name));
      expect(new Set(names).size).toBe(names.length);
      expect(names).toEqual(['step 0', 'step 1', 'step 2', 'step 3', 'step 4', 'step 5', 'new ahead of the cursor', 'step 6', 'step 7', 'step 8', 'step 9']);
    });

    it('filters by agent, session, trace and span name (exact or a prefix with *)', async () => {
      const names = async (query: string) => (await get<SpansPage>(`/api/v1/spans?${query}`)).body.spans.map((s) => s.name);
      expect(await names(`${FIXTURE_WINDOW}&agent=carol`)).toEqual(['invoke_agent carol', executeToolSpanName('Read')]);
      expect(await names(`${FIXTURE_WINDOW}&session=s-alice-2`)).toEqual(['file.edit', 'command']);
      expect(await names(`${FIXTURE_WINDOW}&name=${encodeURIComponent('execute_tool *')}`)).toHaveLength(6);
      expect(await names(`${FIXTURE_WINDOW}&name=command`)).toHaveLength(3);
      const bobRoot = (await get<SpansPage>(`/api/v1/spans?${FIXTURE_WINDOW}&name=${encodeURIComponent('invoke_agent bob')}`)).body.spans[0]!;
      // A trace alone needs no window: its time range comes from otel_traces_trace_id_ts.
      expect(await names(`trace=${bobRoot.traceId}`)).toEqual(['invoke_agent bob', 'llm.request', 'file.edit', 'assumption', 'file.edit']);
      expect(await names(`trace=${'0'.repeat(32)}`)).toEqual([]);
    });

    it('answers bad input with a 400 that names the parameter', async () => {
      const cases: Array<[string, RegExp]> = [
        ['from=yesterday', /^bad query: from: expected an ISO 8601 time/],
        ['cursor=bm90IGEgY3Vyc29y', /^bad query: cursor: not a cursor this server handed out/],
        ['trace=xyz', /^bad query: trace: expected 32 lowercase hex digits/],
        [`from=${at(10)}&to=${at(5)}`, /^bad query: from: from must be before to/],
        ['limit=0', /^bad query: limit: expected a whole number from 1 to 1000$/],
        ['limit=5000', /^bad query: limit: expected a whole number from 1 to 1000$/],
        ['limit=abc', /^bad query: limit: expected a whole number from 1 to 1000$/],
      ];
      for (const [query, message] of cases) {
        const { status, body } = await get<{ error: string }>(`/api/v1/spans?${query}`);
        expect({ query, status }).toEqual({ query, status: 400 });
        expect(body.error).toMatch(message);
      }
    });
  });

  describe('GET /api/v1/heatmap', () => {
    it('counts edits and lines per file × bucket and per file × agent, most edited file first', async () => {
      const { status, body } = await get<Heatmap>(`/api/v1/heatmap?${FIXTURE_WINDOW.replace(`from=${at(-1)}`, `from=${T0}`)}&bucketMs=${10 * MIN}`);
      expect(status).toBe(200);
      expect(body.buckets).toEqual([0, 10, 20, 30, 40, 50].map(at));
      expect(body.agents).toEqual(['alice', 'bob']);
      expect(body.truncated).toBe(false);
      expect(body.files.map((f) => f.path)).toEqual(['src/pay/charge.ts', 'README.md', 'src/pay/types.ts']);
      expect(body.files[0]).toEqual({
        path: 'src/pay/charge.ts',
        edits: 4,
        linesAdded: 21,
        linesRemoved: 11,
        byBucket: [
          { bucketStartMs: at(0), edits: 3, linesAdded: 20, linesRemoved: 10 },
          { bucketStartMs: at(20), edits: 1, linesAdded: 1, linesRemoved: 1 },
        ],
        byAgent: [
          { agent: 'alice', edits: 3, linesAdded: 14, linesRemoved: 4 },
          { agent: 'bob', edits: 1, linesAdded: 7, linesRemoved: 7 },
        ],
      });
    });

    it('picks a round bucket width from the window, and lists only the most edited files when asked', async () => {
      const { body } = await get<Heatmap>(`/api/v1/heatmap?from=${T0}&to=${at(60)}&files=1&agent=alice`);
      expect(body.bucketMs).toBe(MIN);
      expect(body.buckets).toHaveLength(60);
      expect(body.files.map((f) => [f.path, f.edits])).toEqual([['src/pay/charge.ts', 3]]);
      expect(body.truncated).toBe(true);
    });

    it('refuses a bucket width that cuts the window too fine', async () => {
      const { status, body } = await get<{ error: string }>(`/api/v1/heatmap?from=${T0}&to=${at(60 * 24 * 30)}&bucketMs=1000`);
      expect(status).toBe(400);
      expect(body.error).toMatch(/bucketMs: .* more than 2000 buckets/);
    });
  });

  describe('GET /api/v1/audit', () => {
    const usage = (inputTokens: number, outputTokens: number, costUsd: number, llmRequests: number) => ({ inputTokens, outputTokens, costUsd: expect.closeTo(costUsd, 9), llmRequests });

    it('audits an agent: its ended and running sessions, files with line counts, commands with exit codes, assumptions, tool calls, tokens and cost', async () => {
      const { status, body } = await get<AuditDocument>('/api/v1/audit?agent=alice');
      expect(status).toBe(200);
      expect(body.filter).toEqual({ agent: 'alice', session: null, file: null, sinceMs: null, untilMs: null });
      expect(body.sessions).toEqual([
        {
          sessionId: 's-alice-1',
          traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
          agent: 'alice',
          agentId: expect.stringMatching(/^agt_/),
          worktree: '/wt/alice',
          branch: 'agentfleet/alice',
          task: 'split the payment module',
          startedMs: at(0),
          lastSeenMs: at(10),
          endedMs: at(10),
          exitCode: 0,
          exitSignal: null,
          usage: usage(3000, 500, 0.03, 2),
        },
        expect.objectContaining({ sessionId: 's-alice-2', task: null, startedMs: at(20), lastSeenMs: at(21) + 200, endedMs: null, exitCode: null, usage: usage(0, 0, 0, 0) }),
      ]);
      expect(body.files).toEqual([
        { path: 'src/pay/charge.ts', agent: 'alice', edits: 3, linesAdded: 14, linesRemoved: 4, lastOp: 'modify', firstEditMs: at(1), lastEditMs: at(20), sessionIds: ['s-alice-1', 's-alice-2'] },
        { path: 'src/pay/types.ts', agent: 'alice', edits: 1, linesAdded: 4, linesRemoved: 0, lastOp: 'create', firstEditMs: at(2), lastEditMs: at(2), sessionIds: ['s-alice-1'] },
      ]);
      expect(body.commands).toEqual([
        { atMs: at(3), durationMs: 3200, agent: 'alice', sessionId: 's-alice-1', text: 'npm test -- charge', exitCode: 1 },
        { atMs: at(6), durationMs: 1500, agent: 'alice', sessionId: 's-alice-1', text: 'npm test', exitCode: 0 },
        { atMs: at(21), durationMs: 200, agent: 'alice', sessionId: 's-alice-2', text: 'git status', exitCode: 0 },
      ]);
      expect(body.assumptions).toEqual([
        { id: expect.stringMatching(/^[0-9a-f]{16}$/), atMs: at(4), agent: 'alice', sessionId: 's-alice-1', text: 'the Charge type keeps its currency field', subject: 'src/pay/types.ts#Charge' },
      ]);
      expect(body.toolCalls.map((t) => [t.tool, t.calls, t.errors])).toEqual([['Bash', 2, 0], ['Edit', 2, 0], ['Read', 1, 0]]);
      expect(body.toolCalls.map((t) => t.totalDurationMs)).toEqual([9200, 12_000, 6000]);
      expect(body.usage).toEqual(usage(3000, 500, 0.03, 2));
      // The server's collision engine sees the fixture too: each of alice's two sessions changed the file bob changed and assumed about.
      expect(body.alerts.map((a) => [a.kind, a.parties.map((p) => p.sessionId).sort(), a.files]).sort()).toEqual([
        ['assumption', ['s-alice-1', 's-bob-1'], ['src/pay/charge.ts']],
        ['assumption', ['s-alice-2', 's-bob-1'], ['src/pay/charge.ts']],
        ['overlap', ['s-alice-1', 's-bob-1'], ['src/pay/charge.ts']],
        ['overlap', ['s-alice-2', 's-bob-1'], ['src/pay/charge.ts']],
      ]);
      expect(body.truncated).toEqual([]);
    });

    it("counts a session's totals when it recorded no model turns, and turns over totals when it did", async () => {
      const carol = (await get<AuditDocument>('/api/v1/audit?agent=carol')).body;
      expect(carol.sessions.map((s) => s.usage)).toEqual([usage(700, 70, 0.07, 0)]);
      const bob = (await get<AuditDocument>('/api/v1/audit?agent=bob')).body;
      expect(bob.sessions.map((s) => [s.sessionId, s.exitCode, s.usage])).toEqual([['s-bob-1', 1, usage(500, 100, 0.005, 1)]]);
    });

    it('audits one session: only its own spans, though its agent has others', async () => {
      const { body } = await get<AuditDocument>('/api/v1/audit?session=s-alice-1');
      expect(body.sessions.map((s) => s.sessionId)).toEqual(['s-alice-1']);
      expect(body.files.map((f) => [f.path, f.edits, f.linesAdded, f.linesRemoved])).toEqual([['src/pay/charge.ts', 2, 13, 3], ['src/pay/types.ts', 1, 4, 0]]);
      expect(body.commands.map((c) => c.text)).toEqual(['npm test -- charge', 'npm test']);
      expect(body.assumptions).toHaveLength(1);
      expect(body.usage).toEqual(usage(3000, 500, 0.03, 2));
      expect((await get<AuditDocument>('/api/v1/audit?session=nobody')).body.sessions).toEqual([]);
    });

    it("audits a file: every agent's edits of it and the assumptions about it, with their sessions", async () => {
      const { body } = await get<AuditDocument>(`/api/v1/audit?file=${encodeURIComponent('src/pay/charge.ts')}`);
      expect(body.files.map((f) => [f.agent, f.edits, f.linesAdded, f.linesRemoved, f.sessionIds])).toEqual([
        ['alice', 3, 14, 4, ['s-alice-1', 's-alice-2']],
        ['bob', 1, 7, 7, ['s-bob-1']],
      ]);
      expect(body.assumptions.map((a) => [a.agent, a.text])).toEqual([['bob', 'nobody renames charge()']]);
      expect(body.sessions.map((s) => s.sessionId)).toEqual(['s-alice-1', 's-bob-1', 's-alice-2']);
      expect([body.commands, body.toolCalls, body.usage]).toEqual([[], [], usage(0, 0, 0, 0)]);
      // A symbol in the file is about the file too.
      const types = (await get<AuditDocument>(`/api/v1/audit?file=${encodeURIComponent('src/pay/types.ts')}`)).body;
      expect(types.assumptions.map((a) => a.subject)).toEqual(['src/pay/types.ts#Charge']);
    });

    it('keeps to a time window, and marks a section cut at the limit', async () => {
      const { body } = await get<AuditDocument>(`/api/v1/audit?agent=alice&since=${at(15)}`);
      expect(body.sessions.map((s) => s.sessionId)).toEqual(['s-alice-2']);
      expect(body.files.map((f) => [f.path, f.edits, f.sessionIds])).toEqual([['src/pay/charge.ts', 1, ['s-alice-2']]]);
      expect(body.commands.map((c) => c.text)).toEqual(['git status']);
      expect([body.assumptions, body.toolCalls]).toEqual([[], []]);

      const limited = (await get<AuditDocument>('/api/v1/audit?agent=alice&limit=1')).body;
      expect(limited.commands.map((c) => c.text)).toEqual(['git status']);
      expect(limited.files.map((f) => f.path)).toEqual(['src/pay/charge.ts']);
      expect(limited.sessions.map((s) => s.sessionId)).toEqual(['s-alice-2']);
      expect(limited.truncated).toEqual(['sessions', 'files', 'commands']);
    });

    it('wants exactly one of agent, session and file', async () => {
      for (const query of ['', 'agent=alice&file=a.ts', `agent=alice&since=${at(5)}&until=${at(1)}`, 'agent=alice&since=soon']) {
        const { status, body } = await get<{ error: string }>(`/api/v1/audit?${query}`);
        expect({ query, status }).toEqual({ query, status: 400 });
        expect(body.error).toMatch(/^bad query: (give exactly one of agent, session, file|since: )/);
      }
    });
  });

  describe('GET /api/v1/search', () => {
    it('finds text in commands, tool arguments, file paths, assumptions and span names, newest first, paged', async () => {
      const first = (await get<SearchPage>(`/api/v1/search?q=${encodeURIComponent('NPM TEST')}&${FIXTURE_WINDOW}&limit=3`)).body;
      const second = (await get<SearchPage>(`/api/v1/search?q=${encodeURIComponent('NPM TEST')}&${FIXTURE_WINDOW}&limit=3&cursor=${first.nextCursor}`)).body;
      const hits = [...first.hits, ...second.hits];
      expect(second.nextCursor).toBeNull();
      expect(hits.map((h) => [h.atMs, h.field, h.snippet]).sort()).toEqual(
        [
          [at(3), 'command', 'npm test -- charge'],
          [at(3), 'tool.arguments', '{"command":"npm test -- charge"}'],
          [at(6), 'command', 'npm test'],
          [at(6), 'tool.arguments', '{"command":"npm test"}'],
        ].sort(),
      );
      expect(hits.map((h) => h.atMs)).toEqual([at(6), at(6), at(3), at(3)]);
      expect(hits[0]).toMatchObject({ agent: 'alice', sessionId: 's-alice-1' });

      const field = async (q: string) => (await get<SearchPage>(`/api/v1/search?q=${encodeURIComponent(q)}&${FIXTURE_WINDOW}`)).body.hits.map((h) => `${h.name}:${h.field}`);
      expect(await field('currency')).toEqual(['assumption:assumption']);
      expect(await field('README')).toEqual(['file.edit:file.path']);
      expect(await field('invoke_agent b')).toEqual(['invoke_agent bob:span.name']);
      expect(await field('renames charge')).toEqual(['assumption:assumption']);
    });

    it('wants a query of two characters or more and a window of at most 31 days', async () => {
      expect((await get<{ error: string }>('/api/v1/search?q=a')).body.error).toMatch(/^bad query: q: /);
      expect((await get<{ error: string }>(`/api/v1/search?q=ab&from=${T0}&to=${at(60 * 24 * 40)}`)).body.error).toMatch(/at most 31 days/);
    });
  });

  describe('GET /api/v1/openapi.json', () => {
    it('lists every route with parameters, and its response schemas accept what the routes answer', async () => {
      const { status, body: document } = await get<{ openapi: string; paths: Record<string, Record<string, any>> }>('/api/v1/openapi.json');
      expect(status).toBe(200);
      expect(document.openapi).toBe('3.1.0');
      expect(Object.keys(document.paths).sort()).toEqual(
        [
          '/api/v1/agents',
          '/api/v1/alerts',
          '/api/v1/alerts/{id}/acknowledge',
          '/api/v1/alerts/{id}/resolve',
          '/api/v1/audit',
          '/api/v1/files/touches',
          '/api/v1/health',
          '/api/v1/heatmap',
          '/api/v1/intents',
          '/api/v1/openapi.json',
          '/api/v1/search',
          '/api/v1/sessions',
          '/api/v1/sessions/{id}',
          '/api/v1/spans',
          '/api/v1/status',
          '/api/v1/stream',
        ].sort(),
      );
      for (const [path, operations] of Object.entries(document.paths)) {
        for (const [method, operation] of Object.entries(operations)) {
          expect(operation.operationId, path).toMatch(new RegExp(`^${method}[A-Z]`));
          for (const parameter of operation.parameters) expect(Object.keys(parameter).sort(), `${path} ${parameter.name}`).toEqual(expect.arrayContaining(['in', 'name', 'required', 'schema']));
        }
      }
      expect(document.paths['/api/v1/audit']!.get.parameters.map((p: { name: string }) => p.name)).toEqual(['agent', 'session', 'file', 'since', 'until', 'limit']);
      expect(document.paths['/api/v1/stream']!.get.responses['200'].content).toHaveProperty(['text/event-stream']);

      const checks: Array<[string, string]> = [
        ['/api/v1/audit', '?agent=alice'],
        ['/api/v1/spans', `?${FIXTURE_WINDOW}&limit=5`],
        ['/api/v1/heatmap', `?${FIXTURE_WINDOW}`],
        ['/api/v1/search', `?q=npm&${FIXTURE_WINDOW}`],
        ['/api/v1/files/touches', '?path=src/pay/charge.ts&windowMs=2592000000'],
        ['/api/v1/status', ''],
        ['/api/v1/health', ''],
      ];
      for (const [path, query] of checks) {
        const schema = z.fromJSONSchema(document.paths[path]!.get.responses['200'].content['application/json'].schema);
        const answer = (await get<unknown>(`${path}${query}`)).body;
        const parsed = schema.safeParse(answer);
        expect(parsed.success, `${path}: ${parsed.error?.message}`).toBe(true);
      }
    });
  });
});
