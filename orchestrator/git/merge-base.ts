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
