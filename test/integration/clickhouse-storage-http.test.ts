import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { createClickHouseStorage } from '../../ingest/clickhouse-storage.js';
import type { Storage } from '../../ingest/storage.js';
import { StorageQueryError, StorageUnavailableError } from '../../ingest/storage-errors.js';

/** One HTTP request as the server saw it. */
interface Recorded {
  readonly method: string;
  readonly url: URL;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

/**
 * A loopback HTTP endpoint that answers like an empty ClickHouse server
 * (200, no rows) and records what it was sent: it checks the requests
 * clickhouse-storage makes on the wire, which the in-process chDB stand-in
 * cannot show. `failWith` makes it answer every later query with a
 * ClickHouse exception.
 */
async function recordingServer() {
  const requests: Recorded[] = [];
  let failure: { code: number; text: string } | undefined;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        url: new URL(req.url ?? '/', 'http://127.0.0.1'),
        headers: req.headers,
        body: Buffer.concat(chunks),
      });
      if (failure !== undefined && req.url !== '/ping') {
        res.writeHead(500, { 'X-ClickHouse-Exception-Code': String(failure.code) });
        res.end(`Code: ${failure.code}. DB::Exception: ${failure.text}. (UNKNOWN_TABLE) (version 25.8.1.1)\n`);
        return;
      }
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end(req.url === '/ping' ? 'Ok.\n' : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    requests,
    failWith(code: number, text: string) {
      failure = { code, text };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('clickhouse-storage over HTTP', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function startedOn(url: string): Promise<Storage> {
    const storage = createClickHouseStorage({ url });
    cleanups.push(() => storage.shutdown());
    await storage.start();
    return storage;
  }

  it('streams exactly the sealed bytes with FORMAT RowBinary and the deduplication token', async () => {
    const server = await recordingServer();
    cleanups.push(server.close);
    const storage = await startedOn(`clickhouse://writer:s3cret@127.0.0.1:${server.port}/fleet`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentfleet-'));
    const file = path.join(dir, 'segment.rowbinary');
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 256));
    fs.writeFileSync(file, bytes);

    await storage.insertRowBinaryFile({
      signal: 'logs',
      path: file,
      byteLength: bytes.length,
      rowCount: 1,
      deduplicationToken: "wal-7-it's",
    });

    const insert = server.requests.at(-1)!;
    const sql = insert.url.searchParams.get('query') ?? '';
    expect(sql).toMatch(/^INSERT INTO `fleet`\.`otel_logs` \(`Timestamp`, `TraceId`, .*`EventName`\) /);
    expect(sql).toContain("SETTINGS insert_deduplication_token = 'wal-7-it\\'s' FORMAT RowBinary");
    expect(insert.body.equals(bytes)).toBe(true);
    expect(insert.headers.authorization).toBe(`Basic ${Buffer.from('writer:s3cret').toString('base64')}`);
  });

  it('creates its database and tables through qualified statements before anything else', async () => {
    const server = await recordingServer();
    cleanups.push(server.close);

    await startedOn(`http://127.0.0.1:${server.port}/fleet`);

    const statements = server.requests.filter((r) => r.url.pathname !== '/ping').map((r) => r.url.searchParams.get('query') ?? r.body.toString());
    expect(statements[0]).toBe('CREATE DATABASE IF NOT EXISTS `fleet`');
    expect(statements.some((s) => s.startsWith('CREATE TABLE IF NOT EXISTS `fleet`.otel_traces ('))).toBe(true);
    // The client must not name the database on requests: it does not exist before the first one.
    expect(server.requests.every((r) => !r.url.searchParams.has('database'))).toBe(true);
  });

  it('reports a ClickHouse exception as StorageQueryError with code and type', async () => {
    const server = await recordingServer();
    cleanups.push(server.close);
    const storage = await startedOn(`http://127.0.0.1:${server.port}`);
    server.failWith(60, 'Unknown table expression identifier nope');

    const attempt = storage.query('SELECT * FROM nope');

    await expect(attempt).rejects.toBeInstanceOf(StorageQueryError);
    await expect(attempt).rejects.toMatchObject({ clickhouseCode: 60, clickhouseType: 'UNKNOWN_TABLE' });
  });

  it('reports a server that does not answer as StorageUnavailableError', async () => {
    const server = await recordingServer();
    const port = server.port;
    await server.close();
    const storage = createClickHouseStorage({ url: `clickhouse://127.0.0.1:${port}` });

    await expect(storage.start()).rejects.toBeInstanceOf(StorageUnavailableError);
  });

  it('describes itself without the password', () => {
    const storage = createClickHouseStorage({ url: 'clickhouse://alice:hunter2@db.internal/traces' });

    expect(storage.description).toBe('clickhouse:http://alice@db.internal:8123 (database traces)');
    expect(storage.database).toBe('traces');
  });
});
