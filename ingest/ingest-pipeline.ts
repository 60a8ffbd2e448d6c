import { resolve } from 'node:path';
import { defaultIngestConfig, type IngestConfig } from './config.js';
import { IngestBehindError, IngestUnavailableError } from './errors.js';
import type { AcceptRequest, AcceptResult, Ingest, IngestStats, SignalIngestStats } from './ingest.js';
import type { Signal } from './schema/otel-tables.js';
import type { Storage } from './storage.js';
import { DedupIndex, requestDigestKey } from './wal/dedup-index.js';
import { InsertRate } from './wal/insert-rate.js';
import { SignalWal } from './wal/signal-wal.js';

export interface CreateIngestOptions {
  /** Started by the caller before `start()`, shut down by the caller after `shutdown()`. */
  readonly storage: Storage;
  /**
   * Directory of the write-ahead log (one stream per signal below it). One
   * process at a time: the caller holds the data directory's lock.
   */
  readonly walDir: string;
  readonly config?: Partial<IngestConfig>;
}

const SIGNALS: readonly Signal[] = ['traces', 'logs'];
/** Retry-After when nothing was inserted lately to estimate from (storage down, or just started). */
const UNKNOWN_RATE_RETRY_AFTER_MS = 5_000;
const MIN_RETRY_AFTER_MS = 1_000;
const MAX_RETRY_AFTER_MS = 60_000;
/** Retry-After of a 503: shutting down or a disk error, both usually over soon (restart, space freed). */
const UNAVAILABLE_RETRY_AFTER_MS = 5_000;

/**
 * Durable batching in front of storage: each accepted request is appended
 * to its signal's write-ahead log and acknowledged once synced there;
 * segments of the log are inserted into storage in the background (see
 * wal/). Retried requests are recognised by digest and not stored twice.
 */
export function createIngest(options: CreateIngestOptions): Ingest {
  return new IngestPipeline(options);
}

class IngestPipeline implements Ingest {
  private readonly config: IngestConfig;
  /** Absolute: storage reads segment files by path, and ClickHouse's file() resolves relative paths elsewhere. */
  private readonly walDir: string;
  private readonly dedup: DedupIndex;
  private readonly insertRate = new InsertRate();
  private readonly duplicates: Record<Signal, number> = { traces: 0, logs: 0 };
  private wals: Record<Signal, SignalWal> | undefined;
  private starting: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;

  constructor(private readonly options: CreateIngestOptions) {
    this.config = { ...defaultIngestConfig(), ...options.config };
    this.walDir = resolve(options.walDir);
    this.dedup = new DedupIndex(this.config.dedupWindowMs, this.config.maxDedupEntries);
  }

  /** Recovers the log, queues what it holds for insertion and loads its digests. Idempotent. */
  start(): Promise<void> {
    if (this.stopping) return Promise.reject(new IngestUnavailableError('ingest is shut down', UNAVAILABLE_RETRY_AFTER_MS));
    this.starting ??= this.open();
    return this.starting;
  }

  async accept(request: AcceptRequest): Promise<AcceptResult> {
    const { rows } = request;
    const wal = this.wals?.[rows.signal];
    if (wal === undefined || this.stopping !== undefined) {
      throw new IngestUnavailableError(this.stopping ? 'ingest is shutting down' : 'ingest is not started', UNAVAILABLE_RETRY_AFTER_MS);
    }
    if (rows.rowCount === 0) return { status: 'stored' };
    const digest = requestDigestKey(rows.signal, request.requestDigest);
    const outcome = await this.dedup.storeOnce(digest, async () => {
      this.ensureRoomFor(rows.data.length);
      try {
        await wal.append(rows, digest);
      } catch (error) {
        throw new IngestUnavailableError(`write-ahead log: ${error instanceof Error ? error.message : String(error)}`, UNAVAILABLE_RETRY_AFTER_MS, {
          cause: error,
        });
      }
    });
    if (outcome === 'duplicate') {
      this.duplicates[rows.signal] += 1;
      return { status: 'duplicate' };
    }
    return { status: 'stored' };
  }

  async flush(): Promise<void> {
    await this.starting;
    await Promise.all(this.walList().map((wal) => wal.flush()));
  }

  /** Stops accepting, writes what was accepted, inserts what it can in time; the rest waits in the log. Idempotent. */
  shutdown(): Promise<void> {
    this.stopping ??= (async () => {
      await this.starting?.catch(() => undefined);
      await Promise.all(this.walList().map((wal) => wal.shutdown()));
    })();
    return this.stopping;
  }

  stats(): IngestStats {
    const now = Date.now();
    const of = (signal: Signal): SignalIngestStats => ({
      ...(this.wals?.[signal].stats(now) ?? EMPTY_STATS),
      duplicatesDropped: this.duplicates[signal],
    });
    return { traces: of('traces'), logs: of('logs') };
  }

  private async open(): Promise<void> {
    const onInserted = (segment: { byteLength: number }) => this.insertRate.record(segment.byteLength);
    const results = await Promise.allSettled(
      SIGNALS.map((signal) => SignalWal.open({ storage: this.options.storage, signal, walDir: this.walDir, config: this.config, onInserted })),
    );
    const failed = results.find((r) => r.status === 'rejected');
    const opened = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    if (failed !== undefined) {
      // Leave nothing running behind a failed start: the inserters of the streams that did open.
      await Promise.all(opened.map(({ wal }) => wal.shutdown()));
      throw failed.reason;
    }
    for (const { recovered } of opened) {
      for (const { digest, acceptedAtMs } of recovered.digests) this.dedup.remember(digest, acceptedAtMs);
    }
    const [traces, logs] = opened;
    this.wals = { traces: traces!.wal, logs: logs!.wal };
  }

  private walList(): SignalWal[] {
    return this.wals ? SIGNALS.map((signal) => this.wals![signal]) : [];
  }

  /** Back-pressure: refuses a request that would take the log past `maxWalBytes` (a lone oversized request is let through). */
  private ensureRoomFor(bytes: number): void {
    const pending = this.walList().reduce((sum, wal) => sum + wal.pendingBytes, 0);
    if (pending === 0 || pending + bytes <= this.config.maxWalBytes) return;
    const rate = this.insertRate.bytesPerSecond();
    const excess = pending + bytes - this.config.maxWalBytes;
    const estimateMs = rate === undefined ? UNKNOWN_RATE_RETRY_AFTER_MS : (excess / rate) * 1000;
    const retryAfterMs = Math.ceil(Math.min(MAX_RETRY_AFTER_MS, Math.max(MIN_RETRY_AFTER_MS, estimateMs)));
    throw new IngestBehindError(
      `ingest is behind: ${pending} bytes wait to be inserted (limit ${this.config.maxWalBytes})`,
      retryAfterMs,
    );
  }
}

const EMPTY_STATS: Omit<SignalIngestStats, 'duplicatesDropped'> = {
  rowsAccepted: 0,
  rowsInserted: 0,
  walPendingRows: 0,
  walPendingBytes: 0,
  walSegments: 0,
  lagMs: 0,
  insertErrors: 0,
  lastInsertError: undefined,
};
