import { mkdir, open, unlink, type FileHandle } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { INDEX_RECORD_BYTES, type IndexRecord } from './index-record.js';
import { listSegments, readIndexRecords, type SealedSegment, type SegmentListing } from './segment-files.js';

/** An inserted segment whose index is kept (as `.done`) for request deduplication. */
export interface DoneSegment {
  readonly path: string;
  readonly lastAcceptedAtMs: number;
}

export interface RecoveredStream {
  /** Segments written before the restart and not yet inserted, oldest first. */
  readonly pending: SealedSegment[];
  readonly done: DoneSegment[];
  /** Digests of the requests in `pending` and `done`, oldest segment first. */
  readonly digests: { readonly digest: string; readonly acceptedAtMs: number }[];
  /** One past the highest segment number seen. */
  readonly nextSeq: number;
  /** Index records dropped because they were torn or their data was (unacknowledged requests). */
  readonly droppedRecords: number;
}

const READ_CHUNK_BYTES = 1024 * 1024;

/**
 * Brings a stream directory back to a consistent state after any stop,
 * SIGKILL and power loss included. Each pending segment keeps the longest
 * prefix of requests whose index record and data are both intact — a
 * request is acknowledged only after both were synced, so anything past that
 * prefix was never acknowledged — and both files are truncated to it. Every
 * pending segment is sealed (the segment open at the stop too): appends go
 * to a new one. Leftovers of an interrupted retire or segment creation are
 * removed. Writes only when something must be repaired.
 */
export async function recoverStream(dir: string): Promise<RecoveredStream> {
  await mkdir(dir, { recursive: true });
  const pending: SealedSegment[] = [];
  const done: DoneSegment[] = [];
  const digests: { digest: string; acceptedAtMs: number }[] = [];
  let nextSeq = 1;
  let droppedRecords = 0;
  for (const listing of await listSegments(dir)) {
    nextSeq = Math.max(nextSeq, listing.name.seq + 1);
    if (listing.hasDone) {
      // Retire renames .idx to .done before it removes .rb: a .rb beside a .done was inserted.
      if (listing.hasRb) await unlink(listing.paths.rb);
      const records = await readIndexRecords(listing.paths.done);
      done.push({ path: listing.paths.done, lastAcceptedAtMs: records.at(-1)?.acceptedAtMs ?? 0 });
      for (const { digest, acceptedAtMs } of records) digests.push({ digest, acceptedAtMs });
    } else if (listing.hasIdx) {
      const { segment, dropped } = await recoverPending(listing);
      droppedRecords += dropped;
      if (segment === undefined) continue;
      pending.push(segment.sealed);
      for (const { digest, acceptedAtMs } of segment.records) digests.push({ digest, acceptedAtMs });
    } else {
      // A .rb without an index never held an acknowledged request.
      await unlink(listing.paths.rb);
    }
  }
  return { pending, done, digests, nextSeq, droppedRecords };
}

async function recoverPending(
  listing: SegmentListing,
): Promise<{ segment: { sealed: SealedSegment; records: IndexRecord[] } | undefined; dropped: number }> {
  const { paths } = listing;
  const indexed = await readIndexRecords(paths.idx);
  const records = listing.hasRb ? await withIntactData(paths.rb, indexed) : [];
  const idxBytes = records.length * INDEX_RECORD_BYTES;
  const rbBytes = records.at(-1)?.endOffset ?? 0;
  const first = records[0];
  const last = records.at(-1);
  if (first === undefined || last === undefined) {
    await Promise.all([unlink(paths.idx), listing.hasRb ? unlink(paths.rb) : undefined]);
    return { segment: undefined, dropped: indexed.length };
  }
  await truncateIfLonger(paths.idx, idxBytes);
  await truncateIfLonger(paths.rb, rbBytes);
  const sealed: SealedSegment = {
    name: listing.name,
    paths,
    byteLength: rbBytes,
    rowCount: records.reduce((sum, r) => sum + r.rowCount, 0),
    firstAcceptedAtMs: first.acceptedAtMs,
    lastAcceptedAtMs: last.acceptedAtMs,
  };
  return { segment: { sealed, records }, dropped: indexed.length - records.length };
}

/** The prefix of `records` whose bytes in the `.rb` file are all there and match their CRC. */
async function withIntactData(rbPath: string, records: readonly IndexRecord[]): Promise<IndexRecord[]> {
  const handle = await open(rbPath, 'r');
  try {
    const { size } = await handle.stat();
    const chunk = Buffer.allocUnsafe(READ_CHUNK_BYTES);
    const intact: IndexRecord[] = [];
    let start = 0;
    for (const record of records) {
      if (record.endOffset > size || (await crcOfRange(handle, chunk, start, record.endOffset)) !== record.dataCrc) break;
      intact.push(record);
      start = record.endOffset;
    }
    return intact;
  } finally {
    await handle.close();
  }
}

/** CRC32 of bytes [start, end) of the file, read in chunks so a large request does not need its size in memory. */
async function crcOfRange(handle: FileHandle, chunk: Buffer, start: number, end: number): Promise<number> {
  let crc = 0;
  for (let position = start; position < end; ) {
    const { bytesRead } = await handle.read(chunk, 0, Math.min(chunk.length, end - position), position);
    if (bytesRead === 0) return -1; // cannot happen below the size checked; never matches a CRC
    crc = crc32(chunk.subarray(0, bytesRead), crc);
    position += bytesRead;
  }
  return crc;
}

async function truncateIfLonger(path: string, length: number): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    if ((await handle.stat()).size > length) await handle.truncate(length);
  } finally {
    await handle.close();
  }
}
