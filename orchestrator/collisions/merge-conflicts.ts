import type { Session } from '../fleet/model.js';
import type { ConflictedFile } from '../git/merge-prediction.js';
import type { FleetMergeChecks } from '../git/pair-checks.js';
import type { WorktreeSnapshot } from '../git/snapshot.js';
import type { TargetBranch } from '../git/target-branch.js';
import type { AlertCandidate, AlertParty, FileEvidence, LineRange } from './alert.js';
import { canCollide, changeEvidence, changesTo, editSpans, partyOf, sessionLabel } from './rivals.js';

/** A work tree as the merge check saw it: its sessions with unmerged work, its snapshot and its target branch then. */
export interface CheckedWorktree {
  readonly sessions: readonly Session[];
  readonly snapshot: WorktreeSnapshot;
  readonly target: TargetBranch | undefined;
  /** The merge base of the snapshot with the target's head: where its unmerged changes start. Undefined without a target or common history. */
  readonly base: string | undefined;
}

/** Ranges named in a summary before "and N more"; the evidence keeps all. */
const SUMMARY_RANGES = 3;

/**
 * `merge_conflict` candidates from the fleet's merge predictions: for each
 * conflicting file of a pair of work trees, one per pair of sessions that
 * changed it (a work tree shared by several sessions is split by who
 * changed the file); for each conflicting file of a work tree against the
 * head of its target branch (work merged there since the agent's base), one
 * per session that changed it, the branch as second party. Parties in the
 * order of the merge's sides, ranges and commits in the order of the parties.
 */
export function mergeConflictCandidates(checks: FleetMergeChecks, worktrees: readonly CheckedWorktree[]): AlertCandidate[] {
  const bySnapshotPath = new Map(worktrees.map((worktree) => [worktree.snapshot.worktree, worktree]));
  const candidates: AlertCandidate[] = [];
  for (const { a, b, outcome } of checks.pairs) {
    const [ours, theirs] = [bySnapshotPath.get(a), bySnapshotPath.get(b)];
    if (outcome.status !== 'predicted' || ours === undefined || theirs === undefined) continue;
    for (const file of outcome.prediction.conflicts) {
      for (const x of changersOf(ours, file.path)) {
        for (const y of changersOf(theirs, file.path)) {
          if (canCollide(x, y)) candidates.push(pairConflict(x, y, file, [ours.snapshot.commit, theirs.snapshot.commit]));
        }
      }
    }
  }
  for (const { worktree, target, outcome } of checks.targets) {
    const checked = bySnapshotPath.get(worktree);
    if (outcome.status !== 'predicted' || checked === undefined) continue;
    for (const file of outcome.prediction.conflicts) {
      for (const session of changersOf(checked, file.path)) candidates.push(staleBase(session, target, file, [checked.snapshot.commit, target.commit]));
    }
  }
  return candidates;
}

/**
 * The sessions of a work tree that changed `path`; when none did (the new
 * path of a rename, a file changed outside any session) the work tree's
 * most recently active session stands for it.
 */
function changersOf(worktree: CheckedWorktree, path: string): readonly Session[] {
  const changers = worktree.sessions.filter((session) => session.files[path]?.unmerged === true);
  if (changers.length > 0) return changers;
  const newest = worktree.sessions.reduce<Session | undefined>((best, s) => (best === undefined || s.lastActivityMs > best.lastActivityMs ? s : best), undefined);
  return newest === undefined ? [] : [newest];
}

/** The target branch as a party: no session, identified by the branch (alert-key.ts). */
function branchParty(target: TargetBranch): AlertParty {
  return { sessionId: '', agentId: '', agentName: target.name, worktree: '', branch: target.name };
}

function pairConflict(a: Session, b: Session, file: ConflictedFile, commits: readonly string[]): AlertCandidate {
  const [nameA, nameB] = [sessionLabel(a, b), sessionLabel(b, a)];
  const ranges = file.regions.length > 0 ? [file.regions.map((r) => r.ours), file.regions.map((r) => r.theirs)] : undefined;
  return {
    kind: 'merge_conflict',
    severity: 'critical',
    parties: [partyOf(a), partyOf(b)],
    subject: file.path,
    files: [file.path],
    summary: `${nameA} and ${nameB} would conflict merging ${file.path}${detail(file, ranges, [nameA, nameB])}`,
    evidence: { files: [fileEvidence(file.path, ranges, [a, b])], spans: editSpans([a, b].flatMap((s) => changesTo(s, file.path))), commits },
  };
}

function staleBase(session: Session, target: TargetBranch, file: ConflictedFile, commits: readonly string[]): AlertCandidate {
  // The merge was target (ours) ← work tree (theirs); the session is the first party.
  const ranges = file.regions.length > 0 ? [file.regions.map((r) => r.theirs), file.regions.map((r) => r.ours)] : undefined;
  const name = session.agentName;
  return {
    kind: 'merge_conflict',
    severity: 'critical',
    parties: [partyOf(session), branchParty(target)],
    subject: file.path,
    files: [file.path],
    summary: `${name}'s changes to ${file.path} would conflict with ${target.name}, which changed it since ${name}'s base${detail(file, ranges, [name, target.name])}`,
    evidence: { files: [fileEvidence(file.path, ranges, [session])], spans: editSpans(changesTo(session, file.path)), commits },
  };
}

function fileEvidence(path: string, ranges: readonly (readonly LineRange[])[] | undefined, sessions: readonly Session[]): FileEvidence {
  const changes = sessions.flatMap((s) => changesTo(s, path)).map(({ session, change }) => changeEvidence(session.id, change));
  return { path, ...(ranges === undefined ? {} : { ranges }), ...(changes.length === 0 ? {} : { changes }) };
}

/** `: alice's lines 3–5 vs bob's lines 3–6`, or the conflict's kinds when it is not about lines. */
function detail(file: ConflictedFile, ranges: readonly (readonly LineRange[])[] | undefined, names: readonly [string, string]): string {
  const kinds = file.kinds.filter((kind) => kind !== 'content');
  const what = kinds.length > 0 ? ` (${kinds.join(', ')})` : '';
  if (ranges === undefined) return what;
  return `${what}: ${names[0]}'s ${describeRanges(ranges[0]!)} vs ${names[1]}'s ${describeRanges(ranges[1]!)}`;
}

function describeRanges(ranges: readonly LineRange[]): string {
  const more = ranges.length > SUMMARY_RANGES ? ` and ${ranges.length - SUMMARY_RANGES} more` : '';
  return `${ranges.slice(0, SUMMARY_RANGES).map(describeRange).join(', ')}${more}`;
}

/** `lines 3–5`, `line 7`, or for an empty range (that side deleted the lines the other changed) `lines deleted before line 12`. */
function describeRange({ start, end }: LineRange): string {
  if (end < start) return `lines deleted before line ${start}`;
  return start === end ? `line ${start}` : `lines ${start}–${end}`;
}
