// A process to SIGKILL: ingests requests from a file into chDB through the
// write-ahead log (compiled dist/, built by the test global setup) and prints
// `ack <i>` once request i is acknowledged.
// Usage: node ingest-child.mjs <chdbPath> <walDir> <requests.json>
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { createChdbStorage } from '../../dist/ingest/chdb-storage.js';
import { createIngest } from '../../dist/ingest/ingest-pipeline.js';

const [chdbPath, walDir, requestsFile] = process.argv.slice(2);
const requests = JSON.parse(await readFile(requestsFile, 'utf8'));
const storage = createChdbStorage({ path: chdbPath, database: 'otel' });
await storage.start();
// Small segments and a short interval: inserts and retires run all the time, so the kill lands among them.
const ingest = createIngest({ storage, walDir, config: { maxSegmentBytes: 32 * 1024, flushIntervalMs: 20 } });
await ingest.start();

let next = 0;
async function client() {
  while (next < requests.length) {
    const i = next++;
    const { rowCount, data, digest } = requests[i];
    const rows = { signal: 'traces', rowCount, data: Buffer.from(data, 'base64') };
    for (;;) {
      try {
        await ingest.accept({ rows, requestDigest: digest });
        break;
      } catch (error) {
        if (error.name !== 'IngestBehindError') throw error;
        await sleep(20);
      }
    }
    process.stdout.write(`ack ${i}\n`);
  }
}
await Promise.all(Array.from({ length: 8 }, client));
process.stdout.write('done\n');
setInterval(() => undefined, 60_000); // wait for the kill
