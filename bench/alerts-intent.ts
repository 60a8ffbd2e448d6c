import { once } from 'node:events';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { z } from 'zod';
import { alertSchema } from '../orchestrator/collisions/alert-schema.js';
import { ALERT_EVENT } from '../orchestrator/collisions/alert.js';
import { INTENTS_API, intentResponseSchema } from '../orchestrator/routes/intents.js';
import { STREAM_API } from '../orchestrator/routes/stream.js';
import { startAgentfleetUp } from './agentfleet-up.js';
import type { BenchPart } from './bench-part.js';
import { elapsedMs } from './elapsed.js';
import { createFleetRepository, type FleetRepositoryLayout } from './fleet-repository.js';
import { sendSessionEdits } from './session-edits.js';
import { openSse, type SseConnection } from './sse-client.js';
import { percentile, type BenchRow } from './table.js';

/**
 * Intent → alert on the live stream, end to end: `agentfleet up` (a child
 * process) knows a fleet of sessions in real git work trees (so its merge
 * tracker keeps their changes unmerged) from their spans sent over OTLP;
 * the benchmark follows `/api/v1/stream` (alert events) and, one at a time,
 * POSTs `/api/v1/intents` for agent-0's session about to edit a path
 * agent-1 changed — a new path each time, so each is a new alert, not an
 * unchanged one the book would keep quiet about. Measured: from just before
 * the POST is sent to the arrival of the matching `alert` event, and to the
 * POST's response. Baseline, interleaved in the same run: `GET
 * /api/v1/health`, the control plane's cheapest round trip.
 */
const LAYOUT: FleetRepositoryLayout = { agents: 4, files: 1_000, linesPerFile: 100, changedFilesPerAgent: 200, agentStride: 200 };
const INTENTS = Math.min(Number(process.env['AGENTFLEET_BENCH_INTENTS'] ?? 200), LAYOUT.changedFilesPerAgent);
const WARMUP_INTENTS = 20;
const TARGET_P99_MS = 50;
const ALERT_TIMEOUT_MS = 10_000;
const READY_TIMEOUT_MS = 30_000;

const sessionOf = (agent: number) => `bench-session-${agent}`;

/** First arrival (performance.now()) of an intent alert of `requester`, per path. */
function watchIntentAlerts(stream: SseConnection, requester: string): (path: string) => Promise<number> {
  const arrived = new Map<string, number>();
  const waiting = new Map<string, (atMs: number) => void>();
  void (async () => {
    for (let frame = await stream.nextEvent(); frame !== undefined; frame = await stream.nextEvent()) {
      const atMs = performance.now();
      if (frame.event !== ALERT_EVENT || frame.data === undefined) continue;
      const alert = alertSchema.parse(JSON.parse(frame.data));
      if (alert.kind !== 'intent' || alert.parties[0]?.sessionId !== requester) continue;
      for (const file of alert.files.filter((f) => !arrived.has(f))) {
        arrived.set(file, atMs);
        waiting.get(file)?.(atMs);
      }
    }
  })();
  return (file) => {
    const atMs = arrived.get(file);
    if (atMs !== undefined) return Promise.resolve(atMs);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`bench: no intent alert for ${file} on the stream within ${ALERT_TIMEOUT_MS} ms`)), ALERT_TIMEOUT_MS);
      waiting.set(file, (at) => {
        clearTimeout(timer);
        resolve(at);
      });
    });
  };
}

