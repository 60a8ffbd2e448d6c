import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { decodeTracesRequest } from '../collector/otlp/index.js';
import { defaultIngestConfig } from '../ingest/config.js';
import { createStorage } from '../ingest/storage-url.js';
import { buildWorkload, stampRequest, type WorkloadOptions } from './ingest-workload.js';

/** What bench/ingest sends the baseline process (IPC). */
export interface BaselineTask {
  readonly workload: WorkloadOptions;
  readonly requests: number;
}

/** What it sends back. */
export interface BaselineResult {
  readonly spansPerSecond: number;
}

/**
 * The baseline: the same spans, already decoded to the same RowBinary rows,
 * inserted into chDB in segment-sized files with the pipeline's insert
 * concurrency — no HTTP, no decoding, no write-ahead log.
 */
async function plainChdbInsertSpansPerSecond(task: BaselineTask): Promise<number> {
  const workload = buildWorkload(task.workload);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'agentfleet-bench-baseline-'));
  try {
    const { maxSegmentBytes, maxConcurrentInserts } = defaultIngestConfig();
    const files: { path: string; byteLength: number; rowCount: number }[] = [];
    let chunks: Buffer[] = [];
    let bytes = 0;
    let rows = 0;
    const seal = () => {
      const file = path.join(dir, `batch-${files.length}.rb`);
      writeFileSync(file, Buffer.concat(chunks));
      files.push({ path: file, byteLength: bytes, rowCount: rows });
      chunks = [];
      bytes = 0;
      rows = 0;
    };
    for (let n = 0; n < task.requests; n++) {
      const decoded = decodeTracesRequest(stampRequest(workload, n), 'protobuf');
      chunks.push(decoded.rows.data);
      bytes += decoded.rows.data.length;
      rows += decoded.rows.rowCount;
      if (bytes >= maxSegmentBytes) seal();
    }
    if (rows > 0) seal();

    const storage = createStorage({ storage: 'chdb', dataDir: dir });
    await storage.start();
    try {
      const started = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: maxConcurrentInserts }, async () => {
          while (next < files.length) {
            const file = files[next]!;
            await storage.insertRowBinaryFile({ signal: 'traces', deduplicationToken: `baseline-${next++}`, ...file });
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      return files.reduce((sum, f) => sum + f.rowCount, 0) / seconds;
    } finally {
      await storage.shutdown();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) {
  process.once('message', (task: BaselineTask) => {
    void plainChdbInsertSpansPerSecond(task).then((spansPerSecond) => {
      const result: BaselineResult = { spansPerSecond };
      process.send!(result, () => process.disconnect());
    });
  });
}
