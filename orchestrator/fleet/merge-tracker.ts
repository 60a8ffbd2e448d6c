import { stat } from 'node:fs/promises';
import os from 'node:os';
import { createCoalescingRunner } from '../git/coalescing-runner.js';
import { stillChangedPaths as gitStillChangedPaths } from '../git/differing-paths.js';
import { createRefWatcher, type WatchedRef } from '../git/ref-watch.js';
import { targetBranch } from '../git/target-branch.js';
import type { Logger } from '../log.js';
import type { FleetConfig } from './config.js';
import type { FleetState } from './fleet-state.js';
import type { Session } from './model.js';

/** orchestrator/git/differing-paths.ts: which of `paths` in the work tree (uncommitted changes included) differ from `targetRef` and from their base. */
export type StillChangedPaths = (worktree: string, paths: readonly string[], targetRef?: string) => Promise<Set<string>>;

export interface MergeTrackerOptions {
  readonly fleet: FleetState;
  readonly config: Pick<FleetConfig, 'mergeCheckDebounceMs' | 'mergeCheckIntervalMs' | 'targetRef'>;
  readonly log: Logger;
  /** Default: the git implementation (orchestrator/git/differing-paths.ts). */
  readonly stillChangedPaths?: StillChangedPaths;
  /** Only sessions on this host have work trees to look at. Default: `os.hostname()`, as the shim records it. */
  readonly hostName?: string;
}

/** Lifecycle: `start()` begins watching; `shutdown()` stops and waits for a check in progress. Both idempotent. */
export interface MergeTracker {
  start(): void;
  /** Checks every session now and waits for a check that started after the call (a check already running is followed by one more). */
  checkNow(): Promise<void>;
  /**
   * Calls `listener` when the head of a target branch that sessions' unmerged
   * work is judged against moved (a merge into main), after the check that
   * move caused; returns the unsubscribe function.
   */
  onTargetMoved(listener: () => void): () => void;
  shutdown(): Promise<void>;
}

async function worktreeExists(worktree: string): Promise<boolean> {
  try {
    return (await stat(worktree)).isDirectory();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/**
 * Keeps `FileChange.unmerged` true to git: a session's changed file stops
 * being unmerged once its content in the session's work tree equals the
 * target branch's (merged) or its base's, the merge base of the work
 * tree's HEAD with the target (undone — restored, `git checkout -- file` —
 * even after the target changed that file meanwhile); checked after file
 * changes settle, when the head of a target branch moves (its ref watched
 * with orchestrator/git/ref-watch.ts, settling like file changes), and on
 * an interval — the safety net for moves no file event announced. A
 * session whose work tree is gone is removed from the fleet. Only marks
 * files merged: new edits make them unmerged again.
 */
export function createMergeTracker(options: MergeTrackerOptions): MergeTracker {
  const { fleet, config, log } = options;
  const stillChangedPaths = options.stillChangedPaths ?? gitStillChangedPaths;
  const hostName = options.hostName ?? os.hostname();
  let unsubscribe: (() => void) | undefined;
  let interval: NodeJS.Timeout | undefined;
  let debounce: NodeJS.Timeout | undefined;
  let stopped = false;
  const targetListeners = new Set<() => void>();
  /** The head each watched target had at the last check, by work tree and ref. */
  const targetHeads = new Map<string, string>();
  // The watch only starts a check: the check itself tells whether a target moved, so a move is
  // reported once by whichever check sees it first (a debounced or interval one racing the watch's).
  const targets = createRefWatcher({
    settleMs: config.mergeCheckDebounceMs,
    onMove: () => void checkNow().catch((error: unknown) => log.warn(`fleet: re-check after a target branch moved failed: ${message(error)}`)),
    onError: (error) => log.warn(`fleet: watching target branches failed: ${message(error)}`),
  });

  function forget(session: Session): void {
    log.info(`fleet: work tree ${session.worktree} of session ${session.id} is gone; forgetting the session`);
    fleet.removeSession(session.id);
  }

  /** Checks the session's unmerged files; returns the target branch's ref they were judged against, to watch. */
  async function checkSession(session: Session): Promise<WatchedRef | undefined> {
    if (!(await worktreeExists(session.worktree))) return void forget(session);
    const unmerged = Object.values(session.files).filter((file) => file.unmerged);
    if (unmerged.length === 0) return undefined;
    // Resolved here rather than inside stillChangedPaths: its ref is what gets watched. A configured targetRef is not watched.
    const target = config.targetRef === undefined ? await targetBranch(session.worktree) : undefined;
    const changed = await stillChangedPaths(session.worktree, unmerged.map((file) => file.path), config.targetRef ?? target?.commit);
    for (const file of unmerged) if (!changed.has(file.path)) fleet.markMerged(session.id, file.path, file.edits);
    return target === undefined ? undefined : { worktree: session.worktree, ref: target.ref, commit: target.commit };
  }

  async function checkAll(): Promise<void> {
    const local = fleet.sessions().filter((session) => session.host === hostName && session.worktree !== '');
    const watched: WatchedRef[] = [];
    for (const session of local) {
      try {
        const target = await checkSession(session);
        if (target !== undefined) watched.push(target);
      } catch (error) {
        // A work tree removed while git looked at it fails the check: that is a removal, not a failure.
        if (!(await worktreeExists(session.worktree).catch(() => true))) forget(session);
        else log.warn(`fleet: merge check of ${session.worktree} (session ${session.id}) failed: ${message(error)}`);
      }
    }
    let moved = false;
    for (const target of watched) {
      const key = `${target.worktree}\0${target.ref}`;
      const before = targetHeads.get(key);
      if (before !== undefined && before !== target.commit) moved = true;
      targetHeads.set(key, target.commit);
    }
    const worktrees = new Set(local.map((session) => session.worktree));
    for (const key of targetHeads.keys()) if (!worktrees.has(key.slice(0, key.indexOf('\0')))) targetHeads.delete(key);
    if (stopped) return;
    await targets.watch(watched);
    if (moved) targetListeners.forEach((listener) => listener());
  }

  // Requests during a check share one more check, so callers are answered even while changes keep coming.
  const checks = createCoalescingRunner(() => (stopped ? Promise.resolve() : checkAll()));
  const checkNow = () => checks.run();

  function schedule(): void {
    if (stopped) return;
    clearTimeout(debounce);
    debounce = setTimeout(() => void checkNow(), config.mergeCheckDebounceMs);
    debounce.unref();
  }

  return {
    start() {
      if (stopped || unsubscribe !== undefined) return;
      unsubscribe = fleet.subscribe((change) => {
        if (change.type === 'file' && change.change.unmerged) schedule();
      });
      interval = setInterval(() => void checkNow(), config.mergeCheckIntervalMs);
      interval.unref();
      // Sessions rebuilt before the start have their unmerged files unchecked.
      schedule();
    },
    checkNow,
    onTargetMoved(listener) {
      const subscription = () => listener();
      targetListeners.add(subscription);
      return () => void targetListeners.delete(subscription);
    },
    async shutdown() {
      stopped = true;
      unsubscribe?.();
      clearInterval(interval);
      clearTimeout(debounce);
      await checks.idle();
      await targets.close();
    },
  };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
