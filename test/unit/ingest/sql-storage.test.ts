import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { createSqlStorage } from '../../../ingest/sql-storage.js';
import type { StorageConnection } from '../../../ingest/storage-connection.js';

/** A connection that logs its calls; `gate` holds inserts and `openGate` holds open() until released. */
function fakeConnection() {
  const calls: string[] = [];
  let releaseInsert = () => {};
  let releaseOpen = () => {};
  const insertGate = new Promise<void>((resolve) => (releaseInsert = resolve));
  const openGate = new Promise<void>((resolve) => (releaseOpen = resolve));
  let holdOpen = false;
  const connection: StorageConnection = {
    kind: 'chdb',
    description: 'fake',
    async open() {
      calls.push('open');
      if (holdOpen) await openGate;
    },
    async command() {},
    async query<T>() {
      return [] as T[];
    },
    async insertRowBinaryFile() {
      calls.push('insert started');
      await insertGate;
      calls.push('insert done');
    },
    async insertJsonRows() {},
    localBytesOnDisk: async () => undefined,
    async close() {
      calls.push('close');
    },
  };
  return {
    connection,
    calls,
    releaseInsert,
    releaseOpen,
    holdOpen() {
      holdOpen = true;
    },
  };
}

function sealedFile(bytes: number) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'agentfleet-')), 'segment');
  fs.writeFileSync(file, Buffer.alloc(bytes, 1));
  return { signal: 'traces' as const, path: file, byteLength: bytes, rowCount: 1, deduplicationToken: 't' };
}

describe('createSqlStorage', () => {
  it('lets an insert in flight finish before shutdown closes the connection', async () => {
    const fake = fakeConnection();
    const storage = createSqlStorage(fake.connection, 'db');
    await storage.start();
    const insert = storage.insertRowBinaryFile(sealedFile(10));
    await new Promise((resolve) => setTimeout(resolve, 10));

    const shutdown = storage.shutdown();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(fake.calls).toEqual(['open', 'insert started']);
    fake.releaseInsert();
    await Promise.all([insert, shutdown]);

    expect(fake.calls).toEqual(['open', 'insert started', 'insert done', 'close']);
  });

  it('closes what a start in progress opens when shutdown comes first', async () => {
    const fake = fakeConnection();
    fake.holdOpen();
    const storage = createSqlStorage(fake.connection, 'db');
    const start = storage.start();

    const shutdown = storage.shutdown();
    fake.releaseOpen();
    await start;
    await shutdown;

    expect(fake.calls).toEqual(['open', 'close']);
    await expect(storage.query('SELECT 1')).rejects.toThrow('fake is shut down');
  });

  it('skips the engine for an empty sealed file', async () => {
    const fake = fakeConnection();
    const storage = createSqlStorage(fake.connection, 'db');
    await storage.start();

    await storage.insertRowBinaryFile(sealedFile(0));

    expect(fake.calls).toEqual(['open']);
    await storage.shutdown();
  });

  it('refuses a file that does not exist', async () => {
    const fake = fakeConnection();
    const storage = createSqlStorage(fake.connection, 'db');
    await storage.start();

    await expect(storage.insertRowBinaryFile({ ...sealedFile(4), path: '/nonexistent/segment' })).rejects.toThrow(
      'cannot read RowBinary file /nonexistent/segment',
    );
    await storage.shutdown();
  });
});
