import { runGit, type GitRunOptions } from './git.js';

/**
 * The best common ancestor of two commits of the repository whose git
 * directory is `repoDir` (`git merge-base`); undefined when they share no
 * history.
 */
export function mergeBase(repoDir: string, a: string, b: string): Promise<string | undefined> {
  return mergeBaseIn({ gitDir: repoDir, okExitCodes: [1] }, a, b);
}

/**
 * The merge base of a work tree's HEAD (the agent's branch, not the main
 * work tree's) with `commit`; undefined without common history, or when
 * HEAD has no commit yet (an orphan branch: git answers 128).
 */
export function worktreeMergeBase(worktree: string, commit: string): Promise<string | undefined> {
  return mergeBaseIn({ cwd: worktree, okExitCodes: [1, 128] }, 'HEAD', commit);
}

async function mergeBaseIn(options: Pick<GitRunOptions, 'gitDir' | 'cwd' | 'okExitCodes'>, a: string, b: string): Promise<string | undefined> {
  const { stdout, exitCode } = await runGit(['merge-base', a, b], options);
  const base = stdout.toString('utf8').trim();
  return exitCode === 0 && base !== '' ? base : undefined;
}

/** Merge bases kept by `createMergeBaseCache`; the oldest go first. */
const MAX_CACHED_MERGE_BASES = 10_000;

/**
 * `mergeBase`, remembered: two commits' merge base never changes, so a pass
 * over unchanged snapshots and an unmoved target asks git nothing.
 */
export function createMergeBaseCache(): (repoDir: string, a: string, b: string) => Promise<string | undefined> {
  const bases = new Map<string, string | undefined>();
  return async (repoDir, a, b) => {
    const key = `${repoDir}\0${a}\0${b}`;
    if (bases.has(key)) return bases.get(key);
    const base = await mergeBase(repoDir, a, b);
    bases.set(key, base);
    if (bases.size > MAX_CACHED_MERGE_BASES) bases.delete(bases.keys().next().value!);
    return base;
  };
}
