import { main as alerts } from './alerts.js';
import { main as decode } from './decode.js';
import { main as ingest } from './ingest.js';
import { main as redaction } from './redaction.js';
import { main as shim } from './shim.js';
import { main as storageInsert } from './storage-insert.js';
import { main as wal } from './wal.js';

/**
 * `npm run bench`: every benchmark in turn, each printing its table (figure,
 * same-run baseline, ratio). `npm run bench -- ingest` runs one.
 */
const BENCHMARKS: Record<string, () => Promise<void>> = { decode, redaction, wal, 'storage-insert': storageInsert, ingest, shim, alerts };

const selected = process.argv.slice(2);
for (const name of selected.length > 0 ? selected : Object.keys(BENCHMARKS)) {
  const run = BENCHMARKS[name];
  if (!run) {
    process.stderr.write(`unknown benchmark ${name}; choose from ${Object.keys(BENCHMARKS).join(', ')}\n`);
    process.exit(2);
  }
  await run();
  process.stdout.write('\n');
}
