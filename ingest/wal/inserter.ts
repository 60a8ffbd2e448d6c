import { rename, unlink } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Signal } from '../schema/otel-tables.js';
import type { Storage } from '../storage.js';
import { deduplicationToken, type SealedSegment } from './segment-files.js';

export interface InserterOptions {
  readonly storage: Storage;
  readonly signal: Signal;
  readonly maxConcurrentInserts: number;
  readonly insertRetryInitialMs: number;
  readonly insertRetryMaxMs: number;
  /** Called once a segment is inserted and retired (its `.rb` gone, its index kept as `.done`). */
  readonly onRetired: (segment: SealedSegment) => void;
}

/**
 * Inserts one signal's sealed segments into storage, starting them in order,
 * up to `maxConcurrentInserts` at a time. A failed insert is retried with
 * capped exponential backoff for as long as it takes: its rows were
 * acknowledged. Each segment is inserted with a token of its own, so an
 * insert repeated after a crash between insert and retire stores nothing new.
 */
export class SegmentInserter {
  private readonly waiting: SealedSegment[] = [];
  private readonly inFlight = new Map<SealedSegment, Promise<void>>();
  private readonly drainWaiters: { readonly upToSeq: number; readonly resolve: () => void }[] = [];
  private readonly stopping = new AbortController();
  private highestSeq = 0;
  private pendingBytesValue = 0;
  private pendingRowsValue = 0;
  private insertErrorsValue = 0;
  private lastInsertErrorValue: string | undefined;

  constructor(private readonly options: InserterOptions) {}

  enqueue(segment: SealedSegment): void {
    this.highestSeq = Math.max(this.highestSeq, segment.name.seq);
    this.pendingBytesValue += segment.byteLength;
    this.pendingRowsValue += segment.rowCount;
    this.waiting.push(segment);
    this.startInserts();
  }

  /** Segments not yet inserted (waiting or being inserted), and their bytes and rows. */
  get pendingSegments(): number {
    return this.waiting.length + this.inFlight.size;
  }

  get pendingBytes(): number {
    return this.pendingBytesValue;
  }

  get pendingRows(): number {
    return this.pendingRowsValue;
  }

  /** When the oldest request not yet inserted was accepted; undefined when none is pending. */
  get oldestPendingAtMs(): number | undefined {
    return this.oldestPending((s) => s.firstAcceptedAtMs);
  }

  get insertErrors(): number {
    return this.insertErrorsValue;
  }

  get lastInsertError(): string | undefined {
    return this.lastInsertErrorValue;
  }

  /** Resolves once every segment enqueued before this call is inserted, or once the inserter is stopped. */
  drained(): Promise<void> {
    if (this.stopping.signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      this.drainWaiters.push({ upToSeq: this.highestSeq, resolve });
      this.resolveDrainWaiters();
    });
  }

  /**
   * Stops retrying and starting inserts; resolves when the inserts already
   * running have returned. What is not inserted stays in the log for the next start.
   */
  async stop(): Promise<void> {
    this.stopping.abort();
    await Promise.all(this.inFlight.values());
    // Nothing more will be inserted in this run: release whoever waits for it (a flush racing shutdown).
    for (const waiter of this.drainWaiters.splice(0)) waiter.resolve();
  }

  private startInserts(): void {
    while (!this.stopping.signal.aborted && this.inFlight.size < this.options.maxConcurrentInserts) {
      const segment = this.waiting.shift();
      if (segment === undefined) return;
      this.inFlight.set(
        segment,
        this.insertAndRetire(segment).finally(() => {
          this.inFlight.delete(segment);
          this.resolveDrainWaiters();
          this.startInserts();
        }),
      );
    }
  }

  private async insertAndRetire(segment: SealedSegment): Promise<void> {
    const { storage, signal, insertRetryInitialMs, insertRetryMaxMs } = this.options;
    for (let delayMs = insertRetryInitialMs; ; delayMs = Math.min(delayMs * 2, insertRetryMaxMs)) {
      try {
        await storage.insertRowBinaryFile({
          signal,
          path: segment.paths.rb,
          byteLength: segment.byteLength,
          rowCount: segment.rowCount,
          deduplicationToken: deduplicationToken(signal, segment.name),
        });
        break;
      } catch (error) {
        this.recordError(`insert of ${segment.paths.rb} failed: ${errorMessage(error)}`);
        const retry = await sleep(delayMs, true, { signal: this.stopping.signal }).catch(() => false);
        if (!retry) {
          // Back at the head of the queue, still counted as pending; the next start inserts it.
          this.waiting.unshift(segment);
          return;
        }
      }
    }
    try {
      // Rename first: a crash between the two steps leaves a .rb beside a .done, which recovery knows was inserted.
      await rename(segment.paths.idx, segment.paths.done);
      await unlink(segment.paths.rb);
    } catch (error) {
      // The rows are in storage; a segment left behind is inserted again at the next start, a no-op thanks to its token.
      this.recordError(`retire of ${segment.paths.rb} failed: ${errorMessage(error)}`);
    }
    this.pendingBytesValue -= segment.byteLength;
    this.pendingRowsValue -= segment.rowCount;
    this.options.onRetired(segment);
  }

  private recordError(message: string): void {
    this.insertErrorsValue += 1;
    this.lastInsertErrorValue = message;
  }

  private resolveDrainWaiters(): void {
    const oldestSeq = this.oldestPending((s) => s.name.seq) ?? Infinity;
    for (let i = this.drainWaiters.length - 1; i >= 0; i--) {
      const waiter = this.drainWaiters[i]!;
      if (waiter.upToSeq < oldestSeq) {
        this.drainWaiters.splice(i, 1);
        waiter.resolve();
      }
    }
  }

  /** Smallest `value` over pending segments: the waiting queue is in order, so its head and the few in flight suffice. */
  private oldestPending(value: (segment: SealedSegment) => number): number | undefined {
    const candidates = [...this.inFlight.keys(), ...this.waiting.slice(0, 1)].map(value);
    return candidates.length === 0 ? undefined : Math.min(...candidates);
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
