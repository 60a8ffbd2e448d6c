import type { WalSyncMode } from '../config.js';
import type { EncodedRows } from '../encoded-rows.js';
import { OpenSegment } from './open-segment.js';
import { newSegmentName, type SealedSegment } from './segment-files.js';

export interface WalWriterOptions {
  /** The stream's directory (`<walDir>/<signal>`). */
  readonly dir: string;
  readonly syncMode: WalSyncMode;
  readonly maxSegmentBytes: number;
  readonly flushIntervalMs: number;
  /** Sequence number of the first segment this writer creates (one past every existing one). */
  readonly firstSeq: number;
  /** Called with each sealed segment, in order. */
  readonly onSealed: (segment: SealedSegment) => void;
}

/**
 * A segment of at least 1/IDLE_SEAL_FRACTION of the maximum size is sealed
 * once no request has come for IDLE_SEAL_MS: a large batch that stopped
 * growing gains nothing by waiting for its age, and its rows reach storage
 * (and queries) up to `flushIntervalMs` sooner after a burst. Smaller ones
 * wait for their age as before, so a trickle of small requests still makes
 * at most one insert per `flushIntervalMs`.
 */
const IDLE_SEAL_MS = 50;
const IDLE_SEAL_FRACTION = 8;

type QueueItem =
  | { readonly kind: 'append'; readonly rows: EncodedRows; readonly digest: string; readonly resolve: () => void; readonly reject: (error: unknown) => void }
  | { readonly kind: 'seal'; readonly resolve: () => void };
type AppendItem = Extract<QueueItem, { kind: 'append' }>;

/**
 * Appends requests to a signal's open segment with group commit: one write
 * and one sync at a time, and everything that arrived meanwhile goes into
 * the next one together. So a sync costs one fdatasync per group, not per
 * request, and a request waits at most for the sync in progress plus its
 * own. Seals the open segment when it is full, when its first request is
 * `flushIntervalMs` old, when it is large and idle (IDLE_SEAL_MS), and on
 * `seal()` — in queue order, so a seal covers exactly the requests
 * appended before it.
 */
export class WalWriter {
  private readonly queue: QueueItem[] = [];
  private segment: OpenSegment | undefined;
  private nextSeq: number;
  private running = false;
  private closed = false;
  private queuedBytesValue = 0;
  private ageTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  /** Set when a failed write could not be undone: nothing more is accepted until a restart recovers the log. */
  private failure: unknown;

  constructor(private readonly options: WalWriterOptions) {
    this.nextSeq = options.firstSeq;
  }

  /** Resolves once `rows` are written (and synced, in `'fsync'` mode); rejects when they are not stored. */
  append(rows: EncodedRows, digest: string): Promise<void> {
    if (this.closed) return Promise.reject(new Error('write-ahead log is closed'));
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.queuedBytesValue += rows.data.length;
      this.queue.push({ kind: 'append', rows, digest, resolve, reject });
      this.kick();
    });
  }

  /** Seals the open segment once every request appended before this call is written. */
  seal(): Promise<void> {
    return new Promise((resolve) => {
      this.queue.push({ kind: 'seal', resolve });
      this.kick();
    });
  }

  /** Writes what is queued, seals the open segment and refuses further appends. Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    await this.seal();
  }

  /** Bytes appended but not yet written. */
  get queuedBytes(): number {
    return this.queuedBytesValue;
  }

  /** The open segment's size and first request time, if it holds any request. */
  get open(): { readonly byteLength: number; readonly rowCount: number; readonly firstAcceptedAtMs: number } | undefined {
    const firstAcceptedAtMs = this.segment?.firstAcceptedAtMs;
    if (this.segment === undefined || firstAcceptedAtMs === undefined) return undefined;
    return { byteLength: this.segment.byteLength, rowCount: this.segment.rowCount, firstAcceptedAtMs };
  }

  private kick(): void {
    if (this.running) return;
    this.running = true;
    void this.drain().finally(() => {
      this.running = false;
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const sealAt = this.queue.findIndex((item) => item.kind === 'seal');
      if (sealAt === 0) {
        const item = this.queue.shift()!;
        await this.sealOpen();
        item.resolve();
        continue;
      }
      const group = this.queue.splice(0, sealAt < 0 ? this.queue.length : sealAt) as AppendItem[];
      await this.writeGroup(group);
    }
  }

  private async writeGroup(group: readonly AppendItem[]): Promise<void> {
    const groupBytes = group.reduce((sum, item) => sum + item.rows.data.length, 0);
    try {
      if (this.failure !== undefined) throw this.failure;
      this.segment ??= await OpenSegment.create(this.options.dir, newSegmentName(this.nextSeq++), this.options.syncMode);
      const acceptedAtMs = Date.now();
      await this.segment.append(group.map((item) => ({ rows: item.rows, digest: item.digest, acceptedAtMs })));
    } catch (error) {
      if (this.segment?.broken) this.failure = error;
      for (const item of group) item.reject(error);
      return;
    } finally {
      this.queuedBytesValue -= groupBytes;
    }
    for (const item of group) item.resolve();
    if (this.segment.byteLength >= this.options.maxSegmentBytes) {
      await this.sealOpen();
      return;
    }
    // unref: a pending seal must not keep the process alive; the rows are durable already.
    this.ageTimer ??= setTimeout(() => void this.seal(), this.options.flushIntervalMs).unref();
    if (this.segment.byteLength * IDLE_SEAL_FRACTION >= this.options.maxSegmentBytes) {
      if (this.idleTimer === undefined) this.idleTimer = setTimeout(() => void this.seal(), IDLE_SEAL_MS).unref();
      else this.idleTimer.refresh();
    }
  }

  private async sealOpen(): Promise<void> {
    clearTimeout(this.ageTimer);
    clearTimeout(this.idleTimer);
    this.ageTimer = undefined;
    this.idleTimer = undefined;
    const segment = this.segment;
    this.segment = undefined;
    const sealed = await segment?.seal();
    if (sealed !== undefined) this.options.onSealed(sealed);
  }
}

