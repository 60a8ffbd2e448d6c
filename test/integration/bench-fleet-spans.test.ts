import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentName, sessionFiles, sessionId, type FleetSpansShape } from '../../bench/fleet-spans.js';
import { storeFleetSpans } from '../../bench/store-fleet-spans.js';
import { createChdbStorage } from '../../ingest/chdb-storage.js';
import type { Storage } from '../../ingest/storage.js';
import { queryAudit } from '../../orchestrator/queries/audit/audit-query.js';
import type { AuditFilter } from '../../orchestrator/queries/audit/audit-schema.js';
import { tracesTable } from '../../orchestrator/queries/traces-sql.js';
import { SPAN_PREFIX_INVOKE_AGENT } from '../../semconv/index.js';

const HOUR_MS = 3_600_000;
const END_MS = Date.UTC(2026, 10, 25, 12);
/** 4 agents × 12 two-hour sessions × 500 spans, stored in 5 chunks (two at a time). */
const SHAPE: FleetSpansShape = { spans: 24_000, agents: 4, days: 1, sessionMs: 2 * HOUR_MS, filesPerSession: 3, filePool: 20, endMs: END_MS };
const CHUNK_SPANS = 5_000;

const audit = (filter: Partial<AuditFilter>) => ({ agent: null, session: null, file: null, sinceMs: null, untilMs: null, ...filter });

describe('the audit benchmark fleet history', () => {
  // Made and removed here: tempDir's removal at process exit does not run in vitest's forked workers.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'agentfleet-bench-spans-'));
  let storage: Storage;
  const progress: number[] = [];
  beforeAll(async () => {
    storage = createChdbStorage({ path: path.join(dir, 'chdb'), database: 'otel' });
    await storage.start();
    await storeFleetSpans(storage, SHAPE, dir, (stored) => progress.push(stored), CHUNK_SPANS);
  });
  afterAll(async () => {
    await storage?.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores every span once, in one trace per session, within the history window', async () => {
    expect(progress.sort((a, b) => a - b)).toEqual([5_000, 10_000, 15_000, 20_000, 24_000]);
    const [totals] = await storage.query<Record<string, string>>(
      `SELECT count() AS spans, uniqExact(SpanId) AS spanIds, uniqExact(TraceId) AS traces, uniqExact(ServiceName) AS agents,
              toUnixTimestamp64Milli(min(Timestamp)) >= {startMs:Int64} AS afterStart, toUnixTimestamp64Milli(max(Timestamp)) < {endMs:Int64} AS beforeEnd
       FROM ${tracesTable(storage)}`,
      { startMs: END_MS - 24 * HOUR_MS, endMs: END_MS },
    );
    expect(totals).toEqual({ spans: '24000', spanIds: '24000', traces: '48', agents: '4', afterStart: 1, beforeEnd: 1 });
  });

  it('gives each session one invoke_agent root that every other span of its trace is a child of', async () => {
    const rows = await storage.query<{ roots: string; orphans: string }>(
      `SELECT countIf(ParentSpanId = '') AS roots, countIf(ParentSpanId != '' AND ParentSpanId != rootId) AS orphans
       FROM ${tracesTable(storage)} AS t
       JOIN (SELECT TraceId, any(SpanId) AS rootId FROM ${tracesTable(storage)} WHERE startsWith(SpanName, {rootPrefix:String}) GROUP BY TraceId) AS r USING TraceId
       GROUP BY TraceId`,
      { rootPrefix: SPAN_PREFIX_INVOKE_AGENT },
    );
    expect(rows).toHaveLength(48);
    expect(rows.every((row) => row.roots === '1' && row.orphans === '0')).toBe(true);
  });

  it('answers an audit of one session with the files, commands, tools and usage the generator says it has', async () => {
    const report = await queryAudit(storage, audit({ session: sessionId(13) }), { limit: 500, alerts: undefined });
    expect(report.sessions.map((s) => [s.sessionId, s.agent, s.endedMs !== null])).toEqual([[sessionId(13), agentName(1), true]]);
    expect(report.files.map((f) => f.path).sort()).toEqual([...sessionFiles(SHAPE, 13)].sort());
    expect(report.commands.length).toBeGreaterThan(0);
    expect(new Set(report.commands.map((c) => c.exitCode))).toEqual(new Set([0, 1]));
    expect(report.toolCalls.map((t) => t.tool).sort()).toEqual(['Bash', 'Edit', 'Grep', 'Read']);
    expect(report.usage.llmRequests).toBeGreaterThan(0);
    expect(report.assumptions.every((a) => sessionFiles(SHAPE, 13).includes(a.subject!))).toBe(true);
  });

  it('answers an audit of one agent with its twelve sessions', async () => {
    const report = await queryAudit(storage, audit({ agent: agentName(2) }), { limit: 500, alerts: undefined });
    expect(report.sessions.map((s) => s.sessionId)).toEqual(Array.from({ length: 12 }, (_, slot) => sessionId(slot * 4 + 2)));
  });
});
