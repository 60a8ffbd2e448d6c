import { randomBytes } from 'node:crypto';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { WalSyncMode } from '../ingest/config.js';
import type { EncodedRows } from '../ingest/encoded-rows.js';
import { createIngest } from '../ingest/ingest-pipeline.js';
import type { Storage } from '../ingest/storage.js';
import { formatBenchTable, type BenchRow } from './table.js';

/**
 * The write-ahead log alone: how fast `accept()` makes requests durable, with
 * fsync and without, against plain file writes of the same bytes. Storage is
 * a no-op, so only the log (write, sync, seal, retire) is measured. The log
 * never parses rows, so requests are random bytes of a realistic size.
 */
const BYTES_PER_SPAN = 400;
/** A hook-sized request (one span) and an SDK-batch-sized one. */
const SPANS_PER_REQUEST = [1, 100] as const;
/** Requests in flight at once, like concurrent OTLP exports from many agents. */
const CONCURRENT_CLIENTS = 64;
const DURATION_MS = 3_000;

interface Throughput {
  readonly requestsPerSecond: number;
  readonly megabytesPerSecond: number;
}

const noopStorage: Storage = {
  kind: 'chdb',
  description: 'no-op',
  database: 'bench',
  start: async () => undefined,
  insertRowBinaryFile: async () => undefined,
  insertJsonRows: async () => undefined,
  query: async () => [],
  command: async () => undefined,
  stats: async () => ({ tables: [], localBytesOnDisk: undefined }),
  shutdown: async () => undefined,
};

function throughput(requests: number, elapsedMs: number, bytesPerRequest: number): Throughput {
  const seconds = elapsedMs / 1000;
  return { requestsPerSecond: requests / seconds, megabytesPerSecond: (requests * bytesPerRequest) / 1e6 / seconds };
}

async function benchWal(dir: string, syncMode: WalSyncMode, rows: EncodedRows): Promise<Throughput> {
  const ingest = createIngest({ storage: noopStorage, walDir: join(dir, `wal-${syncMode}-${rows.rowCount}`), config: { syncMode } });
  await ingest.start();
  let accepted = 0;
  const start = performance.now();
  const client = async (id: number) => {
    for (let n = 0; performance.now() - start < DURATION_MS; n++) {
      await ingest.accept({ rows, requestDigest: `${id}-${n}` });
      accepted += 1;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT_CLIENTS }, (_, id) => client(id)));
  const elapsedMs = performance.now() - start;
  await ingest.shutdown();
  return throughput(accepted, elapsedMs, rows.data.length);
}

/** Baseline: the same bytes appended to one file with plain writes, one request after the other. */
async function benchPlainWrites(dir: string, syncEach: boolean, data: Buffer): Promise<Throughput> {
  const file = await open(join(dir, `plain-${syncEach ? 'fdatasync' : 'write'}`), 'w');
  let written = 0;
  const start = performance.now();
  while (performance.now() - start < DURATION_MS) {
    await file.write(data, 0, data.length, written * data.length);
    if (syncEach) await file.datasync();
    written += 1;
  }
  const elapsedMs = performance.now() - start;
  await file.close();
  return throughput(written, elapsedMs, data.length);
}

function rowsFor(figure: string, spansPerRequest: number, wal: Throughput, baseline: Throughput, baselineLabel: string): BenchRow[] {
  return [
    { figure: `${figure} MB/s`, value: wal.megabytesPerSecond, unit: 'MB/s', baseline: baseline.megabytesPerSecond, baselineLabel },
    { figure: `${figure} requests/s`, value: wal.requestsPerSecond, unit: 'req/s', baseline: baseline.requestsPerSecond, baselineLabel },
    { figure: `${figure} spans/s`, value: wal.requestsPerSecond * spansPerRequest, unit: 'spans/s' },
  ];
}

export async function main(): Promise<void> {
  // BENCH_DIR: a directory on the disk to measure (the default temp dir may be a RAM disk, where fsync is free).
  const dir = await mkdtemp(join(process.env['BENCH_DIR'] ?? tmpdir(), 'agentfleet-bench-wal-'));
  try {
    for (const spans of SPANS_PER_REQUEST) {
      const rows: EncodedRows = { signal: 'traces', rowCount: spans, data: randomBytes(spans * BYTES_PER_SPAN) };
      const walFsync = await benchWal(dir, 'fsync', rows);
      const plainFsync = await benchPlainWrites(dir, true, rows.data);
      const walNone = await benchWal(dir, 'none', rows);
      const plainWrite = await benchPlainWrites(dir, false, rows.data);
      const title = `write-ahead log accept, ${CONCURRENT_CLIENTS} concurrent clients, ${spans}-span requests of ${rows.data.length} B`;
      console.log(
        formatBenchTable(title, [
          ...rowsFor('WAL sync=fsync', spans, walFsync, plainFsync, 'write+fdatasync each'),
          ...rowsFor('WAL sync=none', spans, walNone, plainWrite, 'plain fs.write'),
        ]),
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) {
  await main();
}
