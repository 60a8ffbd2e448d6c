import type { Session } from '../fleet/model.js';
import type { AlertCandidate } from './alert.js';
import { NO_HUNKS, type HunkLookup } from './hunk-index.js';
import { canCollide, changeEvidence, editSpans, inStableOrder, lineCounts, partyOf, sessionLabel, type SessionChange } from './rivals.js';

/**
 * Overlap: two sessions that can collide (rivals.ts) both have unmerged
 * changes to one path. One candidate per pair and path; `critical` when the
 * two share a work tree (each edit lands in the other's files at once),
 * `warning` otherwise (they meet at merge time). Each side's hunks come
 * from `hunksOf` where git has them.
 */
export function detectOverlaps(sessions: readonly Session[], hunksOf: HunkLookup = NO_HUNKS): AlertCandidate[] {
  const candidates: AlertCandidate[] = [];
  for (const [path, changers] of changersByPath(sessions)) {
    for (let i = 0; i < changers.length; i++) {
      for (let j = i + 1; j < changers.length; j++) {
        const [a, b] = inStableOrder(changers[i]!, changers[j]!);
        if (canCollide(a.session, b.session)) candidates.push(overlap(path, a, b, hunksOf));
      }
    }
  }
  return candidates;
}

function changersByPath(sessions: readonly Session[]): Map<string, SessionChange[]> {
  const byPath = new Map<string, SessionChange[]>();
  for (const session of sessions) {
    for (const [path, change] of Object.entries(session.files)) {
      if (!change.unmerged) continue;
      const changers = byPath.get(path) ?? [];
      changers.push({ session, change });
      byPath.set(path, changers);
    }
  }
  return byPath;
}

function overlap(path: string, a: SessionChange, b: SessionChange, hunksOf: HunkLookup): AlertCandidate {
  const sharedWorktree = a.session.worktree === b.session.worktree;
  const where = sharedWorktree ? ` in the same work tree ${a.session.worktree}` : '';
  const nameA = sessionLabel(a.session, b.session);
  const nameB = sessionLabel(b.session, a.session);
  return {
    kind: 'overlap',
    severity: sharedWorktree ? 'critical' : 'warning',
    parties: [partyOf(a.session), partyOf(b.session)],
    subject: path,
    files: [path],
    summary:
      `${nameA} and ${nameB} both changed ${path}${where}, unmerged ` +
      `(${nameA} ${lineCounts(a.change)}, ${nameB} ${lineCounts(b.change)})`,
    evidence: {
      files: [{ path, changes: [a, b].map(({ session, change }) => changeEvidence(session.id, change, hunksOf(session.id, path))) }],
      spans: editSpans([a, b]),
    },
  };
}
