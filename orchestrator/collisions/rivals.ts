import type { FileChange, Session } from '../fleet/model.js';
import type { AlertParty, FileChangeEvidence, SpanRef } from './alert.js';
import type { ChangeHunks } from './hunk-index.js';

/**
 * Whether two sessions' unmerged work can collide. They must be in one fleet
 * and (as far as we know) one repository, and be either different agents,
 * or two sessions of one agent in one work tree at the same time. One
 * agent's sessions one after the other continue the same work: not a
 * collision. Ended sessions still count: their unmerged work is still there.
 */
export function canCollide(a: Session, b: Session): boolean {
  if (a.id === b.id || a.fleetId !== b.fleetId || !sameRepository(a, b)) return false;
  return a.agentId !== b.agentId || concurrent(a, b);
}

/** A repository left unknown (no remote) may be the other's: worktrees of one local repository have no URL. */
function sameRepository(a: Session, b: Session): boolean {
  return a.repository === undefined || b.repository === undefined || a.repository === b.repository;
}

function concurrent(a: Session, b: Session): boolean {
  return a.startedMs < (b.endedMs ?? Infinity) && b.startedMs < (a.endedMs ?? Infinity);
}

/** The unmerged change `session` has to `path`, if any. */
export function unmergedChange(session: Session, path: string): FileChange | undefined {
  const change = session.files[path];
  return change?.unmerged === true ? change : undefined;
}

export function partyOf(session: Session): AlertParty {
  return {
    sessionId: session.id,
    agentId: session.agentId,
    agentName: session.agentName,
    worktree: session.worktree,
    branch: session.branch,
  };
}

/** Two sessions' entries in a fixed order (agent name, then session id), so re-detection lists the parties the same way. */
export function inStableOrder<T extends { readonly session: Session }>(a: T, b: T): [T, T] {
  const [x, y] = [a.session, b.session];
  const first = x.agentName === y.agentName ? x.id < y.id : x.agentName < y.agentName;
  return first ? [a, b] : [b, a];
}

/** A session's change as evidence: its line counts, and its hunks when git has them (hunk-index.ts). */
export function changeEvidence(sessionId: string, change: FileChange, hunks?: ChangeHunks): FileChangeEvidence {
  return {
    sessionId,
    linesAdded: change.linesAdded,
    linesRemoved: change.linesRemoved,
    edits: change.edits,
    lastEditMs: change.lastEditMs,
    ...(hunks === undefined ? {} : { hunks: hunks.hunks }),
    ...(hunks === undefined || hunks.omitted === 0 ? {} : { hunksOmitted: hunks.omitted }),
  };
}

/** A session's change to one file. */
export interface SessionChange {
  readonly session: Session;
  readonly change: FileChange;
}

/** The session's change to `path`, if it has one (merged or not): zero or one, to `flatMap` over sessions or paths. */
export function changesTo(session: Session, path: string): SessionChange[] {
  const change = session.files[path];
  return change === undefined ? [] : [{ session, change }];
}

/** The `file.edit` spans behind these changes, for `AlertEvidence.spans`: the change edited last comes last. */
export function editSpans(changes: readonly SessionChange[]): SpanRef[] {
  const inTimeOrder = [...changes].sort((a, b) => a.change.lastEditMs - b.change.lastEditMs || compareText(a.session.id, b.session.id) || compareText(a.change.path, b.change.path));
  return inTimeOrder.flatMap(({ session, change }) => change.spanIds.map((spanId) => ({ traceId: session.traceId, spanId })));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `+12 −3`: how a human reads a change's size. */
export function lineCounts(change: Pick<FileChange, 'linesAdded' | 'linesRemoved'>): string {
  return `+${change.linesAdded} −${change.linesRemoved}`;
}

/** How an alert names a session: its agent, and the session when both sides are the same agent. */
export function sessionLabel(session: Session, other: Session): string {
  return session.agentName === other.agentName ? `${session.agentName} (session ${session.id})` : session.agentName;
}
