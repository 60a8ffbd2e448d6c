import { describe, expect, it } from 'vitest';
import { createStorage } from '../../ingest/storage-url.js';
import { sampleRequest, type SampleRequest } from '../helpers/otlp-requests.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { tempDir } from '../helpers/temp-dir.js';

const REQUESTS = 240;
const SPANS_PER_REQUEST = 50;
const CONCURRENCY = 4;
/** Kill the server after this many acknowledgements, and again after this many more. */
const KILL_AFTER_ACKS = [60, 140];

/**
 * An OTLP exporter's behaviour: send, and on anything but 200 (connection
 * refused or reset included) retry the same bytes after a pause. Each request
 * is sent until acknowledged, so the server sees retries of requests it may
 * already have made durable before it died.
 */
async function sendUntilAcknowledged(request: SampleRequest, currentUrl: () => string, onAck: () => Promise<void>): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await fetch(`${currentUrl()}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-protobuf' },
        body: request.protobuf,
        signal: AbortSignal.timeout(10_000),
      });
      await response.arrayBuffer();
      if (response.status === 200) {
        await onAck();
        return attempt;
      }
    } catch {
      // connection refused or reset: the server is down or restarting
    }
    if (attempt > 400) throw new Error('request never acknowledged');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('crash recovery', () => {
  it('stores every acknowledged span exactly once after the server is SIGKILLed twice while a client streams', async () => {
    const dataDir = tempDir();
    const args = ['--wal-sync', 'fsync', '--flush-interval-ms', '100'];
    let server: ServerProcess = await startServerProcess(dataDir, args);
    let restarting: Promise<void> | undefined;
    let acks = 0;
    const kills: number[] = [];

    const onAck = async () => {
      acks++;
      if (KILL_AFTER_ACKS[kills.length] !== undefined && acks >= KILL_AFTER_ACKS[kills.length]! && !restarting) {
        kills.push(acks);
        restarting = (async () => {
          await server.stop('SIGKILL');
          server = await startServerProcess(dataDir, args);
        })().finally(() => (restarting = undefined));
      }
    };

    const requests = Array.from({ length: REQUESTS }, (_, i) => sampleRequest('traces', 1000 + i, SPANS_PER_REQUEST));
    let next = 0;
    let retried = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < requests.length) {
          const request = requests[next++]!;
          const attempts = await sendUntilAcknowledged(request, () => server.info.otlpUrl, onAck);
          if (attempts > 1) retried++;
        }
      }),
    );
    await restarting;
    expect(kills).toHaveLength(KILL_AFTER_ACKS.length);
    expect(retried).toBeGreaterThan(0);
    expect(await server.stop('SIGTERM'), server.stderr()).toBe(0);

    const storage = createStorage({ storage: 'chdb', dataDir });
    await storage.start();
    try {
      const [totals] = await storage.query<{ spans: string; distinctSpans: string; maxCopies: string }>(
        `SELECT sum(c) AS spans, count() AS distinctSpans, max(c) AS maxCopies
         FROM (SELECT SpanId, count() AS c FROM ${storage.database}.otel_traces GROUP BY SpanId)`,
      );
      expect(totals).toEqual({ spans: String(REQUESTS * SPANS_PER_REQUEST), distinctSpans: String(REQUESTS * SPANS_PER_REQUEST), maxCopies: '1' });
    } finally {
      await storage.shutdown();
    }
  }, 180_000);
});
