import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { decodeTracesRequest } from '../collector/otlp/index.js';
import { defaultIngestConfig } from '../ingest/config.js';
import { createStorage } from '../ingest/storage-url.js';
import type { ServerInfo } from '../orchestrator/server-info.js';
import { serverStatus, startAgentfleetUp } from './agentfleet-up.js';
import { buildWorkload, stampRequest, type WorkloadOptions } from './ingest-workload.js';
import type { LoadGeneratorResult, LoadGeneratorTask } from './load-generator.js';
import { cpuSeconds, peakRssBytes } from './proc-stats.js';
import { formatBenchTable, percentile } from './table.js';

const LOAD_GENERATOR = fileURLToPath(new URL('./load-generator.js', import.meta.url));

const WORKLOAD: WorkloadOptions = { spansPerRequest: 500, templates: 16, seed: 7 };
/** Bounded run: 2,000 requests × 500 spans = 1,000,000 spans (override with AGENTFLEET_BENCH_SPANS). */
const TOTAL_SPANS = Number(process.env['AGENTFLEET_BENCH_SPANS'] ?? 1_000_000);
const REQUESTS = Math.ceil(TOTAL_SPANS / WORKLOAD.spansPerRequest);
const WARMUP_REQUESTS = 40;
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

/**
 * The baseline: the same spans, already decoded to the same RowBinary rows,
 * inserted into chDB in segment-sized files with the pipeline's insert
 * concurrency — no HTTP, no decoding, no write-ahead log.
 */
async function plainChdbInsertSpansPerSecond(): Promise<number> {
  const workload = buildWorkload(WORKLOAD);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'agentfleet-bench-baseline-'));
  try {
    const { maxSegmentBytes, maxConcurrentInserts } = defaultIngestConfig();
    const files: { path: string; byteLength: number; rowCount: number }[] = [];
    let chunks: Buffer[] = [];
    let bytes = 0;
    let rows = 0;
    const seal = () => {
      const file = path.join(dir, `batch-${files.length}.rb`);
      writeFileSync(file, Buffer.concat(chunks));
      files.push({ path: file, byteLength: bytes, rowCount: rows });
      chunks = [];
      bytes = 0;
      rows = 0;
    };
    for (let n = 0; n < REQUESTS; n++) {
      const decoded = decodeTracesRequest(stampRequest(workload, n), 'protobuf');
      chunks.push(decoded.rows.data);
      bytes += decoded.rows.data.length;
      rows += decoded.rows.rowCount;
      if (bytes >= maxSegmentBytes) seal();
    }
    if (rows > 0) seal();

    const storage = createStorage({ storage: 'chdb', dataDir: dir });
    await storage.start();
    try {
      const started = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: maxConcurrentInserts }, async () => {
          while (next < files.length) {
            const file = files[next]!;
            await storage.insertRowBinaryFile({ signal: 'traces', deduplicationToken: `baseline-${next++}`, ...file });
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      return files.reduce((sum, f) => sum + f.rowCount, 0) / seconds;
    } finally {
      await storage.shutdown();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function main(): Promise<void> {
  process.stderr.write(`bench/ingest: ${TOTAL_SPANS.toLocaleString('en-US')} spans in ${REQUESTS} protobuf requests of ${WORKLOAD.spansPerRequest} spans, ${CONCURRENCY} connections, WAL fsync\n`);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'agentfleet-bench-ingest-'));
  const { child, info } = await startServer(dataDir);
  try {
    const warmup = await runLoad({ url: info.otlpUrl, workload: { ...WORKLOAD, seed: WORKLOAD.seed + 1000 }, requests: WARMUP_REQUESTS, concurrency: CONCURRENCY });
    await waitForInserted(info, warmup.spansAcknowledged);
    process.stderr.write('bench/ingest: warm-up done, measuring…\n');

    const serverCpuBefore = cpuSeconds(child.pid!);
    const load = await runLoad({ url: info.otlpUrl, workload: WORKLOAD, requests: REQUESTS, concurrency: CONCURRENCY });
    if (load.failed > 0) process.stderr.write(`bench/ingest: ${load.failed} requests not acknowledged: ${JSON.stringify(load.statuses)}\n`);
    const storedAtMs = await waitForInserted(info, warmup.spansAcknowledged + load.spansAcknowledged);
    const serverCores = (cpuSeconds(child.pid!) - serverCpuBefore) / ((storedAtMs - load.startedAtMs) / 1000);
    const loadCores = load.cpuSeconds / ((load.finishedAtMs - load.startedAtMs) / 1000);
    const e2eSpansPerSecond = load.spansAcknowledged / ((storedAtMs - load.startedAtMs) / 1000);
    const ackSpansPerSecond = load.spansAcknowledged / ((load.finishedAtMs - load.startedAtMs) / 1000);
    const rss = peakRssBytes(child.pid!);
    child.kill('SIGTERM');
    await once(child, 'exit');

    process.stderr.write('bench/ingest: baseline (plain chDB insert of the same rows)…\n');
    const baseline = await plainChdbInsertSpansPerSecond();
    process.stdout.write(
      formatBenchTable('ingest: OTLP/HTTP protobuf → WAL (fsync) → chDB, end to end', [
        { figure: 'spans/s stored in chDB (end to end)', value: e2eSpansPerSecond, unit: 'spans/s', baseline, baselineLabel: 'plain chDB insert' },
        { figure: 'spans/s acknowledged (durable in WAL)', value: ackSpansPerSecond, unit: 'spans/s', baseline, baselineLabel: 'plain chDB insert' },
        { figure: 'request latency p50', value: percentile(load.latenciesMs, 50), unit: 'ms' },
        { figure: 'request latency p99', value: percentile(load.latenciesMs, 99), unit: 'ms' },
        { figure: 'server peak RSS', value: rss / 1024 / 1024, unit: 'MiB' },
        { figure: 'server CPU (JS + chDB threads)', value: serverCores, unit: 'cores' },
        { figure: 'load generator CPU', value: loadCores, unit: 'cores' },
      ]) + '\n',
    );
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) await main();
