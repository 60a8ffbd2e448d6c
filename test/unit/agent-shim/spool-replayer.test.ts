import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PostResult } from '../../../agent-shim/spool/otlp-post.js';
import { createSpoolReplayer } from '../../../agent-shim/spool/spool-replayer.js';
import { openSpool, type Spool } from '../../../agent-shim/spool/spool.js';
import { DATA_DIR_LOCK_FILE } from '../../../ingest/data-dir-lock.js';
import type { Signal } from '../../../ingest/schema/otel-tables.js';
import { createLogger } from '../../../orchestrator/log.js';
import { tempDir } from '../../helpers/temp-dir.js';

const log = createLogger('error');

/** A spool under `root` holding `bodies`, given up by its owner (as a finished or killed run leaves it). */
async function leftSpool(root: string, name: string, bodies: readonly string[]): Promise<string> {
  const dir = path.join(root, name);
  const spool = await openSpool(dir, 1024, log);
  for (const body of bodies) await spool.append('traces', Buffer.from(body));
  await spool.close();
  return dir;
}

async function ownSpool(root: string, bodies: readonly string[]): Promise<Spool> {
  const spool = await openSpool(path.join(root, 'zz-own'), 1024, log);
  for (const body of bodies) await spool.append('traces', Buffer.from(body));
  return spool;
}

type Post = (signal: Signal, body: Uint8Array, timeoutMs: number) => Promise<PostResult>;

/** A collector stand-in: answers each body with the next result (success once they run out) and records what it got, and where. */
function fakePost(results: PostResult['status'][] = []) {
  const received: string[] = [];
  const signals: Signal[] = [];
  const post = async (signal: Signal, body: Uint8Array): Promise<PostResult> => {
    received.push(Buffer.from(body).toString());
    signals.push(signal);
    const status = results.shift() ?? 'success';
    return status === 'success' ? { status } : { status, reason: 'test' };
  };
  return { received, signals, post };
}

const replayerFor = (root: string, own: Spool, post: Post) =>
  createSpoolReplayer({ root, own, maxSpoolBytes: 1024, post, retryIntervalMs: 60_000, postTimeoutMs: 1_000, log });

describe('the spool replayer', () => {
  it('sends spools left by earlier runs first, then its own, each oldest first, and deletes what it emptied', async () => {
    const root = tempDir();
    const first = await leftSpool(root, 'a-earlier', ['a1', 'a2']);
    const second = await leftSpool(root, 'b-later', ['b1']);
    // A run killed outright leaves its lock behind, naming a process that is gone.
    writeFileSync(path.join(second, DATA_DIR_LOCK_FILE), JSON.stringify({ pid: 4_194_303, startedAt: 'then', commandLine: 'agentfleet run', token: 'x' }));
    const own = await ownSpool(root, ['own1', 'own2']);
    const { received, post } = fakePost();

    const replayer = replayerFor(root, own, post);
    expect(await replayer.replayUntil(Date.now() + 5_000)).toBe(true);
    await replayer.stop();
    expect(received).toEqual(['a1', 'a2', 'b1', 'own1', 'own2']);
    expect(existsSync(first)).toBe(false);
    expect(existsSync(second)).toBe(false);
    expect(own.isEmpty()).toBe(true);
  });

  it('sends each body to the endpoint of its own signal, in the order they were spooled', async () => {
    const root = tempDir();
    const own = await ownSpool(root, []);
    await own.append('logs', Buffer.from('session.start'));
    await own.append('traces', Buffer.from('file.edit'));
    await own.append('logs', Buffer.from('heartbeat'));
    const { received, signals, post } = fakePost();

    const replayer = replayerFor(root, own, post);
    expect(await replayer.replayUntil(Date.now() + 5_000)).toBe(true);
    await replayer.stop();
    expect(received).toEqual(['session.start', 'file.edit', 'heartbeat']);
    expect(signals).toEqual(['logs', 'traces', 'logs']);
  });

  it('leaves alone a spool whose owner is still running', async () => {
    const root = tempDir();
    const busy = await openSpool(path.join(root, 'a-busy'), 1024, log);
    await busy.append('traces', Buffer.from('theirs'));
    const own = await ownSpool(root, ['mine']);
    const { received, post } = fakePost();

    const replayer = replayerFor(root, own, post);
    await replayer.replayUntil(Date.now() + 5_000);
    await replayer.stop();
    expect(received).toEqual(['mine']);
    expect(busy.stats().batches).toBe(1);
  });

  it('stops at the first retryable failure and resumes there on the next pass', async () => {
    const root = tempDir();
    const own = await ownSpool(root, ['1', '2', '3']);
    const { received, post } = fakePost(['success', 'retryable']);

    const replayer = replayerFor(root, own, post);
    expect(await replayer.replayUntil(Date.now() + 5_000)).toBe(false);
    expect(own.stats().batches).toBe(2);
    expect(await replayer.replayUntil(Date.now() + 5_000)).toBe(true);
    await replayer.stop();
    expect(received).toEqual(['1', '2', '2', '3']);
  });

  it('drops a body the collector refuses for good and goes on with the next', async () => {
    const root = tempDir();
    const own = await ownSpool(root, ['bad', 'good']);
    const { received, post } = fakePost(['permanent']);

    const replayer = replayerFor(root, own, post);
    expect(await replayer.replayUntil(Date.now() + 5_000)).toBe(true);
    await replayer.stop();
    expect(received).toEqual(['bad', 'good']);
    expect(own.stats()).toMatchObject({ batches: 0, droppedBatches: 1 });
  });

  it('gives up at its deadline however slow the collector is', async () => {
    const root = tempDir();
    const own = await ownSpool(root, ['slow']);
    const hang: Post = (_signal, _body, timeoutMs) => new Promise<PostResult>((resolve) => setTimeout(() => resolve({ status: 'retryable', reason: 'timeout' }), timeoutMs));

    const replayer = replayerFor(root, own, hang);
    const started = Date.now();
    expect(await replayer.replayUntil(Date.now() + 200)).toBe(false);
    await replayer.stop();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(own.stats().batches).toBe(1);
  });
});
