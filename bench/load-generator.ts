import http from 'node:http';
import { pathToFileURL } from 'node:url';
import { buildWorkload, stampRequest, type WorkloadOptions } from './ingest-workload.js';

/** What the parent sends the load generator (IPC) before it starts. */
export interface LoadGeneratorTask {
  readonly url: string;
  readonly workload: WorkloadOptions;
  readonly requests: number;
  readonly concurrency: number;
}

/** What it sends back when done. */
export interface LoadGeneratorResult {
  readonly acknowledged: number;
  readonly failed: number;
  readonly spansAcknowledged: number;
  /** Epoch ms (sub-ms precision) of the first send and the last acknowledgement. */
  readonly startedAtMs: number;
  readonly finishedAtMs: number;
  readonly latenciesMs: number[];
  readonly statuses: Record<string, number>;
  /** CPU the generator itself used (user + system), to show what it took from the server. */
  readonly cpuSeconds: number;
}

function post(agent: http.Agent, url: URL, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { agent, host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/x-protobuf', 'content-length': body.length } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Runs in its own process so the collector's CPU is not shared with request
 * building: bodies are pre-encoded templates, made unique per request by
 * stamping the request number into their trace ids (unique bodies, so the
 * collector's retry deduplication drops nothing).
 */
export async function generateLoad(task: LoadGeneratorTask): Promise<LoadGeneratorResult> {
  const workload = buildWorkload(task.workload);
  const url = new URL('/v1/traces', task.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: task.concurrency });
  const latenciesMs: number[] = [];
  const statuses: Record<string, number> = {};
  let next = 0;
  let acknowledged = 0;
  let failed = 0;
  const epochNow = () => performance.timeOrigin + performance.now();
  const cpuBefore = process.cpuUsage();
  const startedAtMs = epochNow();
  let finishedAtMs = startedAtMs;
  await Promise.all(
    Array.from({ length: task.concurrency }, async () => {
      while (next < task.requests) {
        const n = next++;
        const body = stampRequest(workload, n);
        const t0 = performance.now();
        const status = await post(agent, url, body).catch(() => 0);
        latenciesMs.push(performance.now() - t0);
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (status === 200) acknowledged++;
        else failed++;
        finishedAtMs = epochNow();
      }
    }),
  );
  agent.destroy();
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return { acknowledged, failed, spansAcknowledged: acknowledged * task.workload.spansPerRequest, startedAtMs, finishedAtMs, latenciesMs, statuses, cpuSeconds };
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) {
  process.once('message', (task: LoadGeneratorTask) => {
    generateLoad(task).then(
      (result) => process.send!(result, () => process.exit(0)),
      (error: unknown) => {
        process.stderr.write(`load generator failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  });
}
