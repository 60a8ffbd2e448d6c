import type { FleetState } from '../fleet/fleet-state.js';
import { KeyedDebouncer } from '../git/keyed-debouncer.js';
import { createMergeBaseCache } from '../git/merge-base.js';
import { MergeChecker } from '../git/pair-checks.js';
import { snapshotWorktree, type WorktreeSnapshot } from '../git/snapshot.js';
import { targetBranch } from '../git/target-branch.js';
import type { Logger } from '../log.js';
import type { Alert } from './alert.js';
import { alertKey } from './alert-key.js';
import type { AlertBook } from './alert-book.js';
import type { CollisionConfig } from './collision-config.js';
import { createCoalescingRunner } from '../git/coalescing-runner.js';
import { createDependencyChecker } from './dependency-checks.js';
import { raisedUnder } from './fleet-detectors.js';
import type { GatePolicy } from './gate-policy.js';
import type { HunkIndex } from './hunk-index.js';
import { localWorktrees } from './local-worktrees.js';
import { whyMergeConflictsResolved, type KnownWorktree } from './merge-conflict-resolution.js';
import { mergeConflictCandidates, type CheckedWorktree } from './merge-conflicts.js';
import { whyResolved } from './resolution.js';

export interface WorktreeChecksOptions {
  readonly fleet: FleetState;
  readonly book: AlertBook;
  readonly policy: GatePolicy;
  readonly log: Logger;
  readonly clock: () => number;
  readonly config: Pick<CollisionConfig, 'worktreeWaitMs' | 'worktreeMaxWaitMs' | 'hostName'>;
  /** Updated by every pass: the hunks of the checked work trees' unmerged changes. */
  readonly hunks: HunkIndex;
  /** Some session's hunks changed: alerts of the fleet pass that cite them are due an update. */
  readonly onHunksChanged: () => void;
}

/**
 * The git-backed detectors — merge conflicts (pairs of work trees and each
 * against its target branch) and dependencies — over the work trees of
 * this host with unmerged work. A work tree is snapshotted again once its
 * changes settle (`touch`, debounced per work tree); then one pass checks
 * all of them (predictions and analyses of unchanged snapshots come from
 * caches), reconciles both kinds of alerts, and updates the hunks the fleet
 * pass cites (hunk-index.ts). Passes run one at a time.
 */
export interface WorktreeChecks {
  /** The work tree changed: snapshot it again and re-check, once its changes settle. */
  touch(worktree: string): void;
  /** Snapshots every work tree again and re-checks now: commits, merges and rebases come without spans. */
  recheckAll(): Promise<void>;
  /** Drops pending checks and waits for the one running. Idempotent. */
  shutdown(): Promise<void>;
}

