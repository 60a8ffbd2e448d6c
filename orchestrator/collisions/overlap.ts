import type { Session } from '../fleet/model.js';
import type { AlertCandidate } from './alert.js';
import { canCollide, changeEvidence, editSpans, inStableOrder, lineCounts, partyOf, sessionLabel, type SessionChange } from './rivals.js';

/**
 * Overlap: two sessions that can collide (rivals.ts) both have unmerged
 * changes to one path. One candidate per pair and path; `critical` when the
 * two share a work tree (each edit lands in the other's files at once),
 * `warning` otherwise (they meet at merge time).
 */
export function detectOverlaps(sessions: readonly Session[]): AlertCandidate[] {
  const candidates: AlertCandidate[] = [];
  for (const [path, changers] of changersByPath(sessions)) {
    for (let i = 0; i < changers.length; i++) {
      for (let j = i + 1; j < changers.length; j++) {
        const [a, b] = inStableOrder(changers[i]!, changers[j]!);
        if (canCollide(a.session, b.session)) candidates.push(overlap(path, a, b));
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

function overlap(path: string, a: SessionChange, b: SessionChange): AlertCandidate {
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
      files: [{ path, changes: [changeEvidence(a.session.id, a.change), changeEvidence(b.session.id, b.change)] }],
      spans: editSpans([a, b]),
    },
  };
}
