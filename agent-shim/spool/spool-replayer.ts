import type { Signal } from '../../ingest/schema/otel-tables.js';
import { DataDirLockedError } from '../../ingest/storage-errors.js';
import type { Logger } from '../../orchestrator/log.js';
import type { PostResult } from './otlp-post.js';
import { otherSpoolDirs } from './spool-root.js';
import { openSpool, type Spool } from './spool.js';

export interface SpoolReplayerOptions {
  /** The directory holding every run's spool directory. */
  readonly root: string;
  /** This run's own spool. */
  readonly own: Spool;
  readonly maxSpoolBytes: number;
  /** Sends one body to its signal's endpoint; `timeoutMs` bounds the attempt. */
  readonly post: (signal: Signal, body: Uint8Array, timeoutMs: number) => Promise<PostResult>;
  readonly retryIntervalMs: number;
  /** Longest one attempt may take. */
  readonly postTimeoutMs: number;
  readonly log: Logger;
}

export interface SpoolReplayer {
  /** Starts retrying on a timer: spools left by earlier runs first, then this run's, each oldest first. */
  start(): void;
  /** One pass that stops at the first retryable failure or at `deadline` (epoch ms). True when this run's spool is empty after it. */
  replayUntil(deadline: number): Promise<boolean>;
  /** Stops the timer, waits for the pass in flight, gives back the other runs' spools (still locked by us). */
  stop(): Promise<void>;
}

/**
 * Delivers spooled bodies in order (spans and log records alike, each to
 * its own endpoint) while the collector answers. A body the
 * collector refuses for good is dropped (counted) rather than blocking all
 * behind it. Spools of earlier runs are taken over only when their owner is
 * gone (their lock names a dead pid), so two shims never replay the same
 * files; an emptied spool directory is deleted.
 */
/**
 * How often the spool root is searched for spools of runs that died: with
 * many agents side by side, every search tries the lock of every live
 * neighbour's spool, so it is not done on every retry.
 */
const ORPHAN_SEARCH_INTERVAL_MS = 30_000;

export function createSpoolReplayer(options: SpoolReplayerOptions): SpoolReplayer {
  const { own, log } = options;
  const adopted = new Map<string, Spool>();
  let timer: NodeJS.Timeout | undefined;
  let pass: Promise<boolean> | undefined;
  /** When the pass in flight must give up (epoch ms); a later, shorter deadline tightens it. */
  let deadline = Infinity;
  let stopped = false;
  let lastOrphanSearchMs = -Infinity;

  /** Sends `spool`'s bodies oldest first; false when the collector stopped answering (or time ran out). */
  async function drain(spool: Spool): Promise<boolean> {
    for (let entry = spool.oldest(); entry !== undefined; entry = spool.oldest()) {
      const timeLeftMs = deadline - Date.now();
      if (timeLeftMs <= 0) return false;
      const body = await spool.read(entry).catch(() => undefined);
      if (body === undefined) {
        // Dropped by a full spool meanwhile.
        await spool.remove(entry);
        continue;
      }
      const result = await options.post(entry.signal, body, Math.min(options.postTimeoutMs, timeLeftMs));
      if (result.status === 'retryable') {
        log.debug(`spool: collector still unavailable (${result.reason})`);
        return false;
      }
      if (result.status === 'permanent') log.warn(`spool: the collector refused ${entry.file} for good (${result.reason}); dropped`);
      await (result.status === 'success' ? spool.remove(entry) : spool.drop(entry));
    }
    return true;
  }

  async function adoptOrphans(): Promise<void> {
    for (const dir of await otherSpoolDirs(options.root, own.dir)) {
      if (adopted.has(dir)) continue;
      try {
        adopted.set(dir, await openSpool(dir, options.maxSpoolBytes, log));
        log.info(`spool: replaying ${dir}, left by an earlier run`);
      } catch (error) {
        // A live shim owns it (or it vanished meanwhile): not ours to send.
        if (!(error instanceof DataDirLockedError)) log.debug(`spool: skipping ${dir}: ${String(error)}`);
      }
    }
  }

  async function replay(): Promise<boolean> {
    if (Date.now() - lastOrphanSearchMs >= ORPHAN_SEARCH_INTERVAL_MS) {
      lastOrphanSearchMs = Date.now();
      await adoptOrphans();
    }
    for (const [dir, spool] of adopted) {
      if (!(await drain(spool))) return false;
      await spool.close();
      adopted.delete(dir);
    }
    return drain(own);
  }

  const replayUntil = (until: number): Promise<boolean> => {
    deadline = Math.min(deadline, until);
    pass ??= replay()
      .catch((error: unknown) => {
        log.warn(`spool: replay failed: ${String(error)}`);
        return false;
      })
      .finally(() => {
        pass = undefined;
        deadline = Infinity;
      });
    return pass;
  };

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void replayUntil(Infinity).finally(schedule), options.retryIntervalMs);
    timer.unref();
  };

  return {
    start() {
      if (timer === undefined) schedule();
    },
    replayUntil,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await pass;
      for (const spool of adopted.values()) await spool.close();
      adopted.clear();
    },
  };
}