export function createWorktreeChecks(options: WorktreeChecksOptions): WorktreeChecks {
  const { fleet, book, log, config } = options;
  const raised = raisedUnder(options.policy);
  const snapshots = new Map<string, WorktreeSnapshot>();
  const known = new Map<string, KnownWorktree>();
  /** Work trees whose snapshot is out of date: taken again by the next pass. */
  const stale = new Set<string>();
  let stopped = false;
  const mergeChecker = new MergeChecker();
  const mergeBases = createMergeBaseCache();
  const dependencies = createDependencyChecker();
  const pass = createCoalescingRunner(() => checkAll().catch((error: unknown) => log.error(`collisions: work-tree check failed: ${message(error)}`)));
  const debouncer = new KeyedDebouncer<string>({
    waitMs: config.worktreeWaitMs,
    maxWaitMs: config.worktreeMaxWaitMs,
    run: (worktree) => {
      stale.add(worktree);
      return pass.run();
    },
    onError: (worktree, error) => log.error(`collisions: check of ${worktree} failed: ${message(error)}`),
  });

  /** Takes the missing and stale snapshots of `worktrees`; returns those git cannot read. */
  async function snapshotAll(worktrees: Iterable<string>): Promise<Set<string>> {
    const unreadable = new Set<string>();
    for (const worktree of worktrees) {
      if (snapshots.has(worktree) && !stale.has(worktree)) continue;
      stale.delete(worktree);
      try {
        const snapshot = await snapshotWorktree(worktree);
        snapshots.set(worktree, snapshot);
        known.set(worktree, { top: snapshot.worktree, repoDir: snapshot.repoDir });
      } catch (error) {
        snapshots.delete(worktree);
        unreadable.add(worktree);
        log.warn(`collisions: cannot snapshot ${worktree}: ${message(error)}`);
      }
    }
    return unreadable;
  }

  async function checkAll(): Promise<void> {
    const eligible = localWorktrees(fleet.sessions(), config.hostName);
    for (const worktree of snapshots.keys()) if (!eligible.has(worktree)) snapshots.delete(worktree);
    for (const worktree of stale) if (!eligible.has(worktree)) stale.delete(worktree);
    const unreadable = await snapshotAll(eligible.keys());
    const checked: CheckedWorktree[] = [];
    for (const [worktree, sessions] of eligible) {
      const snapshot = snapshots.get(worktree);
      if (snapshot === undefined) continue;
      const target = await targetBranch(snapshot.worktree).catch(() => undefined);
      // No base (git failed to tell) leaves the callers' fallbacks: HEAD, the session's recorded base.
      const base = target === undefined ? undefined : await mergeBases(snapshot.repoDir, snapshot.commit, target.commit).catch(() => undefined);
      checked.push({ sessions, snapshot, target, base });
    }
    const checks = await mergeChecker.check(checked);
    const sessionWorktree = new Map(checked.map((c) => [c.snapshot.worktree, c.sessions[0]!.worktree]));
    for (const check of [...checks.pairs, ...checks.targets]) {
      if (check.outcome.status !== 'failed') continue;
      log.warn(`collisions: merge prediction failed: ${check.outcome.error}`);
      // Alerts about a failed merge are left as they are: a failure says nothing about the conflict.
      for (const worktree of 'a' in check ? [check.a, check.b] : [check.worktree]) unreadable.add(sessionWorktree.get(worktree) ?? worktree);
    }
    const conflicts = mergeConflictCandidates(checks, checked).filter(raised);
    const dependencyFindings = await dependencies.candidates(checked);
    for (const error of dependencyFindings.errors) log.warn(`collisions: dependency analysis failed: ${error}`);
    dependencyFindings.unreadable.forEach((worktree) => unreadable.add(worktree));
    const dependencyAlerts = dependencyFindings.candidates.filter(raised);

    const sessions = fleet.sessions();
    const inScope = (alert: Alert) => !alert.parties.some((party) => unreadable.has(party.worktree));
    const present = new Set(conflicts.map(alertKey));
    const vanishing = book.all().filter((a) => a.kind === 'merge_conflict' && a.state !== 'resolved' && !present.has(a.id) && inScope(a));
    const reasons = await whyMergeConflictsResolved(vanishing, sessions, known);
    const nowMs = options.clock();
    book.reconcile('merge_conflict', inScope, conflicts, (alert) => reasons.get(alert.id) ?? whyResolved(alert, sessions), nowMs);
    book.reconcile('dependency', inScope, dependencyAlerts, (alert) => whyResolved(alert, sessions), nowMs);

    const hunks = await options.hunks.update(checked, new Set(eligible.keys()));
    for (const error of hunks.errors) log.warn(`collisions: reading hunks failed: ${error}`);
    if (hunks.changed) options.onHunksChanged();
  }

  return {
    touch: (worktree) => debouncer.touch(worktree),
    recheckAll() {
      if (stopped) return Promise.resolve();
      for (const worktree of snapshots.keys()) stale.add(worktree);
      return pass.run();
    },
    async shutdown() {
      stopped = true;
      await debouncer.shutdown();
      await pass.idle();
    },
  };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
