import { copyFile, mkdtemp, readdir, rm, stat, utimes } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gitText, runGit } from './git.js';

/**
 * A commit that holds a work tree exactly as it is on disk — uncommitted
 * and untracked (not ignored) files included — made without touching
 * anything of the agent's: its index, HEAD, refs and files stay as they
 * are. Only new objects are written into the repository's object store
 * (unreferenced, so `git gc` prunes them after its grace period).
 *
 * How: copy the work tree's index file into a private temp directory
 * (keeping its mtime, so git's racy-entry check judges the copy like the
 * original), point `GIT_INDEX_FILE` at the copy, `git add -A` (only files
 * whose stat data changed are re-hashed; sparse-checkout entries keep
 * their skip-worktree bit instead of reading as deleted), `git write-tree`,
 * then `git commit-tree` with HEAD as parent and a fixed author, committer,
 * date and message — the same state always gives the same commit id, which
 * is what callers cache merge predictions by. Without a usable index (none
 * yet, or a split index whose shared part lives in the agent's git dir)
 * the temp index starts from `git read-tree HEAD` instead.
 */
export interface WorktreeSnapshot {
  /** The repository's common git directory (shared by all its worktrees): where merges run. */
  readonly repoDir: string;
  /** Top level of the work tree. */
  readonly worktree: string;
  /** HEAD's commit; undefined on a branch with no commits yet. */
  readonly head: string | undefined;
  /** Checked-out branch (short name); undefined when HEAD is detached. */
  readonly branch: string | undefined;
  /** Tree of the work tree's state. */
  readonly tree: string;
  /** Commit of `tree` whose parent is `head`. */
  readonly commit: string;
}

/** Fixed identity and time: a snapshot's id depends on the content and HEAD only. */
const SNAPSHOT_IDENTITY: Readonly<Record<string, string>> = {
  GIT_AUTHOR_NAME: 'agentfleet',
  GIT_AUTHOR_EMAIL: 'snapshot@agentfleet.invalid',
  GIT_AUTHOR_DATE: '@0 +0000',
  GIT_COMMITTER_NAME: 'agentfleet',
  GIT_COMMITTER_EMAIL: 'snapshot@agentfleet.invalid',
  GIT_COMMITTER_DATE: '@0 +0000',
};
const SNAPSHOT_MESSAGE = 'agentfleet snapshot of a work tree (uncommitted changes included)';

/**
 * Settings for the temp-index commands: write a plain index (never a split
 * one, whose shared file would go into the agent's git dir) and do not ask
 * an fsmonitor hook, whose token in the copied index belongs to the agent.
 */
const TEMP_INDEX_CONFIG = ['-c', 'core.splitIndex=false', '-c', 'core.fsmonitor=false'];

/** Snapshot commits by `<tree> <parent>`: an unchanged work tree reuses its commit without running commit-tree. */
export class SnapshotCommitCache {
  private readonly commits = new Map<string, string>();

  constructor(private readonly maxEntries = 1_000) {}

  get(tree: string, parent: string | undefined): string | undefined {
    return this.commits.get(`${tree} ${parent ?? ''}`);
  }

  set(tree: string, parent: string | undefined, commit: string): void {
    const key = `${tree} ${parent ?? ''}`;
    this.commits.delete(key);
    this.commits.set(key, commit);
    if (this.commits.size > this.maxEntries) this.commits.delete(this.commits.keys().next().value!);
  }
}

const sharedCommitCache = new SnapshotCommitCache();

interface WorktreeLocation {
  readonly top: string;
  readonly gitDir: string;
  readonly commonDir: string;
  readonly indexFile: string;
}

async function locate(worktree: string): Promise<WorktreeLocation> {
  const lines = (
    await gitText(['rev-parse', '--path-format=absolute', '--show-toplevel', '--git-dir', '--git-common-dir', '--git-path', 'index'], { cwd: worktree })
  ).split('\n');
  const [top, gitDir, commonDir, indexFile] = lines as [string, string, string, string];
  return { top, gitDir, commonDir, indexFile };
}

async function optionalText(worktree: string, args: readonly string[]): Promise<string | undefined> {
  const { stdout, exitCode } = await runGit(args, { cwd: worktree, okExitCodes: [1, 128] });
  const text = stdout.toString('utf8').trim();
  return exitCode === 0 && text !== '' ? text : undefined;
}

/** A split index keeps most entries in `sharedindex.*` beside it; such an index is not copied. */
async function usesSplitIndex(gitDir: string): Promise<boolean> {
  const names = await readdir(gitDir).catch(() => [] as string[]);
  return names.some((name) => name.startsWith('sharedindex.'));
}

/** Seeds the temp index: a copy of the agent's (same mtime), else HEAD's tree, else nothing (an empty index). */
async function seedIndex(location: WorktreeLocation, head: string | undefined, tempIndex: string): Promise<void> {
  const original = await stat(location.indexFile).catch(() => undefined);
  if (original !== undefined && !(await usesSplitIndex(location.gitDir))) {
    await copyFile(location.indexFile, tempIndex);
    await utimes(tempIndex, original.atime, original.mtime);
    return;
  }
  if (head !== undefined) await runGit([...TEMP_INDEX_CONFIG, 'read-tree', head], { cwd: location.top, env: { GIT_INDEX_FILE: tempIndex } });
}

async function writeWorktreeTree(location: WorktreeLocation, head: string | undefined): Promise<string> {
  const tempDir = await mkdtemp(path.join(os.tmpdir(), 'agentfleet-snapshot-'));
  try {
    const tempIndex = path.join(tempDir, 'index');
    await seedIndex(location, head, tempIndex);
    const env = { GIT_INDEX_FILE: tempIndex };
    await runGit([...TEMP_INDEX_CONFIG, 'add', '-A'], { cwd: location.top, env });
    return await gitText([...TEMP_INDEX_CONFIG, 'write-tree'], { cwd: location.top, env });
  } finally {
    await rm(tempDir, { recursive: true, force: true });
  }
}

/** Takes a snapshot of the work tree containing `worktree` (see WorktreeSnapshot). */
export async function snapshotWorktree(worktree: string, commits: SnapshotCommitCache = sharedCommitCache): Promise<WorktreeSnapshot> {
  const location = await locate(worktree);
  const [head, branch] = await Promise.all([
    optionalText(location.top, ['rev-parse', '-q', '--verify', 'HEAD^{commit}']),
    optionalText(location.top, ['symbolic-ref', '-q', '--short', 'HEAD']),
  ]);
  const tree = await writeWorktreeTree(location, head);
  let commit = commits.get(tree, head);
  if (commit === undefined) {
    const parent = head === undefined ? [] : ['-p', head];
    commit = await gitText(['commit-tree', '--no-gpg-sign', tree, ...parent, '-m', SNAPSHOT_MESSAGE], { cwd: location.top, env: SNAPSHOT_IDENTITY });
    commits.set(tree, head, commit);
  }
  return { repoDir: location.commonDir, worktree: location.top, head, branch, tree, commit };
}
