/**
 * Runs a job per key after its changes settle: `touch(key)` (re)starts a
 * `waitMs` timer, but a key touched without pause still runs once
 * `maxWaitMs` after its first pending touch. One run per key at a time; a
 * touch during a run schedules one more run after it. The collision engine
 * keys this by work tree: "re-check its merges when it changed".
 */
export interface KeyedDebouncerOptions<K> {
  /** Quiet time after the last touch before the job runs. */
  readonly waitMs: number;
  /** Longest time from a key's first pending touch to its run. */
  readonly maxWaitMs: number;
  readonly run: (key: K) => Promise<void>;
  /** A job's failure (to log); the key runs again on its next touch. */
  readonly onError: (key: K, error: unknown) => void;
}

interface Pending {
  readonly firstTouchMs: number;
  timer: NodeJS.Timeout;
}

export class KeyedDebouncer<K> {
  private readonly pending = new Map<K, Pending>();
  private readonly running = new Map<K, Promise<void>>();
  /** Keys touched while their job ran: they run again when it ends. */
  private readonly again = new Set<K>();
  private stopped = false;

  constructor(private readonly options: KeyedDebouncerOptions<K>) {}

  touch(key: K): void {
    if (this.stopped) return;
    if (this.running.has(key)) {
      this.again.add(key);
      return;
    }
    const now = Date.now();
    const existing = this.pending.get(key);
    const firstTouchMs = existing?.firstTouchMs ?? now;
    if (existing !== undefined) clearTimeout(existing.timer);
    const delayMs = Math.max(0, Math.min(this.options.waitMs, firstTouchMs + this.options.maxWaitMs - now));
    this.pending.set(key, { firstTouchMs, timer: setTimeout(() => this.start(key), delayMs) });
  }

  /** Runs every pending key now and waits for all jobs, including the re-runs they cause. */
  async flush(): Promise<void> {
    for (;;) {
      for (const key of [...this.pending.keys()]) this.start(key);
      if (this.running.size === 0) return;
      await Promise.all(this.running.values());
    }
  }

  /** Drops pending keys and waits for running jobs; later touches are ignored. Safe to call twice. */
  async shutdown(): Promise<void> {
    this.stopped = true;
    for (const { timer } of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    this.again.clear();
    while (this.running.size > 0) await Promise.all(this.running.values());
  }

  private start(key: K): void {
    const pending = this.pending.get(key);
    if (pending === undefined) return;
    clearTimeout(pending.timer);
    this.pending.delete(key);
    const job = this.options
      .run(key)
      .catch((error: unknown) => this.options.onError(key, error))
      .finally(() => {
        this.running.delete(key);
        if (this.again.delete(key)) this.touch(key);
      });
    this.running.set(key, job);
  }
}
