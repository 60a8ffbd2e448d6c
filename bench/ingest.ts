import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ServerInfo } from '../orchestrator/server-info.js';
import { serverStatus, startAgentfleetUp } from './agentfleet-up.js';
import type { BaselineResult, BaselineTask } from './ingest-baseline.js';
import type { WorkloadOptions } from './ingest-workload.js';
import type { LoadGeneratorResult, LoadGeneratorTask } from './load-generator.js';
import { cpuSeconds, peakRssBytes } from './proc-stats.js';
import { formatBenchTable, percentile } from './table.js';

const LOAD_GENERATOR = fileURLToPath(new URL('./load-generator.js', import.meta.url));
const BASELINE_PROCESS = fileURLToPath(new URL('./ingest-baseline.js', import.meta.url));

const WORKLOAD: WorkloadOptions = { spansPerRequest: 500, templates: 16, seed: 7 };
/** Bounded run: 2,000 requests × 500 spans = 1,000,000 spans (override with AGENTFLEET_BENCH_SPANS). */
const TOTAL_SPANS = Number(process.env['AGENTFLEET_BENCH_SPANS'] ?? 1_000_000);
const REQUESTS = Math.ceil(TOTAL_SPANS / WORKLOAD.spansPerRequest);
const WARMUP_REQUESTS = 40;
/** End-to-end runs, each followed by a baseline run: the figures are medians (override with AGENTFLEET_BENCH_INGEST_RUNS). */
const RUNS = Number(process.env['AGENTFLEET_BENCH_INGEST_RUNS'] ?? 3);
const CONCURRENCY = 8;
const RUN_TIMEOUT_MS = 300_000;
/** Extra `agentfleet up` flags, e.g. AGENTFLEET_BENCH_SERVER_ARGS='--insert-concurrency 1' to compare tunings. */
const SERVER_ARGS = (process.env['AGENTFLEET_BENCH_SERVER_ARGS'] ?? '').split(' ').filter(Boolean);

function startServer(dataDir: string): Promise<{ child: ChildProcess; info: ServerInfo }> {
  // AGENTFLEET_BENCH_PROFILE=<dir> writes a V8 CPU profile of the server there.
  const profileDir = process.env['AGENTFLEET_BENCH_PROFILE'];
  const nodeArgs = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
  return startAgentfleetUp({ dataDir, args: ['--wal-sync', 'fsync', ...SERVER_ARGS], nodeArgs });
}

