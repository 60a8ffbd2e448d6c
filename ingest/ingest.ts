import type { EncodedRows } from './encoded-rows.js';

/** One decoded OTLP request on its way to storage. */
export interface AcceptRequest {
  readonly rows: EncodedRows;
  /**
   * Digest of the request as received (signal, encoding and decompressed body):
   * a client retrying the same request sends the same digest, and ingest
   * answers `duplicate` instead of storing the rows twice.
   */
  readonly requestDigest: string;
}

export type AcceptResult = { readonly status: 'stored' } | { readonly status: 'duplicate' };

export interface SignalIngestStats {
  /** Rows made durable (write-ahead log) since start, and inserted into storage since start. */
  readonly rowsAccepted: number;
  readonly rowsInserted: number;
  /** Rows in the write-ahead log not yet inserted into storage. */
  readonly walPendingRows: number;
  readonly walPendingBytes: number;
  readonly walSegments: number;
  /** Age of the oldest row not yet inserted, 0 when caught up. */
  readonly lagMs: number;
  readonly duplicatesDropped: number;
  readonly insertErrors: number;
  readonly lastInsertError: string | undefined;
}

export interface IngestStats {
  readonly traces: SignalIngestStats;
  readonly logs: SignalIngestStats;
}

/**
 * Durable batching into storage. `accept` resolves only once the rows are
 * durable (in the fsync'ed write-ahead log or inserted); it rejects with
 * `IngestBehindError` / `IngestUnavailableError` (see errors.ts) when it
 * cannot take more. Lifecycle: start() replays the log; flush() inserts
 * everything pending; shutdown() flushes, is idempotent and loses nothing.
 */
export interface Ingest {
  start(): Promise<void>;
  accept(request: AcceptRequest): Promise<AcceptResult>;
  flush(): Promise<void>;
  shutdown(): Promise<void>;
  stats(): IngestStats;
}
