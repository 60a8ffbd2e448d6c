import { isDeepStrictEqual } from 'node:util';
import { changedHunks, type Hunk } from '../git/changed-hunks.js';
import { unmergedPaths } from './local-worktrees.js';
import type { CheckedWorktree } from './merge-conflicts.js';

/**
 * Where in each file the unmerged changes of this host's sessions are, for
 * the evidence of overlap, intent and assumption alerts: the hunks of one
 * `git diff --unified=0` per work tree, from the base its changes are
 * unmerged relative to — the merge base of its snapshot with the target
 * branch's head (what the merge tracker compares with), else the target's
 * head (no common history), else HEAD (no target) — to its snapshot (the
 * work tree on disk, uncommitted changes included; the agent's index and
 * files untouched). The git pass (worktree-checks.ts) updates it; the fleet
 * pass and intents only read it, so the intent decision asks no git: an
 * alert raised before a git pass saw its change gets its hunks when the
 * next pass updates it. A work tree is diffed again only when its snapshot,
 * base or unmerged paths changed.
 */
export interface ChangeHunks {
  /** The first `MAX_HUNKS_PER_CHANGE` hunks, in file order; empty for a binary file. */
  readonly hunks: readonly Hunk[];
  /** Hunks left out over the cap. */
  readonly omitted: number;
}

/** A session's hunks in a file it changed; undefined when git has not looked (yet), or the work tree is another host's. */
export type HunkLookup = (sessionId: string, path: string) => ChangeHunks | undefined;

export const NO_HUNKS: HunkLookup = () => undefined;

/** Hunks kept per file and session: a file rewritten in many places must not bloat every alert citing it. */
export const MAX_HUNKS_PER_CHANGE = 10;

export interface HunkUpdate {
  /** Whether any session's hunks differ from before: alerts citing them are due an update. */
  readonly changed: boolean;
  /** Work trees git could not diff (they keep their last hunks), with why. */
  readonly errors: readonly string[];
}

export interface HunkIndex {
  /**
   * Reads the hunks of a git pass's work trees. Work trees in `keep` but not
   * in `worktrees` (their snapshot failed this time) keep their last hunks;
   * the others are forgotten.
   */
  update(worktrees: readonly CheckedWorktree[], keep: ReadonlySet<string>): Promise<HunkUpdate>;
  readonly hunksOf: HunkLookup;
}

interface WorktreeHunks {
  /** The diff's inputs: base, snapshot and paths. */
  readonly key: string;
  readonly files: ReadonlyMap<string, ChangeHunks>;
}

export function createHunkIndex(): HunkIndex {
  /** By work tree as sessions name it. */
  let byWorktree = new Map<string, WorktreeHunks>();
  let worktreeOf = new Map<string, string>();

  async function read(worktree: CheckedWorktree, base: string, paths: readonly string[]): Promise<Map<string, ChangeHunks>> {
    const { repoDir, commit } = worktree.snapshot;
    // Without rename pairing a hunk's path is the path the session changed, never its counterpart's.
    const changed = await changedHunks(repoDir, base, commit, paths, { renames: false });
    return new Map(changed.map((file) => [file.path, { hunks: file.hunks.slice(0, MAX_HUNKS_PER_CHANGE), omitted: Math.max(0, file.hunks.length - MAX_HUNKS_PER_CHANGE) }]));
  }

  return {
    async update(worktrees, keep) {
      const next = new Map<string, WorktreeHunks>();
      const nextWorktreeOf = new Map<string, string>();
      const errors: string[] = [];
      for (const [name, known] of byWorktree) if (keep.has(name)) next.set(name, known);
      for (const session of worktrees.flatMap((w) => w.sessions)) nextWorktreeOf.set(session.id, session.worktree);
      for (const [id, name] of worktreeOf) if (keep.has(name) && !nextWorktreeOf.has(id)) nextWorktreeOf.set(id, name);
      for (const worktree of worktrees) {
        const name = worktree.sessions[0]!.worktree;
        const base = worktree.base ?? worktree.target?.commit ?? worktree.snapshot.head;
        const paths = [...new Set(worktree.sessions.flatMap(unmergedPaths))].sort();
        if (base === undefined || paths.length === 0) {
          next.delete(name);
          continue;
        }
        const key = [base, worktree.snapshot.commit, ...paths].join('\0');
        if (next.get(name)?.key === key) continue;
        try {
          next.set(name, { key, files: await read(worktree, base, paths) });
        } catch (error) {
          errors.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      const changed = !isDeepStrictEqual(filesOf(byWorktree), filesOf(next)) || !isDeepStrictEqual(worktreeOf, nextWorktreeOf);
      byWorktree = next;
      worktreeOf = nextWorktreeOf;
      return { changed, errors };
    },
    hunksOf(sessionId, path) {
      const worktree = worktreeOf.get(sessionId);
      return worktree === undefined ? undefined : byWorktree.get(worktree)?.files.get(path);
    },
  };
}

/** What lookups answer, without the keys: a new snapshot with the same hunks changes no alert. */
function filesOf(hunks: ReadonlyMap<string, WorktreeHunks>): Map<string, ReadonlyMap<string, ChangeHunks>> {
  return new Map([...hunks].map(([name, { files }]) => [name, files]));
}