async function runLoad(task: LoadGeneratorTask): Promise<LoadGeneratorResult> {
  const child = fork(LOAD_GENERATOR, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const result = once(child, 'message') as Promise<[LoadGeneratorResult]>;
  child.send(task);
  return (await result)[0];
}

/** Resolves with the epoch ms at which storage holds `rows` spans. */
async function waitForInserted(info: ServerInfo, rows: number): Promise<number> {
  const deadline = Date.now() + RUN_TIMEOUT_MS;
  for (;;) {
    const status = await serverStatus(info);
    if (status.ingest.traces.rowsInserted >= rows) return performance.timeOrigin + performance.now();
    if (Date.now() > deadline) throw new Error(`bench: only ${status.ingest.traces.rowsInserted} of ${rows} rows inserted in time`);
    // Polling asks the server for its status: often enough to time the end
    // within ~1% of a run, rarely enough not to compete with ingest for CPU.
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The baseline in a child process of its own (bench/ingest-baseline.ts): nothing of one run's chDB lingers into the next. */
async function plainChdbInsertSpansPerSecond(): Promise<number> {
  const child = fork(BASELINE_PROCESS, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const result = once(child, 'message') as Promise<[BaselineResult]>;
  const task: BaselineTask = { workload: WORKLOAD, requests: REQUESTS };
  child.send(task);
  const [{ spansPerSecond }] = await result;
  await once(child, 'exit');
  return spansPerSecond;
}

/**
 * Flushes what earlier phases left to write back (a run writes and deletes
 * about a gigabyte), so neither the end-to-end run nor the baseline pays
 * for the other's disk work: measured, a baseline started right after an
 * end-to-end run's data was deleted inserted ~20% slower.
 */
function settleDisk(): void {
  execFileSync('sync');
}

/** What one end-to-end run measured. */
interface EndToEndRun {
  readonly storedSpansPerSecond: number;
  readonly acknowledgedSpansPerSecond: number;
  readonly latenciesMs: readonly number[];
  readonly peakRssBytes: number;
  readonly serverCores: number;
  readonly loadCores: number;
}

/** `agentfleet up` on a fresh data directory, a warm-up, then the measured load until every span is stored. */
async function endToEndRun(): Promise<EndToEndRun> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'agentfleet-bench-ingest-'));
  const { child, info } = await startServer(dataDir);
  try {
    const warmup = await runLoad({ url: info.otlpUrl, workload: { ...WORKLOAD, seed: WORKLOAD.seed + 1000 }, requests: WARMUP_REQUESTS, concurrency: CONCURRENCY });
    await waitForInserted(info, warmup.spansAcknowledged);
    const serverCpuBefore = cpuSeconds(child.pid!);
    const load = await runLoad({ url: info.otlpUrl, workload: WORKLOAD, requests: REQUESTS, concurrency: CONCURRENCY });
    if (load.failed > 0) process.stderr.write(`bench/ingest: ${load.failed} requests not acknowledged: ${JSON.stringify(load.statuses)}\n`);
    const storedAtMs = await waitForInserted(info, warmup.spansAcknowledged + load.spansAcknowledged);
    const run: EndToEndRun = {
      storedSpansPerSecond: load.spansAcknowledged / ((storedAtMs - load.startedAtMs) / 1000),
      acknowledgedSpansPerSecond: load.spansAcknowledged / ((load.finishedAtMs - load.startedAtMs) / 1000),
      latenciesMs: load.latenciesMs,
      peakRssBytes: peakRssBytes(child.pid!),
      serverCores: (cpuSeconds(child.pid!) - serverCpuBefore) / ((storedAtMs - load.startedAtMs) / 1000),
      loadCores: load.cpuSeconds / ((load.finishedAtMs - load.startedAtMs) / 1000),
    };
    child.kill('SIGTERM');
    await once(child, 'exit');
    return run;
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function main(): Promise<void> {
  process.stderr.write(
    `bench/ingest: ${TOTAL_SPANS.toLocaleString('en-US')} spans in ${REQUESTS} protobuf requests of ${WORKLOAD.spansPerRequest} spans, ` +
      `${CONCURRENCY} connections, WAL fsync; ${RUNS} runs, each end to end then the baseline\n`,
  );
  const runs: EndToEndRun[] = [];
  const baselines: number[] = [];
  for (let r = 1; r <= RUNS; r++) {
    settleDisk();
    const run = await endToEndRun();
    settleDisk();
    const baseline = await plainChdbInsertSpansPerSecond();
    runs.push(run);
    baselines.push(baseline);
    const rate = (n: number) => Math.round(n).toLocaleString('en-US');
    process.stderr.write(
      `bench/ingest: run ${r}/${RUNS}: ${rate(run.storedSpansPerSecond)} spans/s stored end to end, ${rate(baseline)} plain chDB insert, ratio ${(run.storedSpansPerSecond / baseline).toFixed(2)}\n`,
    );
  }
  const median = (values: readonly number[]) => percentile(values, 50);
  const baseline = median(baselines);
  process.stdout.write(
    formatBenchTable(`ingest: OTLP/HTTP protobuf → WAL (fsync) → chDB, end to end (median of ${RUNS} interleaved runs)`, [
      { figure: 'spans/s stored in chDB (end to end)', value: median(runs.map((r) => r.storedSpansPerSecond)), unit: 'spans/s', baseline, baselineLabel: 'plain chDB insert' },
      { figure: 'spans/s acknowledged (durable in WAL)', value: median(runs.map((r) => r.acknowledgedSpansPerSecond)), unit: 'spans/s', baseline, baselineLabel: 'plain chDB insert' },
      { figure: 'request latency p50 (all runs)', value: percentile(runs.flatMap((r) => r.latenciesMs), 50), unit: 'ms' },
      { figure: 'request latency p99 (all runs)', value: percentile(runs.flatMap((r) => r.latenciesMs), 99), unit: 'ms' },
      { figure: 'server peak RSS (largest run)', value: Math.max(...runs.map((r) => r.peakRssBytes)) / 1024 / 1024, unit: 'MiB' },
      { figure: 'server CPU (JS + chDB threads)', value: median(runs.map((r) => r.serverCores)), unit: 'cores' },
      { figure: 'load generator CPU', value: median(runs.map((r) => r.loadCores)), unit: 'cores' },
    ]) + '\n',
  );
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) await main();
