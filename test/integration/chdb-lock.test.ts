import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterEach, describe, expect, it } from 'vitest';

import { createChdbStorage } from '../../ingest/chdb-storage.js';
import type { Storage } from '../../ingest/storage.js';
import { DataDirLockedError, StorageUnavailableError } from '../../ingest/storage-errors.js';
import { spawnReadyChild, type ReadyChild } from '../helpers/ready-child.js';

const CHDB_HOLDER = fileURLToPath(new URL('../fixtures/storage/hold-chdb.mjs', import.meta.url));

describe("chDB's own directory lock and one-directory-per-process rule", () => {
  const children: ReadyChild[] = [];
  const storages: Storage[] = [];
  afterEach(async () => {
    for (const storage of storages.splice(0)) await storage.shutdown();
    await Promise.all(children.splice(0).map((c) => c.kill('SIGKILL')));
  });

  function chdbStorage(dir: string): Storage {
    const storage = createChdbStorage({ path: dir, database: 'otel' });
    storages.push(storage);
    return storage;
  }

  it('refuses a second data directory in one process until the first is shut down', async () => {
    const first = chdbStorage(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'agentfleet-')), 'chdb'));
    const second = chdbStorage(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'agentfleet-')), 'chdb'));
    await first.start();

    const attempt = second.start();

    await expect(attempt).rejects.toBeInstanceOf(StorageUnavailableError);
    await expect(attempt).rejects.toThrow(/chDB opens one data directory per process/);
    await first.shutdown();
    await second.start();
    expect(await second.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('reports a directory that another process has open with the holder and what to do', async () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'agentfleet-')), 'chdb');
    const holder = await spawnReadyChild(CHDB_HOLDER, [dir]);
    children.push(holder);

    const attempt = chdbStorage(dir).start();

    await expect(attempt).rejects.toBeInstanceOf(DataDirLockedError);
    const error = (await attempt.catch((e: unknown) => e)) as DataDirLockedError;
    expect(error.holderPid).toBe(holder.child.pid);
    expect(error.holderCommand).toContain('hold-chdb.mjs');
    expect(error.message).toContain(`data directory ${dir} is in use by process ${holder.child.pid}`);
    expect(error.message).toContain('stop it, or pass --data-dir to use another directory');
  });

  it('opens a directory whose previous holder was killed', async () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'agentfleet-')), 'chdb');
    const holder = await spawnReadyChild(CHDB_HOLDER, [dir]);
    await holder.kill('SIGKILL');

    const storage = chdbStorage(dir);
    await storage.start();

    expect((await storage.stats()).tables.map((t) => t.table)).toContain('otel_traces');
  });
});
