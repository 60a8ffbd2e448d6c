import { lstat, readlink } from 'node:fs/promises';
import path from 'node:path';
import { LITERAL_PATHSPECS, nulFields, runGit } from './git.js';
import { worktreeMergeBase } from './merge-base.js';
import { targetBranch } from './target-branch.js';

/**
 * Which of a few paths differ between a work tree as it is on disk and the
 * target branch (and, for `stillChangedPaths`, its base too): the cheap
 * test behind "is this change still unmerged?".
 * Only the given paths are looked at — `git ls-tree` of the target for
 * those paths, `git hash-object` of the files on disk (through the same
 * clean filters `git add` would apply) — so the cost follows the number of
 * paths, not the size of the repository, and nothing of the agent's is
 * written: no index, no objects.
 *
 * A path differs when its blob differs, including a file that exists on
 * one side only (deleted in the work tree, or new). Content only: a changed
 * file mode alone does not count. A new file that `.gitignore` excludes
 * does not count either: it cannot be merged, and snapshots leave it out.
 * A directory (or submodule) at a path counts as "no file".
 */

/** Paths per `hash-object` / `ls-tree` call: far below any argument-length limit. */
const PATHS_PER_CALL = 500;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Blob ids of `paths` in `commit`, by path; paths that are not files there are absent. */
async function blobsAt(worktree: string, commit: string, paths: readonly string[]): Promise<Map<string, string>> {
  const blobs = new Map<string, string>();
  for (const group of chunks(paths, PATHS_PER_CALL)) {
    const { stdout } = await runGit(['ls-tree', '-z', '--full-tree', commit, '--', ...group], { cwd: worktree, env: LITERAL_PATHSPECS });
    for (const entry of nulFields(stdout)) {
      // `<mode> SP <type> SP <object> TAB <path>`
      const tab = entry.indexOf('\t');
      const [, type, oid] = entry.slice(0, tab).split(' ');
      if (type === 'blob' && oid !== undefined) blobs.set(entry.slice(tab + 1), oid);
    }
  }
  return blobs;
}

/** Blob ids the work tree's files would get, by path; paths with no file (missing, a directory) are absent. */
async function blobsOnDisk(worktree: string, paths: readonly string[]): Promise<Map<string, string>> {
  const files: string[] = [];
  const links: string[] = [];
  await Promise.all(
    paths.map(async (p) => {
      const stats = await lstat(path.join(worktree, p)).catch(() => undefined);
      if (stats?.isFile()) files.push(p);
      else if (stats?.isSymbolicLink()) links.push(p);
    }),
  );
  const blobs = new Map<string, string>();
  for (const group of chunks(files, PATHS_PER_CALL)) {
    const ids = (await runGit(['hash-object', '--', ...group], { cwd: worktree })).stdout.toString('utf8').split('\n');
    group.forEach((p, i) => blobs.set(p, ids[i]!));
  }
  // git stores a symbolic link as a blob holding its target; hash-object of the path would follow the link.
  for (const link of links) {
    const target = await readlink(path.join(worktree, link));
    blobs.set(link, (await runGit(['hash-object', '--stdin', '--no-filters'], { cwd: worktree, input: target })).stdout.toString('utf8').trim());
  }
  return blobs;
}

/** Of `paths`, those ignored by the work tree's exclude rules (tracked files are never ignored). */
async function ignored(worktree: string, paths: readonly string[]): Promise<Set<string>> {
  if (paths.length === 0) return new Set();
  const { stdout } = await runGit(['check-ignore', '-z', '--stdin'], { cwd: worktree, input: paths.join('\0') + '\0', okExitCodes: [1] });
  return new Set(nulFields(stdout));
}

async function resolveTarget(worktree: string, targetRef: string | undefined): Promise<string> {
  if (targetRef !== undefined) return targetRef;
  const target = await targetBranch(worktree);
  if (target === undefined) throw new Error(`no target branch (main, master, origin/HEAD or agentfleet.targetBranch) found for ${worktree}`);
  return target.commit;
}

/**
 * The subset of `paths` (relative to the top of `worktree`) whose content in
 * the work tree — uncommitted and untracked changes included — differs from
 * `targetRef` (default: the work tree's target branch, see target-branch.ts).
 */
export async function differingPaths(worktree: string, paths: readonly string[], targetRef?: string): Promise<Set<string>> {
  if (paths.length === 0) return new Set();
  return differingFromEvery(worktree, paths, await resolveTarget(worktree, targetRef), []);
}

/**
 * The subset of `paths` that still holds a change of the work tree's own:
 * different from the target branch (`targetRef`, as `differingPaths`) and
 * from the merge base of the work tree's HEAD with it. A file restored to
 * its base (`git checkout -- file`) is an undone change even when the
 * target branch has changed that file since the agent started; a file back
 * at a HEAD that holds the agent's own commit still differs from the base.
 */
export async function stillChangedPaths(worktree: string, paths: readonly string[], targetRef?: string): Promise<Set<string>> {
  if (paths.length === 0) return new Set();
  const target = await resolveTarget(worktree, targetRef);
  const base = await worktreeMergeBase(worktree, target);
  return differingFromEvery(worktree, paths, target, base === undefined || base === target ? [] : [base]);
}

/** Of `paths`, those whose blob on disk differs from their blob in `target` and in every one of `otherRefs`. */
async function differingFromEvery(worktree: string, paths: readonly string[], target: string, otherRefs: readonly string[]): Promise<Set<string>> {
  const unique = [...new Set(paths)];
  const [inTarget, onDisk] = await Promise.all([blobsAt(worktree, target, unique), blobsOnDisk(worktree, unique)]);
  let differing = unique.filter((p) => inTarget.get(p) !== onDisk.get(p));
  for (const ref of otherRefs) {
    if (differing.length === 0) break;
    const inRef = await blobsAt(worktree, ref, differing);
    differing = differing.filter((p) => inRef.get(p) !== onDisk.get(p));
  }
  const newFiles = differing.filter((p) => !inTarget.has(p) && onDisk.has(p));
  const excluded = await ignored(worktree, newFiles);
  return new Set(differing.filter((p) => !excluded.has(p)));
}
