import type { Session } from '../fleet/model.js';

/**
 * The work trees git can check for merge conflicts and dependencies: those
 * of sessions on this host with unmerged changes, each with those sessions
 * (several when agents share a work tree). A work tree whose work is all
 * merged has nothing to collide with.
 */
export function localWorktrees(sessions: readonly Session[], hostName: string): Map<string, Session[]> {
  const byWorktree = new Map<string, Session[]>();
  for (const session of sessions) {
    if (session.host !== hostName || session.worktree === '' || !hasUnmergedWork(session)) continue;
    const sharing = byWorktree.get(session.worktree) ?? [];
    sharing.push(session);
    byWorktree.set(session.worktree, sharing);
  }
  return byWorktree;
}

function hasUnmergedWork(session: Session): boolean {
  return Object.values(session.files).some((change) => change.unmerged);
}

/** Repository-relative paths the session changed and has not merged, sorted. */
export function unmergedPaths(session: Session): string[] {
  return Object.values(session.files)
    .filter((change) => change.unmerged)
    .map((change) => change.path)
    .sort();
}
