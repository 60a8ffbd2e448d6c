import type { Session } from '../fleet/model.js';
import { fileAt } from '../git/changed-hunks.js';
import { readObjects } from '../git/object-batch.js';
import type { AlertCandidate, SymbolEvidence } from './alert.js';
import type { FileVersions } from './dependency/changed-exports.js';
import { dependencyCollisions, dependencySeverity } from './dependency/dependency-collisions.js';
import { sourceLanguageOf } from './dependency/source-language.js';
import type { SourceText } from './dependency/symbol-uses.js';
import { unmergedPaths } from './local-worktrees.js';
import type { CheckedWorktree } from './merge-conflicts.js';
import { canCollide, changeEvidence, changesTo, editSpans, partyOf, sessionLabel } from './rivals.js';

/**
 * `dependency` candidates: for every ordered pair of sessions in different
 * work trees of one repository, the exported symbols the first (A) changed
 * that the files the second (B) is editing use. A's files are compared
 * between the merge base of A's snapshot with its target branch
 * (`CheckedWorktree.base`; else A's recorded base commit, else HEAD) and
 * A's snapshot; B's files and the re-export chains are read from B's
 * snapshot. Results are memoised by the snapshots and paths involved, so a
 * re-check after one agent's edit analyses only the pairs that involve it.
 *
 * One alert per changer and user (all symbols in its evidence, severity of
 * the worst change); its subject is the changing session, which keeps the
 * two directions of a pair apart. Parties: the user (at risk) first.
 */
export interface DependencyChecker {
  candidates(worktrees: readonly CheckedWorktree[]): Promise<DependencyFindings>;
}

export interface DependencyFindings {
  readonly candidates: AlertCandidate[];
  /** Work trees (as sessions name them) of pairs git could not read: their alerts are left as they are. */
  readonly unreadable: ReadonlySet<string>;
  readonly errors: readonly string[];
}

/** Pair analyses kept; the oldest go first. */
const MAX_CACHED = 10_000;

/** Symbols named in a summary before "and N more". */
const SUMMARY_SYMBOLS = 3;

interface Side {
  readonly session: Session;
  readonly worktree: CheckedWorktree;
  /** The session's unmerged paths the analysis can read (TypeScript/JavaScript, Python). */
  readonly paths: readonly string[];
}

export function createDependencyChecker(): DependencyChecker {
  const analyses = new Map<string, readonly SymbolEvidence[]>();

  async function analyse(changer: Side, user: Side): Promise<readonly SymbolEvidence[]> {
    const key = [changer.worktree.snapshot.commit, user.worktree.snapshot.commit, changer.worktree.target?.commit ?? '', changer.session.id, user.session.id, ...changer.paths, '', ...user.paths].join('\0');
    const known = analyses.get(key);
    if (known !== undefined) return known;
    const { repoDir } = changer.worktree.snapshot;
    const base = changer.worktree.base ?? changer.session.baseCommit ?? changer.worktree.snapshot.head;
    const after = changer.worktree.snapshot.commit;
    const edits = user.worktree.snapshot.commit;
    const names = [...changer.paths.flatMap((p) => [...(base === undefined ? [] : [`${base}:${p}`]), `${after}:${p}`]), ...user.paths.map((p) => `${edits}:${p}`)];
    const objects = await readObjects(repoDir, names);
    const text = (name: string) => {
      const object = objects.get(name);
      return object?.type === 'blob' ? object.content.toString('utf8') : undefined;
    };
    const changed: FileVersions[] = changer.paths.map((p) => ({ path: p, before: base === undefined ? undefined : text(`${base}:${p}`), after: text(`${after}:${p}`) }));
    const edited: SourceText[] = user.paths.flatMap((p) => {
      const content = text(`${edits}:${p}`);
      return content === undefined ? [] : [{ path: p, content }];
    });
    const evidence = await dependencyCollisions({ changed, edited, readFile: (p) => fileAt(repoDir, edits, p) });
    remember(analyses, key, evidence);
    return evidence;
  }

  return {
    async candidates(worktrees) {
      const sides = worktrees.flatMap((worktree) =>
        worktree.sessions.map((session): Side => ({ session, worktree, paths: unmergedPaths(session).filter((p) => sourceLanguageOf(p) !== undefined) })),
      );
      const candidates: AlertCandidate[] = [];
      const unreadable = new Set<string>();
      const errors: string[] = [];
      for (const changer of sides) {
        for (const user of sides) {
          if (!comparable(changer, user)) continue;
          try {
            const evidence = await analyse(changer, user);
            if (evidence.length > 0) candidates.push(dependencyAlert(changer.session, user.session, evidence));
          } catch (error) {
            unreadable.add(changer.session.worktree).add(user.session.worktree);
            errors.push(`${changer.session.worktree} → ${user.session.worktree}: ${error instanceof Error ? error.message : String(error)}`);
          }
        }
      }
      return { candidates, unreadable, errors };
    },
  };
}

function comparable(changer: Side, user: Side): boolean {
  return (
    changer.worktree !== user.worktree &&
    changer.worktree.snapshot.repoDir === user.worktree.snapshot.repoDir &&
    changer.paths.length > 0 &&
    user.paths.length > 0 &&
    canCollide(changer.session, user.session)
  );
}

function remember<V>(cache: Map<string, V>, key: string, value: V): void {
  cache.set(key, value);
  if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value!);
}

function dependencyAlert(changer: Session, user: Session, symbols: readonly SymbolEvidence[]): AlertCandidate {
  const defining = [...new Set(symbols.map((s) => s.path))].sort();
  const using = [...new Set(symbols.flatMap((s) => s.usedIn))].sort();
  const named = symbols.slice(0, SUMMARY_SYMBOLS).map((s) => `${s.symbol} in ${s.path}${s.change === undefined ? '' : ` (${s.change === 'removed' && s.renamedTo !== undefined ? `renamed to ${s.renamedTo}` : s.change})`}`);
  const more = symbols.length > SUMMARY_SYMBOLS ? ` and ${symbols.length - SUMMARY_SYMBOLS} more` : '';
  const changes = (session: Session, paths: readonly string[]) =>
    paths.map((path) => ({ path, changes: changesTo(session, path).map(({ change }) => changeEvidence(session.id, change)) }));
  const cited = [...defining.flatMap((path) => changesTo(changer, path)), ...using.flatMap((path) => changesTo(user, path))];
  return {
    kind: 'dependency',
    severity: dependencySeverity(symbols)!,
    parties: [partyOf(user), partyOf(changer)],
    subject: changer.id,
    files: [...defining, ...using.filter((path) => !defining.includes(path))],
    summary: `${sessionLabel(changer, user)} changed ${named.join(', ')}${more}, used by ${sessionLabel(user, changer)}'s ${using.join(', ')}`,
    evidence: { files: [...changes(changer, defining), ...changes(user, using)], symbols, spans: editSpans(cited) },
  };
}
