import { mkdtemp, open, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IngestConfig } from '../../../ingest/config.js';
import { IngestBehindError, IngestUnavailableError } from '../../../ingest/errors.js';
import type { Ingest } from '../../../ingest/ingest.js';
import { createIngest } from '../../../ingest/ingest-pipeline.js';
import { inspectWal } from '../../../ingest/wal/inspect.js';
import { createMemoryStorage, type MemoryStorage } from '../../helpers/memory-storage.js';
import { encodeTraceRows, testSpans } from '../../helpers/trace-rows.js';

let walDir: string;
let storage: MemoryStorage;
const started: Ingest[] = [];

beforeEach(async () => {
  walDir = await mkdtemp(join(tmpdir(), 'agentfleet-ingest-'));
  storage = createMemoryStorage();
});
afterEach(async () => {
  vi.restoreAllMocks();
  storage.gate = undefined;
  await Promise.all(started.splice(0).map((ingest) => ingest.shutdown()));
  await rm(walDir, { recursive: true, force: true });
});

async function startIngest(config: Partial<IngestConfig> = {}): Promise<Ingest> {
  const ingest = createIngest({
    storage,
    walDir,
    config: { syncMode: 'none', flushIntervalMs: 60_000, insertRetryInitialMs: 5, shutdownTimeoutMs: 2_000, ...config },
  });
  started.push(ingest);
  await ingest.start();
  return ingest;
}

const request = (name: string, spans = 4) => ({ rows: encodeTraceRows(testSpans(name, spans)), requestDigest: `digest-${name}` });
const insertedRows = () => storage.inserts.reduce((sum, insert) => sum + insert.rowCount, 0);
const tick = (ms = 20) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !condition(); await tick(5)) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
  }
}

/** Makes every FileHandle.datasync wait for `release()` before syncing, and counts the calls. */
async function holdDatasync(): Promise<{ calls: () => number; release: () => void }> {
  const probe = await open(join(walDir, 'probe'), 'w');
  const prototype = Object.getPrototypeOf(probe) as { datasync: () => Promise<void> };
  await probe.close();
  const original = prototype.datasync;
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const spy = vi.spyOn(prototype, 'datasync').mockImplementation(async function (this: unknown) {
    await gate;
    return original.call(this);
  });
  return { calls: () => spy.mock.calls.length, release };
}

