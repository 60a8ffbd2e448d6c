import type { Signal } from '../schema/otel-tables.js';
import { listSegments, readIndexRecords, signalDir } from './segment-files.js';

/** How much of one signal's write-ahead log is waiting to be inserted. */
export interface WalDepth {
  readonly segments: number;
  readonly pendingBytes: number;
  readonly pendingRows: number;
  /** When the oldest pending request was accepted (ms since the epoch); undefined when nothing is pending. */
  readonly oldestPendingAtMs: number | undefined;
}

export type WalInspection = Readonly<Record<Signal, WalDepth>>;

/**
 * Write-ahead-log depth read from the files alone, for `agentfleet status`
 * when no server is running. Takes no lock and writes nothing, so it is also
 * safe beside a running server (it may then see a request half-written and
 * count the records before it). Counts index records as written; recovery
 * at the next start also checks the data.
 */
export async function inspectWal(walDir: string): Promise<WalInspection> {
  const [traces, logs] = await Promise.all([inspectStream(signalDir(walDir, 'traces')), inspectStream(signalDir(walDir, 'logs'))]);
  return { traces, logs };
}

async function inspectStream(dir: string): Promise<WalDepth> {
  let segments = 0;
  let pendingBytes = 0;
  let pendingRows = 0;
  let oldestPendingAtMs: number | undefined;
  for (const listing of await listSegments(dir)) {
    if (listing.hasDone || !listing.hasIdx) continue;
    const records = await readIndexRecords(listing.paths.idx);
    const first = records[0];
    if (first === undefined) continue;
    segments += 1;
    pendingBytes += records.at(-1)!.endOffset;
    pendingRows += records.reduce((sum, r) => sum + r.rowCount, 0);
    oldestPendingAtMs = Math.min(oldestPendingAtMs ?? Infinity, first.acceptedAtMs);
  }
  return { segments, pendingBytes, pendingRows, oldestPendingAtMs };
}
