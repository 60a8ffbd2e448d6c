import { runGit } from './git.js';

/**
 * The best common ancestor of two commits of the repository whose git
 * directory is `repoDir` (`git merge-base`); undefined when they share no
 * history.
 */
export async function mergeBase(repoDir: string, a: string, b: string): Promise<string | undefined> {
  const { stdout, exitCode } = await runGit(['merge-base', a, b], { gitDir: repoDir, okExitCodes: [1] });
  const base = stdout.toString('utf8').trim();
  return exitCode === 0 && base !== '' ? base : undefined;
}