async function postIntent(controlPlaneUrl: string, sessionId: string, file: string): Promise<z.output<typeof intentResponseSchema>> {
  const response = await fetch(`${controlPlaneUrl}${INTENTS_API}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sessionId, paths: [file], toolName: 'Edit' }),
  });
  if (!response.ok) throw new Error(`bench: POST ${INTENTS_API} answered ${response.status}: ${await response.text()}`);
  return intentResponseSchema.parse(await response.json());
}

/** Posts intents for `file` until one raises an alert: the fleet state knows the sessions' changes. */
async function waitUntilFleetKnows(controlPlaneUrl: string, requester: string, file: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while ((await postIntent(controlPlaneUrl, requester, file)).alerts.length === 0) {
    if (Date.now() > deadline) throw new Error(`bench: no intent alert for ${file} within ${READY_TIMEOUT_MS} ms: the fleet does not know the sessions`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Samples {
  readonly alertMs: number[];
  readonly postMs: number[];
  readonly healthMs: number[];
}

async function measure(root: string): Promise<Samples> {
  const gitRoot = path.join(root, 'git');
  await mkdir(gitRoot);
  const fleet = await createFleetRepository(gitRoot, LAYOUT);
  const { child, info } = await startAgentfleetUp({ dataDir: path.join(root, 'data') });
  let stream: SseConnection | undefined;
  try {
    stream = await openSse(`${info.controlPlaneUrl}${STREAM_API}?types=${ALERT_EVENT}`);
    const requester = sessionOf(0);
    const alertArrival = watchIntentAlerts(stream, requester);
    const startMs = Date.now() - 60_000;
    for (const [agent, worktree] of fleet.worktrees.entries()) {
      await sendSessionEdits({ otlpUrl: info.otlpUrl, sessionId: sessionOf(agent), agentName: `agent-${agent}`, worktree, branch: `agent-${agent}`, paths: fleet.changedPaths(agent), startMs });
    }
    // agent-2's paths tell when the fleet is ready, and warm the route up.
    const [readyPath, ...warmup] = fleet.changedPaths(2).slice(0, WARMUP_INTENTS);
    await waitUntilFleetKnows(info.controlPlaneUrl, requester, readyPath!);
    for (const file of warmup) await postIntent(info.controlPlaneUrl, requester, file);

    process.stderr.write(`bench/alerts: ${INTENTS} intents, one at a time…\n`);
    const samples: Samples = { alertMs: [], postMs: [], healthMs: [] };
    for (const file of fleet.changedPaths(1).slice(0, INTENTS)) {
      const sentMs = performance.now();
      const answered = postIntent(info.controlPlaneUrl, requester, file).then((answer) => {
        samples.postMs.push(performance.now() - sentMs);
        return answer;
      });
      const [answer, arrivedMs] = await Promise.all([answered, alertArrival(file)]);
      if (answer.alerts.length === 0) throw new Error(`bench: the intent for ${file} raised no alert`);
      samples.alertMs.push(arrivedMs - sentMs);
      samples.healthMs.push(await elapsedMs(async () => (await fetch(`${info.controlPlaneUrl}/api/v1/health`)).arrayBuffer()));
    }
    return samples;
  } finally {
    stream?.close();
    child.kill('SIGTERM');
    if (child.exitCode === null) await once(child, 'exit');
  }
}

export async function benchIntentAlerts(): Promise<BenchPart> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'agentfleet-bench-intent-'));
  try {
    const { alertMs, postMs, healthMs } = await measure(root);
    const rows: BenchRow[] = [50, 99].flatMap((p) => [
      { figure: `intent POST → alert event on the stream p${p}`, value: percentile(alertMs, p), unit: 'ms', baseline: percentile(healthMs, p), baselineLabel: `GET /api/v1/health p${p}` },
      { figure: `intent POST → its response p${p}`, value: percentile(postMs, p), unit: 'ms', baseline: percentile(healthMs, p), baselineLabel: `GET /api/v1/health p${p}` },
    ]);
    return {
      title: `intent → alert on /api/v1/stream: agentfleet up, ${LAYOUT.agents} sessions × ${LAYOUT.changedFilesPerAgent} unmerged files in git work trees`,
      rows,
      notes: [`${INTENTS} intents one at a time, each for a new path (a new alert), after ${WARMUP_INTENTS} unmeasured; default gate (warn)`],
      targets: [{ figure: 'intent → alert event p99', valueMs: percentile(alertMs, 99), limitMs: TARGET_P99_MS }],
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
