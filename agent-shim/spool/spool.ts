import { readdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { acquireDataDirLock, DATA_DIR_LOCK_FILE } from '../../ingest/data-dir-lock.js';
import type { Signal } from '../../ingest/schema/otel-tables.js';
import type { Logger } from '../../orchestrator/log.js';

/** One spooled OTLP/JSON export request body, waiting to be sent to `/v1/<signal>`. */
export interface SpoolEntry {
  readonly seq: number;
  readonly signal: Signal;
  readonly file: string;
  readonly bytes: number;
}

export interface SpoolStats {
  readonly batches: number;
  readonly bytes: number;
  /** Batches dropped because the spool was full (oldest first) or could not be written. */
  readonly droppedBatches: number;
  readonly droppedBytes: number;
}

/**
 * An on-disk queue of export request bodies of both signals, in the order
 * they were spooled, owned by one process at a time (a lock file with its
 * pid). Each body is its own file `<seq>.<signal>.json`, written
 * to a temporary name and renamed into place: a crash never leaves a torn
 * body, and deleting a delivered file is the whole bookkeeping. Files are not
 * fsync'ed: the spool outlives a collector outage or a killed shim, not a
 * power cut.
 */
export interface Spool {
  readonly dir: string;
  /** True when nothing is spooled and nothing is being written. */
  isEmpty(): boolean;
  /** Queues `body`, a request for `/v1/<signal>`, behind everything spooled before; drops the oldest bodies past `maxBytes`. Never rejects. */
  append(signal: Signal, body: Uint8Array): Promise<void>;
  /** The oldest body spooled, if any. */
  oldest(): SpoolEntry | undefined;
  read(entry: SpoolEntry): Promise<Buffer>;
  /** Forgets a delivered (or undeliverable) body. */
  remove(entry: SpoolEntry): Promise<void>;
  /** Counts `entry` as dropped and removes it (a body the collector refuses for good). */
  drop(entry: SpoolEntry): Promise<void>;
  stats(): SpoolStats;
  /** Waits for pending writes, then deletes the directory if it is empty, else releases the lock for a later run. Idempotent. */
  close(): Promise<void>;
}

/** `<seq>.<signal>.json`; a bare `<seq>.json` was written by a 0.1 shim, which spooled spans only. */
const BODY_FILE = /^(\d{12})(?:\.(traces|logs))?\.json$/;
const fileName = (seq: number, signal: Signal) => `${String(seq).padStart(12, '0')}.${signal}.json`;

/** The sequence number and signal of a spooled body's file name; undefined for any other file. */
export function parseSpoolFileName(name: string): { readonly seq: number; readonly signal: Signal } | undefined {
  const match = BODY_FILE.exec(name);
  return match === null ? undefined : { seq: Number(match[1]), signal: (match[2] as Signal | undefined) ?? 'traces' };
}

async function existingEntries(dir: string): Promise<SpoolEntry[]> {
  const entries: SpoolEntry[] = [];
  for (const name of await readdir(dir)) {
    const parsed = parseSpoolFileName(name);
    if (parsed === undefined) {
      // A temporary file left by a crash mid-write: that body was never spooled.
      if (name.endsWith('.tmp')) await rm(path.join(dir, name), { force: true });
      continue;
    }
    const file = path.join(dir, name);
    entries.push({ ...parsed, file, bytes: (await stat(file)).size });
  }
  return entries.sort((a, b) => a.seq - b.seq);
}

/**
 * Takes `dir` for this process (throws `DataDirLockedError` when a live
 * process holds it) and opens the bodies already in it, oldest first.
 */
export async function openSpool(dir: string, maxBytes: number, log: Logger): Promise<Spool> {
  const lock = await acquireDataDirLock(dir);
  const entries = await existingEntries(dir);
  let bytes = entries.reduce((sum, entry) => sum + entry.bytes, 0);
  let nextSeq = (entries.at(-1)?.seq ?? 0) + 1;
  let pendingWrites = 0;
  let droppedBatches = 0;
  let droppedBytes = 0;
  let tail: Promise<void> = Promise.resolve();
  let closed: Promise<void> | undefined;

  const countDropped = (byteCount: number) => {
    droppedBatches++;
    droppedBytes += byteCount;
  };

  const forget = async (entry: SpoolEntry, dropped: boolean) => {
    const index = entries.indexOf(entry);
    if (index < 0) return;
    entries.splice(index, 1);
    bytes -= entry.bytes;
    if (dropped) countDropped(entry.bytes);
    await unlink(entry.file).catch(() => undefined);
  };

  const write = async (signal: Signal, body: Uint8Array) => {
    if (body.length > maxBytes) return countDropped(body.length);
    while (bytes + body.length > maxBytes && entries.length > 0) await forget(entries[0]!, true);
    const seq = nextSeq++;
    const entry: SpoolEntry = { seq, signal, file: path.join(dir, fileName(seq, signal)), bytes: body.length };
    try {
      await writeFile(`${entry.file}.tmp`, body);
      await rename(`${entry.file}.tmp`, entry.file);
      entries.push(entry);
      bytes += entry.bytes;
    } catch (error) {
      countDropped(body.length);
      log.warn(`spool: could not write ${entry.file}: ${String(error)}`);
    }
  };

  return {
    dir,
    isEmpty: () => entries.length === 0 && pendingWrites === 0,
    append(signal, body) {
      pendingWrites++;
      tail = tail.then(() => write(signal, body)).finally(() => pendingWrites--);
      return tail;
    },
    oldest: () => entries[0],
    read: (entry) => readFile(entry.file),
    remove: (entry) => forget(entry, false),
    drop: (entry) => forget(entry, true),
    stats: () => ({ batches: entries.length, bytes, droppedBatches, droppedBytes }),
    close() {
      closed ??= (async () => {
        await tail;
        // The lock, and a lock taker's private file a kill may have left beside it, are not spooled data.
        const leftovers = (await readdir(dir)).filter((name) => !name.startsWith(DATA_DIR_LOCK_FILE));
        if (entries.length === 0 && leftovers.length === 0) await rm(dir, { recursive: true, force: true });
        else await lock.release();
      })();
      return closed;
    },
  };
}
