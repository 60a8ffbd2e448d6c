import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createChdbStorage } from '../../ingest/chdb-storage.js';
import { createIngest } from '../../ingest/ingest-pipeline.js';
import type { Storage } from '../../ingest/storage.js';
import { encodeTraceRows, testSpans } from '../helpers/trace-rows.js';

const CHILD = fileURLToPath(new URL('../helpers/ingest-child.mjs', import.meta.url));
const REQUESTS = 400;
const SPANS_PER_REQUEST = 20;
const KILL_AFTER_ACKS = 150;

let root: string | undefined;
let storage: Storage | undefined;
afterAll(async () => {
  await storage?.shutdown();
  if (root) await rm(root, { recursive: true, force: true });
});

/** Runs the child until it has acknowledged `killAfter` requests, SIGKILLs it, returns the acknowledged indexes. */
async function ingestUntilKilled(chdbPath: string, walDir: string, requestsFile: string, killAfter: number): Promise<Set<number>> {
  const child = spawn(process.execPath, [CHILD, chdbPath, walDir, requestsFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  const acked = new Set<number>();
  for await (const line of createInterface({ input: child.stdout })) {
    const match = /^ack (\d+)$/.exec(line);
    if (match) acked.add(Number(match[1]));
    if (acked.size >= killAfter || line === 'done') {
      child.kill('SIGKILL');
      break;
    }
  }
  const signal = await exited;
  if (signal !== 'SIGKILL') throw new Error(`child exited on its own (${signal}): ${stderr}`);
  return acked;
}

describe('ingest killed with SIGKILL', () => {
  it('keeps every acknowledged span, and after the clients retry, stores every span exactly once', async () => {
    root = await mkdtemp(join(tmpdir(), 'agentfleet-ingest-crash-'));
    const chdbPath = join(root, 'chdb');
    const walDir = join(root, 'wal');
    const requests = Array.from({ length: REQUESTS }, (_, i) => ({
      rows: encodeTraceRows(testSpans(`req${i}`, SPANS_PER_REQUEST)),
      requestDigest: `request-${i}`,
    }));
    const requestsFile = join(root, 'requests.json');
    await writeFile(
      requestsFile,
      JSON.stringify(requests.map((r) => ({ rowCount: r.rows.rowCount, data: r.rows.data.toString('base64'), digest: r.requestDigest }))),
    );

    const acked = await ingestUntilKilled(chdbPath, walDir, requestsFile, KILL_AFTER_ACKS);
    expect(acked.size).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);

    storage = createChdbStorage({ path: chdbPath, database: 'otel' });
    await storage.start();
    const ingest = createIngest({ storage, walDir });
    await ingest.start();
    await ingest.flush();
    const spanCounts = async () =>
      new Map(
        (await storage!.query<{ SpanId: string; n: string }>('SELECT SpanId, count() AS n FROM otel.otel_traces GROUP BY SpanId')).map((r) => [
          r.SpanId,
          Number(r.n),
        ]),
      );
    const afterRestart = await spanCounts();
    for (const i of acked) {
      for (let s = 0; s < SPANS_PER_REQUEST; s++) expect(afterRestart.get(`req${i}-${s}`), `span ${s} of acknowledged request ${i}`).toBe(1);
    }
    expect([...afterRestart.values()].every((n) => n === 1)).toBe(true);

    // Clients retry whatever they got no answer for: what was durable already is a duplicate.
    const retried = await Promise.all(requests.filter((_, i) => !acked.has(i)).map((r) => ingest.accept(r)));
    await ingest.shutdown();
    const final = await spanCounts();
    expect(final.size).toBe(REQUESTS * SPANS_PER_REQUEST);
    expect([...final.values()].every((n) => n === 1)).toBe(true);
    expect(retried.length).toBe(REQUESTS - acked.size);
  });
});
