/**
 * How the ingest pipeline batches, syncs and pushes back. One place for the
 * knobs and their defaults; `createIngest` takes a partial override.
 */

/**
 * When `accept()` resolves, the rows are
 * - `'fsync'`: written and `fdatasync`'ed — they survive a process crash, a
 *   kernel crash and a power loss (on a disk that honours flushes);
 * - `'none'`: written to the page cache only — they survive a process crash
 *   (SIGKILL, OOM kill) but not a kernel crash or power loss. For tests and
 *   benchmarks, or a machine where losing the last seconds on power loss is fine.
 */
export type WalSyncMode = 'fsync' | 'none';

export interface IngestConfig {
  readonly syncMode: WalSyncMode;
  /** A segment is sealed (and inserted as one batch) once it holds this many bytes. */
  readonly maxSegmentBytes: number;
  /** …or once its first row is this old, so a trickle of spans still lands quickly. */
  readonly flushIntervalMs: number;
  /** Bytes not yet inserted, summed over signals, above which `accept()` says "behind" (429). */
  readonly maxWalBytes: number;
  /** How long a request digest is remembered, so a retried request is answered `duplicate`. */
  readonly dedupWindowMs: number;
  /** At most this many digests are remembered (oldest forgotten first): about 100 bytes of memory each. */
  readonly maxDedupEntries: number;
  /** Sealed segments of one signal inserted concurrently. */
  readonly maxConcurrentInserts: number;
  /** First wait after a failed insert; doubled on each further failure… */
  readonly insertRetryInitialMs: number;
  /** …up to this wait. A failing insert is retried forever: its rows were acknowledged. */
  readonly insertRetryMaxMs: number;
  /** `shutdown()` waits this long for pending inserts; what is left stays in the log for the next start. */
  readonly shutdownTimeoutMs: number;
}

export function defaultIngestConfig(): IngestConfig {
  return {
    syncMode: 'fsync',
    maxSegmentBytes: 64 * 1024 * 1024,
    flushIntervalMs: 1000,
    maxWalBytes: 1024 * 1024 * 1024,
    dedupWindowMs: 10 * 60 * 1000,
    maxDedupEntries: 250_000,
    maxConcurrentInserts: 1,
    insertRetryInitialMs: 100,
    insertRetryMaxMs: 30_000,
    shutdownTimeoutMs: 30_000,
  };
}
