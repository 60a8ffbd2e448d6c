import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChdbStorage } from '../../ingest/chdb-storage.js';
import type { IngestConfig } from '../../ingest/config.js';
import type { Ingest } from '../../ingest/ingest.js';
import { createIngest } from '../../ingest/ingest-pipeline.js';
import type { Storage } from '../../ingest/storage.js';
import { encodeTraceRows, testSpans } from '../helpers/trace-rows.js';

/**
 * The write-ahead log against real chDB: one chDB data path for the file
 * (one per process), a log directory and trace ids of its own per test.
 */
let root: string;
let storage: Storage;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'agentfleet-ingest-chdb-'));
  storage = createChdbStorage({ path: join(root, 'chdb'), database: 'otel' });
  await storage.start();
});
afterAll(async () => {
  await storage?.shutdown();
  await rm(root, { recursive: true, force: true });
});

async function startIngest(walDir: string, over: Storage = storage, config: Partial<IngestConfig> = {}): Promise<Ingest> {
  const ingest = createIngest({ storage: over, walDir, config: { syncMode: 'fsync', ...config } });
  await ingest.start();
  return ingest;
}

const request = (prefix: string, name: string, spans = 5) => ({
  rows: encodeTraceRows(testSpans(`${prefix}-${name}`, spans).map((s) => ({ ...s, traceId: prefix }))),
  requestDigest: `${prefix}-${name}`,
});

/** Rows stored for the test's trace id, and how many span ids appear more than once. */
async function stored(traceId: string): Promise<{ rows: number; duplicatedSpans: number }> {
  const [row] = await storage.query<{ rows: string; duplicated: string }>(
    `SELECT count() AS rows, (SELECT count() FROM (SELECT SpanId FROM otel.otel_traces WHERE TraceId = {t:String} GROUP BY SpanId HAVING count() > 1)) AS duplicated
     FROM otel.otel_traces WHERE TraceId = {t:String}`,
    { t: traceId },
  );
  return { rows: Number(row!.rows), duplicatedSpans: Number(row!.duplicated) };
}

async function until(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('ingest with the write-ahead log on chDB', () => {
  it('stores accepted rows in otel_traces with every column as written', async () => {
    const walDir = join(root, 'columns');
    const ingest = await startIngest(walDir);
    await ingest.accept(request('columns', 'a', 3));
    await ingest.shutdown();
    const rows = await storage.query<{ SpanId: string; ServiceName: string; attr: string }>(
      `SELECT SpanId, ServiceName, SpanAttributes['test.index'] AS attr FROM otel.otel_traces WHERE TraceId = 'columns' ORDER BY SpanId`,
    );
    expect(rows).toEqual([0, 1, 2].map((i) => ({ SpanId: `columns-a-${i}`, ServiceName: 'agent-a', attr: String(i) })));
  });

  it('replays a segment inserted just before a crash, before its retire, without duplicating rows', async () => {
    const walDir = join(root, 'replay');
    // The process "dies" right after the insert returns: the segment is in chDB but still in the log.
    const crashesAfterInsert: Storage = {
      ...storage,
      insertRowBinaryFile: async (insert) => {
        await storage.insertRowBinaryFile(insert);
        await new Promise(() => undefined);
      },
    };
    const crashed = await startIngest(walDir, crashesAfterInsert);
    for (const name of ['a', 'b', 'c']) await crashed.accept(request('replay', name));
    void crashed.flush();
    await until(async () => (await stored('replay')).rows === 15);
    expect((await readdir(join(walDir, 'traces'))).some((f) => f.endsWith('.rb'))).toBe(true);

    const restarted = await startIngest(walDir);
    await restarted.flush();
    expect(restarted.stats().traces.rowsInserted).toBe(15);
    expect(await stored('replay')).toEqual({ rows: 15, duplicatedSpans: 0 });
    await restarted.shutdown();
  });

  it('answers duplicate for a retried request before and after a restart, and stores its rows once', async () => {
    const walDir = join(root, 'retry');
    const first = await startIngest(walDir);
    expect(await first.accept(request('retry', 'a'))).toEqual({ status: 'stored' });
    expect(await first.accept(request('retry', 'a'))).toEqual({ status: 'duplicate' });
    await first.shutdown();
    const second = await startIngest(walDir);
    expect(await second.accept(request('retry', 'a'))).toEqual({ status: 'duplicate' });
    await second.shutdown();
    expect(await stored('retry')).toEqual({ rows: 5, duplicatedSpans: 0 });
  });

  it('inserts what a previous run left in the log when it starts', async () => {
    const walDir = join(root, 'leftover');
    const down: Storage = { ...storage, insertRowBinaryFile: async () => Promise.reject(new Error('server down')) };
    const first = await startIngest(walDir, down, { shutdownTimeoutMs: 100, insertRetryInitialMs: 10 });
    await first.accept(request('leftover', 'a'));
    await first.accept(request('leftover', 'b'));
    await first.shutdown();
    expect(await stored('leftover')).toEqual({ rows: 0, duplicatedSpans: 0 });
    const second = await startIngest(walDir);
    await second.flush();
    expect(await stored('leftover')).toEqual({ rows: 10, duplicatedSpans: 0 });
    await second.shutdown();
  });

  it('lands a trickle of spans within flushIntervalMs without a flush', async () => {
    const ingest = await startIngest(join(root, 'trickle'), storage, { flushIntervalMs: 100 });
    await ingest.accept(request('trickle', 'a', 1));
    await until(async () => (await stored('trickle')).rows === 1, 5_000);
    await ingest.shutdown();
  });
});
