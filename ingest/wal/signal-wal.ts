import { unlink } from 'node:fs/promises';
import type { IngestConfig } from '../config.js';
import type { EncodedRows } from '../encoded-rows.js';
import type { SignalIngestStats } from '../ingest.js';
import type { Signal } from '../schema/otel-tables.js';
import type { Storage } from '../storage.js';
import { SegmentInserter } from './inserter.js';
import { recoverStream, type DoneSegment, type RecoveredStream } from './recovery.js';
import { signalDir, type SealedSegment } from './segment-files.js';
import { WalWriter } from './wal-writer.js';

export interface SignalWalOptions {
  readonly storage: Storage;
  readonly signal: Signal;
  readonly walDir: string;
  readonly config: IngestConfig;
  /** Called after each segment is inserted, e.g. to measure the insert rate. */
  readonly onInserted: (segment: SealedSegment) => void;
}

export type SignalWalStats = Omit<SignalIngestStats, 'duplicatesDropped'>;

/**
 * One signal's write-ahead log: the group-commit writer in front, the
 * inserter behind, recovery at open, and the bookkeeping between them
 * (pending bytes and rows, lag, retention of `.done` indexes for the
 * deduplication window).
 */
export class SignalWal {
  private readonly writer: WalWriter;
  private readonly inserter: SegmentInserter;
  private done: DoneSegment[];
  private rowsAccepted = 0;
  private rowsInserted = 0;

  private constructor(
    private readonly options: SignalWalOptions,
    recovered: RecoveredStream,
  ) {
    const { storage, signal, walDir, config } = options;
    this.done = recovered.done;
    this.inserter = new SegmentInserter({ storage, signal, ...config, onRetired: (segment) => this.retired(segment) });
    this.writer = new WalWriter({ ...config, dir: signalDir(walDir, signal), firstSeq: recovered.nextSeq, onSealed: (segment) => this.inserter.enqueue(segment) });
    for (const segment of recovered.pending) this.inserter.enqueue(segment);
  }

  /** Recovers the stream's directory and starts inserting what it holds; returns the digests found there. */
  static async open(options: SignalWalOptions): Promise<{ wal: SignalWal; recovered: RecoveredStream }> {
    const recovered = await recoverStream(signalDir(options.walDir, options.signal));
    const wal = new SignalWal(options, recovered);
    await wal.forgetExpiredDone();
    return { wal, recovered };
  }

  /** Resolves once `rows` are durable in the log. */
  async append(rows: EncodedRows, digest: string): Promise<void> {
    await this.writer.append(rows, digest);
    this.rowsAccepted += rows.rowCount;
  }

  /** Bytes accepted or being written and not yet inserted: what back-pressure limits. */
  get pendingBytes(): number {
    return this.writer.queuedBytes + (this.writer.open?.byteLength ?? 0) + this.inserter.pendingBytes;
  }

  /** Seals the open segment and waits until everything accepted before the call is inserted. */
  async flush(): Promise<void> {
    await this.writer.seal();
    await this.inserter.drained();
  }

  /**
   * Writes and seals what was accepted, waits up to `shutdownTimeoutMs` for
   * the inserts, then stops: anything not inserted stays for the next start.
   */
  async shutdown(): Promise<void> {
    await this.writer.close();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.inserter.drained(),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, this.options.config.shutdownTimeoutMs))),
    ]);
    clearTimeout(timer);
    await this.inserter.stop();
  }

  stats(now = Date.now()): SignalWalStats {
    const open = this.writer.open;
    // Sealed segments are older than the open one.
    const oldest = this.inserter.oldestPendingAtMs ?? open?.firstAcceptedAtMs;
    return {
      rowsAccepted: this.rowsAccepted,
      rowsInserted: this.rowsInserted,
      walPendingRows: (open?.rowCount ?? 0) + this.inserter.pendingRows,
      walPendingBytes: (open?.byteLength ?? 0) + this.inserter.pendingBytes,
      walSegments: (open ? 1 : 0) + this.inserter.pendingSegments,
      lagMs: oldest === undefined ? 0 : Math.max(0, now - oldest),
      insertErrors: this.inserter.insertErrors,
      lastInsertError: this.inserter.lastInsertError,
    };
  }

  private retired(segment: SealedSegment): void {
    this.rowsInserted += segment.rowCount;
    this.done.push({ path: segment.paths.done, lastAcceptedAtMs: segment.lastAcceptedAtMs });
    this.options.onInserted(segment);
    void this.forgetExpiredDone();
  }

  /** Removes `.done` indexes whose requests are all older than the deduplication window. */
  private async forgetExpiredDone(): Promise<void> {
    const horizon = Date.now() - this.options.config.dedupWindowMs;
    const expired = this.done.filter((d) => d.lastAcceptedAtMs < horizon);
    if (expired.length === 0) return;
    this.done = this.done.filter((d) => d.lastAcceptedAtMs >= horizon);
    // A file that is already gone (or cannot be removed) is no reason to fail: it only holds digests.
    await Promise.allSettled(expired.map((d) => unlink(d.path)));
  }
}

