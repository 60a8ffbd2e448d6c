import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterEach, describe, expect, it } from 'vitest';

import { DATA_DIR_LOCK_FILE, acquireDataDirLock } from '../../ingest/data-dir-lock.js';
import { DataDirLockedError } from '../../ingest/storage-errors.js';
import { spawnReadyChild, type ReadyChild } from '../helpers/ready-child.js';

const HOLDER = fileURLToPath(new URL('../fixtures/storage/hold-data-dir-lock.mjs', import.meta.url));

/** The pid of a process that has exited: nobody can hold a lock under it. */
function deadPid(): number {
  const result = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  return Number(result.stdout.trim());
}

describe('data directory lock', () => {
  const children: ReadyChild[] = [];
  afterEach(async () => {
    await Promise.all(children.splice(0).map((c) => c.kill('SIGKILL')));
  });

  it('refuses a second process with a message naming the holder and what to do', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentfleet-'));
    const holder = await spawnReadyChild(HOLDER, [dir]);
    children.push(holder);

    const attempt = acquireDataDirLock(dir);

    await expect(attempt).rejects.toBeInstanceOf(DataDirLockedError);
    const error = (await attempt.catch((e: unknown) => e)) as DataDirLockedError;
    expect(error.holderPid).toBe(holder.child.pid);
    expect(error.holderCommand).toContain('hold-data-dir-lock.mjs');
    expect(error.message).toContain(`data directory ${dir} is in use by process ${holder.child.pid}`);
    expect(error.message).toMatch(/ since \d{4}-\d\d-\d\dT/);
    expect(error.message).toContain('stop it, or pass --data-dir to use another directory');
  });

  it('takes over the lock of a process that died without releasing it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentfleet-'));
    const holder = await spawnReadyChild(HOLDER, [dir]);
    await holder.kill('SIGKILL');
    expect(fs.existsSync(path.join(dir, DATA_DIR_LOCK_FILE))).toBe(true);

    const lock = await acquireDataDirLock(dir);

    const record = JSON.parse(fs.readFileSync(lock.lockPath, 'utf8')) as { pid: number };
    expect(record.pid).toBe(process.pid);
    await lock.release();
  });

  it('takes over a lock file naming a process that no longer exists', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentfleet-'));
    const stale = { pid: deadPid(), startedAt: '2020-01-01T00:00:00.000Z', commandLine: 'old', token: 'old' };
    fs.writeFileSync(path.join(dir, DATA_DIR_LOCK_FILE), JSON.stringify(stale));

    const lock = await acquireDataDirLock(dir);

    expect(fs.readFileSync(lock.lockPath, 'utf8')).toContain(`"pid":${process.pid}`);
    await lock.release();
  });

  it('records pid, start time and command line, and leaves no other file behind', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentfleet-'));

    const lock = await acquireDataDirLock(dir);

    const record = JSON.parse(fs.readFileSync(lock.lockPath, 'utf8')) as Record<string, unknown>;
    expect(record).toMatchObject({ pid: process.pid, commandLine: process.argv.join(' ') });
    expect(new Date(String(record['startedAt'])).getTime()).toBeLessThanOrEqual(Date.now());
    expect(fs.readdirSync(dir)).toEqual([DATA_DIR_LOCK_FILE]);
    await lock.release();
  });

  it('refuses the same directory twice in one process', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentfleet-'));
    const lock = await acquireDataDirLock(dir);

    await expect(acquireDataDirLock(dir)).rejects.toBeInstanceOf(DataDirLockedError);
    await lock.release();
  });

  it('releases idempotently and lets the next holder in', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentfleet-'));
    const lock = await acquireDataDirLock(dir);

    await lock.release();
    await lock.release();

    expect(fs.existsSync(lock.lockPath)).toBe(false);
    const next = await acquireDataDirLock(dir);
    await lock.release(); // a stale handle must not remove the new holder's lock
    expect(fs.existsSync(next.lockPath)).toBe(true);
    await next.release();
  });

  it('creates the data directory when it does not exist', async () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'agentfleet-')), 'nested', 'data');

    const lock = await acquireDataDirLock(dir);

    expect(fs.existsSync(path.join(dir, DATA_DIR_LOCK_FILE))).toBe(true);
    await lock.release();
  });
});
