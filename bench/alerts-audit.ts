import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AUDIT_TABLE_NAMES } from '../ingest/schema/audit-tables.js';
import { TRACES_TABLE } from '../ingest/schema/otel-tables.js';
import { createStorage } from '../ingest/storage-url.js';
import type { Storage } from '../ingest/storage.js';
import { queryAudit } from '../orchestrator/queries/audit/audit-query.js';
import type { AuditFilter } from '../orchestrator/queries/audit/audit-schema.js';
import { chooseBucketMs, queryHeatmap } from '../orchestrator/queries/heatmap-query.js';
import { querySpans } from '../orchestrator/queries/spans-query.js';
import { tracesTable } from '../orchestrator/queries/traces-sql.js';
import type { BenchPart, BenchTarget } from './bench-part.js';
import { elapsedMs } from './elapsed.js';
import { agentName, defaultFleetSpansShape, sessionCount, sessionFiles, sessionId, spansPerSession } from './fleet-spans.js';
import { storeFleetSpans } from './store-fleet-spans.js';
import { percentile, type BenchRow } from './table.js';

/**
 * Audit queries over a generated fleet history (fleet-spans.ts: 20 agents,
 * 7 days of back-to-back 2-hour sessions) of AGENTFLEET_BENCH_AUDIT_SPANS
 * spans (default 10 million) in chDB: `queryAudit` by agent, session and
 * file as `GET /api/v1/audit` runs it (limit 500, no alert source), plus
 * the spans page and the heatmap the UI asks for. Each query runs REPS
 * times, the queries taking turns so that load from the shared machine
 * falls on all of them alike. Baseline, same run: `SELECT count()` of one
 * agent's spans — the cheapest query over the same data, so the ratio is
 * what an audit costs on top of touching the table at all.
 */
const SPANS = Number(process.env['AGENTFLEET_BENCH_AUDIT_SPANS'] ?? 10_000_000);
const REPS = Number(process.env['AGENTFLEET_BENCH_AUDIT_REPS'] ?? 20);
const TARGET_MS = 200;
const AUDIT_LIMIT = 500;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

interface TimedQuery {
  readonly figure: string;
  readonly run: () => Promise<unknown>;
}

function auditFilter(fields: Partial<AuditFilter>): AuditFilter {
  return { agent: null, session: null, file: null, sinceMs: null, untilMs: null, ...fields };
}

/** Every query's samples in ms, REPS rounds of one run each, after one unmeasured round. */
async function timeInTurns(queries: readonly TimedQuery[]): Promise<Map<TimedQuery, number[]>> {
  const samples = new Map(queries.map((q) => [q, [] as number[]]));
  for (let rep = -1; rep < REPS; rep++) {
    for (const query of queries) {
      const ms = await elapsedMs(query.run);
      if (rep >= 0) samples.get(query)!.push(ms);
    }
  }
  return samples;
}

async function describeTables(storage: Storage): Promise<string> {
  const [row] = await storage.query<{ parts: string; bytes: string; auditBytes: string }>(
    `SELECT countIf(table = {table:String}) AS parts, sumIf(bytes_on_disk, table = {table:String}) AS bytes, sumIf(bytes_on_disk, table IN {auditTables:Array(String)}) AS auditBytes
     FROM system.parts WHERE active AND database = {db:String}`,
    { db: storage.database, table: TRACES_TABLE, auditTables: AUDIT_TABLE_NAMES },
  );
  const gib = (bytes: string | undefined) => (Number(bytes) / 2 ** 30).toFixed(2);
  return `${row?.parts} parts, ${gib(row?.bytes)} GiB on disk (audit tables ${gib(row?.auditBytes)} GiB more)`;
}

export async function benchAuditQueries(): Promise<BenchPart> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'agentfleet-bench-audit-'));
  const storage = createStorage({ storage: 'chdb', dataDir });
  try {
    await storage.start();
    const endMs = Date.now();
    const shape = defaultFleetSpansShape(SPANS, endMs);
    const sessions = sessionCount(shape);
    process.stderr.write(`bench/alerts: storing ${SPANS.toLocaleString('en-US')} spans (${sessions} sessions of ${spansPerSession(shape)}) in chDB…\n`);
    const stored = await storeFleetSpans(storage, shape, dataDir, (count) =>
      process.stderr.write(`bench/alerts:   ${count.toLocaleString('en-US')} of ${SPANS.toLocaleString('en-US')} spans stored\n`),
    );
    process.stderr.write(`bench/alerts: measuring audit queries, ${REPS} rounds…\n`);

    // A session and a file from the middle of the history; agent 7 has ~1/20 of all spans.
    const agent = agentName(7);
    const session = Math.floor(sessions / 2) + 7;
    const file = sessionFiles(shape, session)[0]!;
    const table = tracesTable(storage);
    const baseline: TimedQuery = { figure: 'count() of one agent', run: () => storage.query(`SELECT count() FROM ${table} WHERE ServiceName = {agent:String}`, { agent }) };
    const audit = (filter: Partial<AuditFilter>) => () => queryAudit(storage, auditFilter(filter), { limit: AUDIT_LIMIT, alerts: undefined });
    const audits: TimedQuery[] = [
      { figure: `audit --agent (7 days, ~${Math.round(SPANS / shape.agents / 1000)}k spans)`, run: audit({ agent }) },
      { figure: 'audit --session', run: audit({ session: sessionId(session) }) },
      { figure: 'audit --file', run: audit({ file }) },
      { figure: 'audit --agent --since 24h', run: audit({ agent, sinceMs: endMs - DAY_MS }) },
    ];
    const views: TimedQuery[] = [
      {
        figure: 'spans page (last hour, 200 spans)',
        run: () => querySpans(storage, { window: { sinceMs: endMs - HOUR_MS, untilMs: undefined }, agent: undefined, session: undefined, traceId: undefined, name: undefined, limit: 200, after: undefined }),
      },
      { figure: 'heatmap (24 h, 50 files)', run: () => queryHeatmap(storage, { sinceMs: endMs - DAY_MS, untilMs: endMs, bucketMs: chooseBucketMs(DAY_MS), agent: undefined, maxFiles: 50 }) },
    ];
    const samples = await timeInTurns([baseline, ...audits, ...views]);
    const base = samples.get(baseline)!;

    const rows: BenchRow[] = [...audits, ...views].flatMap((query) =>
      [50, 99].map((p) => ({
        figure: `${query.figure} p${p}`,
        value: percentile(samples.get(query)!, p),
        unit: 'ms',
        baseline: percentile(base, p),
        baselineLabel: `${baseline.figure} p${p}`,
      })),
    );
    const targets: BenchTarget[] = audits
      .slice(0, 3)
      .flatMap((query) => [50, 99].map((p) => ({ figure: `${query.figure} p${p}`, valueMs: percentile(samples.get(query)!, p), limitMs: TARGET_MS })));
    return {
      title: `audit queries over ${SPANS.toLocaleString('en-US')} spans in chDB (${shape.agents} agents, ${sessions} sessions, ${shape.days} days)`,
      rows,
      notes: [
        `${REPS} runs each, in turns; stored in ${(stored.insertMs / 1000).toFixed(0)} s (${Math.round(SPANS / (stored.insertMs / 1000)).toLocaleString('en-US')} spans/s, insertRowBinaryFile), ` +
          `OPTIMIZE FINAL ${(stored.optimizeMs / 1000).toFixed(0)} s → ${await describeTables(storage)}`,
      ],
      targets,
    };
  } finally {
    await storage.shutdown();
    await rm(dataDir, { recursive: true, force: true });
  }
}
