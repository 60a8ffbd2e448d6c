/** Settings of the work-tree watcher; see `defaultWatchConfig()`. */
export interface WatchConfig {
  /** A batch of changes is judged once no event came for this long (both halves of a rename land in one batch). */
  readonly debounceMs: number;
  /** …but no later than this after the batch's first event, however busy the agent is. */
  readonly maxBatchDelayMs: number;
  /** At the agent's exit, how long to wait for its last events beyond `debounceMs`. */
  readonly settleMs: number;
  /** Longest the agent's start waits for the initial scan of the work tree. */
  readonly readyTimeoutMs: number;
  /** File contents kept for line counts, in total; the least recently changed are dropped first (their hashes stay). */
  readonly maxCachedContentBytes: number;
  /** Larger files keep only their hash. */
  readonly maxCachedFileBytes: number;
  /** How long after a tool call ends a change still counts as the tool call's (events trail their writes). */
  readonly toolGraceMs: number;
  /** How long an adapter's report of an edit waits for the watcher to see the same change. */
  readonly reportedEditTtlMs: number;
}

export function defaultWatchConfig(): WatchConfig {
  return {
    debounceMs: 100,
    maxBatchDelayMs: 1_000,
    settleMs: 150,
    readyTimeoutMs: 5_000,
    maxCachedContentBytes: 64 * 1024 * 1024,
    maxCachedFileBytes: 1024 * 1024,
    toolGraceMs: 500,
    reportedEditTtlMs: 30_000,
  };
}
