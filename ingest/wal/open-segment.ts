import { open, unlink, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { crc32 } from 'node:zlib';
import type { WalSyncMode } from '../config.js';
import type { EncodedRows } from '../encoded-rows.js';
import { encodeIndexRecord, INDEX_RECORD_BYTES } from './index-record.js';
import { segmentPaths, type SealedSegment, type SegmentName, type SegmentPaths } from './segment-files.js';

/** One accepted request, as the segment stores it. */
export interface SegmentAppend {
  readonly rows: EncodedRows;
  /** Request digest key (hex of DIGEST_BYTES bytes). */
  readonly digest: string;
  readonly acceptedAtMs: number;
}

/**
 * The segment being appended to. `append` writes a group of requests — their
 * rows to `.rb`, then one index record each to `.idx` — and syncs both
 * files once for the whole group (group commit). Both syncs run at the same
 * time: recovery checks each request's data CRC, so an index record whose
 * data did not reach the disk is found and dropped, and the two files need
 * no ordering between them.
 */
export class OpenSegment {
  private byteLengthValue = 0;
  private indexBytes = 0;
  private rowCountValue = 0;
  private firstAcceptedAt: number | undefined;
  private lastAcceptedAt = 0;
  private brokenValue = false;

  private constructor(
    readonly name: SegmentName,
    private readonly paths: SegmentPaths,
    private readonly rb: FileHandle,
    private readonly idx: FileHandle,
    private readonly syncMode: WalSyncMode,
  ) {}

  static async create(dir: string, name: SegmentName, syncMode: WalSyncMode): Promise<OpenSegment> {
    const paths = segmentPaths(dir, name);
    // 'wx': a segment name is never reused; failing beats appending to someone's file.
    const rb = await open(paths.rb, 'wx');
    const idx = await open(paths.idx, 'wx').catch(async (error: unknown) => {
      await rb.close();
      throw error;
    });
    // The new names must survive a power loss too, or synced records could vanish with their directory entry.
    if (syncMode === 'fsync') await syncDirectory(dirname(paths.rb));
    return new OpenSegment(name, paths, rb, idx, syncMode);
  }

  get byteLength(): number {
    return this.byteLengthValue;
  }

  get rowCount(): number {
    return this.rowCountValue;
  }

  get firstAcceptedAtMs(): number | undefined {
    return this.firstAcceptedAt;
  }

  /** True when a failed append could not be undone: the files hold bytes past the last record until recovery. */
  get broken(): boolean {
    return this.brokenValue;
  }

  /** Appends and syncs `batch`; on failure the segment is rolled back to its state before the call. */
  async append(batch: readonly SegmentAppend[]): Promise<void> {
    if (this.brokenValue) throw new Error(`segment ${this.paths.rb} is broken by an earlier write error`);
    const index = Buffer.allocUnsafe(INDEX_RECORD_BYTES * batch.length);
    let endOffset = this.byteLengthValue;
    let rowCount = 0;
    batch.forEach((item, i) => {
      endOffset += item.rows.data.length;
      rowCount += item.rows.rowCount;
      encodeIndexRecord(index, i * INDEX_RECORD_BYTES, {
        dataCrc: crc32(item.rows.data),
        rowCount: item.rows.rowCount,
        endOffset,
        acceptedAtMs: item.acceptedAtMs,
        digest: item.digest,
      });
    });
    try {
      await writeFully(this.rb, batch.map((item) => item.rows.data), this.byteLengthValue);
      await writeFully(this.idx, [index], this.indexBytes);
      if (this.syncMode === 'fsync') await Promise.all([this.rb.datasync(), this.idx.datasync()]);
    } catch (error) {
      await this.rollBack();
      throw error;
    }
    this.byteLengthValue = endOffset;
    this.indexBytes += index.length;
    this.rowCountValue += rowCount;
    this.firstAcceptedAt ??= batch[0]?.acceptedAtMs;
    this.lastAcceptedAt = batch[batch.length - 1]?.acceptedAtMs ?? this.lastAcceptedAt;
  }

  /**
   * Closes the files and returns the segment for insertion. Returns undefined
   * for a segment that never got a request (its files are removed) and for a
   * broken one (its files are left for recovery at the next start to trim).
   */
  async seal(): Promise<SealedSegment | undefined> {
    await Promise.allSettled([this.rb.close(), this.idx.close()]);
    if (this.brokenValue) return undefined;
    if (this.firstAcceptedAt === undefined) {
      await Promise.allSettled([unlink(this.paths.rb), unlink(this.paths.idx)]);
      return undefined;
    }
    return {
      name: this.name,
      paths: this.paths,
      byteLength: this.byteLengthValue,
      rowCount: this.rowCountValue,
      firstAcceptedAtMs: this.firstAcceptedAt,
      lastAcceptedAtMs: this.lastAcceptedAt,
    };
  }

  private async rollBack(): Promise<void> {
    try {
      await this.rb.truncate(this.byteLengthValue);
      await this.idx.truncate(this.indexBytes);
    } catch {
      this.brokenValue = true;
    }
  }
}

/** Writes all of `buffers` at `position`, looping over short writes. */
async function writeFully(handle: FileHandle, buffers: readonly Buffer[], position: number): Promise<void> {
  let remaining = buffers.filter((b) => b.length > 0);
  while (remaining.length > 0) {
    const { bytesWritten } = await handle.writev(remaining, position);
    if (bytesWritten === 0) throw new Error('write made no progress');
    position += bytesWritten;
    remaining = dropBytes(remaining, bytesWritten);
  }
}

function dropBytes(buffers: readonly Buffer[], count: number): Buffer[] {
  const rest: Buffer[] = [];
  for (const buffer of buffers) {
    if (count >= buffer.length) {
      count -= buffer.length;
    } else {
      rest.push(count > 0 ? buffer.subarray(count) : buffer);
      count = 0;
    }
  }
  return rest;
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