describe('the ingest pipeline', () => {
  it('acknowledges a request only after its sync, and requests arriving during a sync share the next one', async () => {
    const ingest = await startIngest({ syncMode: 'fsync' });
    const sync = await holdDatasync();
    const settled: string[] = [];
    const accepts = ['a', 'b', 'c'].map((name) => ingest.accept(request(name)).then(() => settled.push(name)));
    await until(() => sync.calls() === 2); // request a alone: one datasync of .rb, one of .idx
    await tick(50);
    expect(settled).toEqual([]);
    expect(sync.calls()).toBe(2);
    sync.release();
    await Promise.all(accepts);
    expect(settled).toEqual(['a', 'b', 'c']);
    expect(sync.calls()).toBe(4); // b and c together: one more pair
  });

  it('answers duplicate for a retried request, before and after a restart, and stores it once', async () => {
    const first = await startIngest();
    expect(await first.accept(request('a'))).toEqual({ status: 'stored' });
    expect(await first.accept(request('a'))).toEqual({ status: 'duplicate' });
    await first.shutdown();
    const second = await startIngest();
    expect(await second.accept(request('a'))).toEqual({ status: 'duplicate' });
    await second.flush();
    expect(insertedRows()).toBe(4);
    expect(second.stats().traces.duplicatesDropped).toBe(1);
  });

  it('answers duplicate after a restart for a request still waiting in the log, and inserts it then', async () => {
    storage.failNext = Infinity; // the first process never gets an insert through
    const first = await startIngest({ shutdownTimeoutMs: 50 });
    await first.accept(request('a'));
    await first.shutdown();
    expect(storage.inserts).toEqual([]);
    storage.failNext = 0;
    const second = await startIngest();
    expect(await second.accept(request('a'))).toEqual({ status: 'duplicate' });
    await second.flush();
    expect(insertedRows()).toBe(4);
  });

  it('stores a request retried while its first attempt is being written only once', async () => {
    const ingest = await startIngest();
    const results = await Promise.all([ingest.accept(request('a')), ingest.accept(request('a'))]);
    expect(results.map((r) => r.status).sort()).toEqual(['duplicate', 'stored']);
    await ingest.flush();
    expect(insertedRows()).toBe(4);
  });

  it('seals a segment once it reaches maxSegmentBytes', async () => {
    const ingest = await startIngest({ maxSegmentBytes: 1 });
    for (const name of ['a', 'b', 'c']) await ingest.accept(request(name));
    await until(() => storage.inserts.length === 3);
    expect(new Set(storage.inserts.map((i) => i.deduplicationToken)).size).toBe(3);
  });

  it('seals and inserts a trickle after flushIntervalMs without a flush', async () => {
    const ingest = await startIngest({ flushIntervalMs: 300 });
    const acceptedAt = Date.now();
    await ingest.accept(request('a'));
    await until(() => storage.inserts.length === 1);
    expect(Date.now() - acceptedAt).toBeGreaterThanOrEqual(290);
    expect(storage.inserts[0]!.data.equals(request('a').rows.data)).toBe(true);
  });

  it('says behind with a Retry-After when pending bytes pass maxWalBytes, and accepts again once inserted', async () => {
    const size = request('a').rows.data.length;
    let release!: () => void;
    storage.gate = new Promise((resolve) => (release = resolve));
    const ingest = await startIngest({ maxWalBytes: Math.floor(size * 1.5) });
    await ingest.accept(request('a'));
    const behind = await ingest.accept(request('b')).catch((error: unknown) => error);
    expect(behind).toBeInstanceOf(IngestBehindError);
    expect((behind as IngestBehindError).retryAfterMs).toBeGreaterThanOrEqual(1_000);
    expect(ingest.stats().traces.walPendingBytes).toBe(size);
    release();
    await ingest.flush();
    expect(await ingest.accept(request('b'))).toEqual({ status: 'stored' });
  });

  it('retries a failing insert with backoff until it succeeds, counting the errors', async () => {
    storage.failNext = 3;
    const ingest = await startIngest();
    await ingest.accept(request('a'));
    await ingest.flush();
    const stats = ingest.stats().traces;
    expect(stats).toMatchObject({ rowsAccepted: 4, rowsInserted: 4, walPendingRows: 0, walSegments: 0, insertErrors: 3 });
    expect(stats.lastInsertError).toMatch(/storage is down/);
    expect(storage.inserts.length).toBe(1);
  });

  it('flushes everything on shutdown, refuses requests after it, and shuts down twice without harm', async () => {
    const ingest = await startIngest();
    await Promise.all(['a', 'b', 'c'].map((name) => ingest.accept(request(name))));
    await Promise.all([ingest.shutdown(), ingest.shutdown()]);
    await ingest.shutdown();
    expect(insertedRows()).toBe(12);
    await expect(ingest.accept(request('d'))).rejects.toBeInstanceOf(IngestUnavailableError);
    expect((await readdir(join(walDir, 'traces'))).filter((f) => !f.endsWith('.done'))).toEqual([]);
  });

  it('rejects a request it could not write as unavailable, keeping the log intact for the next ones', async () => {
    const ingest = await startIngest();
    await ingest.accept(request('a'));
    const probe = await open(join(walDir, 'probe'), 'w');
    const prototype = Object.getPrototypeOf(probe) as { writev: (...args: unknown[]) => Promise<unknown> };
    await probe.close();
    vi.spyOn(prototype, 'writev').mockRejectedValueOnce(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }));
    await expect(ingest.accept(request('b'))).rejects.toBeInstanceOf(IngestUnavailableError);
    await ingest.accept(request('c'));
    await ingest.flush();
    expect(Buffer.concat(storage.inserts.map((i) => i.data)).equals(Buffer.concat([request('a').rows.data, request('c').rows.data]))).toBe(true);
  });

  it('reports lag and depth in stats and in inspectWal while inserts are held up', async () => {
    let release!: () => void;
    storage.gate = new Promise((resolve) => (release = resolve));
    const ingest = await startIngest({ maxSegmentBytes: 1 });
    await ingest.accept(request('a', 3));
    await ingest.accept(request('b', 5));
    await tick(30);
    const stats = ingest.stats().traces;
    expect(stats).toMatchObject({ rowsAccepted: 8, rowsInserted: 0, walPendingRows: 8, walSegments: 2 });
    expect(stats.lagMs).toBeGreaterThanOrEqual(20);
    const depth = await inspectWal(walDir);
    expect(depth.traces).toMatchObject({ segments: 2, pendingRows: 8, pendingBytes: stats.walPendingBytes });
    expect(depth.logs).toEqual({ segments: 0, pendingBytes: 0, pendingRows: 0, oldestPendingAtMs: undefined });
    release();
    await ingest.flush();
    expect(ingest.stats().traces).toMatchObject({ walPendingRows: 0, walPendingBytes: 0, lagMs: 0 });
    expect((await inspectWal(walDir)).traces.segments).toBe(0);
  });
});
