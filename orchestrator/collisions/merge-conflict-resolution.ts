import type { Session } from '../fleet/model.js';
import { differingPaths } from '../git/differing-paths.js';
import { mergeBase } from '../git/merge-base.js';
import { readObjects } from '../git/object-batch.js';
import { targetBranch } from '../git/target-branch.js';
import type { Alert, AlertResolution } from './alert.js';
import { whyResolved } from './resolution.js';

/** Where a checked work tree's top level and repository are: remembered from its snapshots, since a resolved alert's work tree is no longer checked. */
export interface KnownWorktree {
  readonly top: string;
  readonly repoDir: string;
}

/**
 * Why merge-conflict alerts that the checks no longer find went away, by
 * alert id, asking git: `worktree_removed` when a session of it left the
 * fleet; `merged` when the target branch now holds a session's side of
 * every file as it was when the conflict was seen (its snapshot commit in
 * the evidence); `reverted` when a session's work tree now holds its base's
 * version of them (the merge base of that snapshot with the target) or the
 * target's (it dropped its change); else
 * `no_longer_overlapping` (e.g. a side was rebased and now merges cleanly).
 * A work tree git cannot read any more leaves the reason to the fleet state.
 */
export async function whyMergeConflictsResolved(
  alerts: readonly Alert[],
  sessions: readonly Session[],
  known: ReadonlyMap<string, KnownWorktree>,
): Promise<Map<string, AlertResolution>> {
  const reasons = new Map<string, AlertResolution>();
  for (const alert of alerts) {
    const fromFleet = whyResolved(alert, sessions);
    reasons.set(alert.id, fromFleet === 'worktree_removed' ? fromFleet : await fromGit(alert, known).catch(() => fromFleet));
  }
  return reasons;
}

async function fromGit(alert: Alert, known: ReadonlyMap<string, KnownWorktree>): Promise<AlertResolution> {
  const sides = alert.parties.flatMap((party, i) => {
    const worktree = party.sessionId === '' ? undefined : known.get(party.worktree);
    return worktree === undefined ? [] : [{ worktree, snapshot: alert.evidence.commits?.[i] }];
  });
  let reverted = false;
  for (const { worktree, snapshot } of sides) {
    const target = await targetBranch(worktree.top);
    if (target === undefined) continue;
    if (snapshot !== undefined && (await sameBlobs(worktree.repoDir, target.commit, snapshot, alert.files))) return 'merged';
    const base = snapshot === undefined ? undefined : await mergeBase(worktree.repoDir, snapshot, target.commit);
    for (const ref of [target.commit, ...(base === undefined ? [] : [base])]) reverted ||= (await differingPaths(worktree.top, alert.files, ref)).size === 0;
  }
  return reverted ? 'reverted' : 'no_longer_overlapping';
}

/** Whether every path has the same blob (or no file) in both commits. */
async function sameBlobs(repoDir: string, a: string, b: string, paths: readonly string[]): Promise<boolean> {
  const objects = await readObjects(repoDir, paths.flatMap((p) => [`${a}:${p}`, `${b}:${p}`]));
  return paths.every((p) => objects.get(`${a}:${p}`)?.oid === objects.get(`${b}:${p}`)?.oid);
}
