import { runGit } from './git.js';

/**
 * The branch a work tree's work is merged into, and its head now. Chosen,
 * in order: the `agentfleet.targetBranch` git config of the work tree (or
 * an explicit override from the caller); the branch `origin/HEAD` points
 * to; `main`; `master`. A name resolves to the local branch when there is
 * one — agents in worktrees are merged locally — else to `origin/<name>`.
 * The engine never fetches: `origin/*` is as fresh as the user's last fetch.
 */
export interface TargetBranch {
  /** Branch name, e.g. `main`. */
  readonly name: string;
  /** Full ref the head was read from, e.g. `refs/heads/main` or `refs/remotes/origin/main`. */
  readonly ref: string;
  readonly commit: string;
}

/** git config key a repository (or one work tree, with `--worktree` config) sets to name its target branch. */
export const TARGET_BRANCH_CONFIG_KEY = 'agentfleet.targetBranch';

const ORIGIN_HEAD = 'refs/remotes/origin/HEAD';
const ORIGIN_PREFIX = 'refs/remotes/origin/';

async function optional(worktree: string, args: readonly string[]): Promise<string | undefined> {
  const { stdout, exitCode } = await runGit(args, { cwd: worktree, okExitCodes: [1, 128] });
  const text = stdout.toString('utf8').trim();
  return exitCode === 0 && text !== '' ? text : undefined;
}

async function commitOf(worktree: string, ref: string): Promise<string | undefined> {
  return optional(worktree, ['rev-parse', '-q', '--verify', `${ref}^{commit}`]);
}

async function resolveName(worktree: string, name: string): Promise<TargetBranch | undefined> {
  const short = name.replace(/^refs\/heads\//, '');
  for (const ref of [`refs/heads/${short}`, `${ORIGIN_PREFIX}${short}`]) {
    const commit = await commitOf(worktree, ref);
    if (commit !== undefined) return { name: short, ref, commit };
  }
  return undefined;
}

/** The candidate branch names, most specific first. */
async function candidateNames(worktree: string, override: string | undefined): Promise<string[]> {
  const configured = override ?? (await optional(worktree, ['config', '--get', TARGET_BRANCH_CONFIG_KEY]));
  if (configured !== undefined) return [configured];
  const originHead = await optional(worktree, ['symbolic-ref', '-q', ORIGIN_HEAD]);
  const remoteDefault = originHead?.startsWith(ORIGIN_PREFIX) ? originHead.slice(ORIGIN_PREFIX.length) : undefined;
  return [...(remoteDefault === undefined ? [] : [remoteDefault]), 'main', 'master'];
}

/**
 * The target branch of the work tree at `worktree`, or undefined when none
 * of the candidates exists (or a configured one does not: a wrong setting
 * is not silently replaced by a guess).
 */
export async function targetBranch(worktree: string, override?: string): Promise<TargetBranch | undefined> {
  for (const name of await candidateNames(worktree, override)) {
    const target = await resolveName(worktree, name);
    if (target !== undefined) return target;
  }
  return undefined;
}
