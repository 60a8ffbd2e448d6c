import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gitIn, makeGitRepo } from './shim-cli.js';
import { tempDir } from './temp-dir.js';

/**
 * A repository with agents' worktrees, made in a temp dir for git tests:
 * `main` checked out in `repo`, each agent on its own branch in a sibling
 * worktree. Commits use the repository's fixed test identity.
 */
export interface GitFleet {
  readonly repo: string;
  /** `git worktree add -b <name>` beside the repository; returns its path. */
  addWorktree(name: string): string;
}

export function makeGitFleet(files: Readonly<Record<string, string>>): GitFleet {
  const root = tempDir('agentfleet-git-');
  const repo = path.join(root, 'repo');
  writeFiles(repo, files);
  // Files are written first: makeGitRepo commits everything, subdirectories included.
  makeGitRepo(repo, {});
  return {
    repo,
    addWorktree(name) {
      const dir = path.join(root, name);
      gitIn(repo, 'worktree', 'add', '-q', '-b', name, dir);
      return dir;
    },
  };
}

/** Writes files under `dir` (parents created); `null` deletes one. */
export function writeFiles(dir: string, files: Readonly<Record<string, string | null>>): void {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    if (content === null) rmSync(file, { force: true });
    else {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, content);
    }
  }
}

export function commitAll(dir: string, message: string): string {
  gitIn(dir, 'add', '-A');
  gitIn(dir, 'commit', '-q', '-m', message);
  return gitIn(dir, 'rev-parse', 'HEAD');
}

/** `count` numbered lines `<prefix> 1` … `<prefix> count`, newline-terminated. */
export function numberedLines(count: number, prefix = 'line'): string {
  return Array.from({ length: count }, (_, i) => `${prefix} ${i + 1}\n`).join('');
}

/** `text` with its 1-based lines `from`..`to` replaced by `replacement` lines. */
export function replaceLines(text: string, from: number, to: number, replacement: readonly string[]): string {
  const lines = text.split('\n');
  lines.splice(from - 1, to - from + 1, ...replacement);
  return lines.join('\n');
}

/**
 * Everything of an agent's that the engine must leave alone: what
 * `git status` shows, its index file (bytes and mtime), HEAD and every ref.
 * Read without refreshing the index (GIT_OPTIONAL_LOCKS=0), so reading it
 * does not change it.
 */
export function agentGitState(worktree: string): Record<string, string> {
  const read = (...args: string[]) =>
    execFileSync('git', ['-c', 'core.fsmonitor=false', ...args], { cwd: worktree, encoding: 'utf8', env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } }).trim();
  const indexFile = read('rev-parse', '--path-format=absolute', '--git-path', 'index');
  return {
    status: read('status', '--porcelain=v1', '--untracked-files=all'),
    head: read('rev-parse', 'HEAD'),
    symbolicHead: read('symbolic-ref', '-q', 'HEAD'),
    refs: read('for-each-ref', '--format=%(refname) %(objectname)'),
    indexSha256: createHash('sha256').update(readFileSync(indexFile)).digest('hex'),
    indexMtimeNs: String(statSync(indexFile, { bigint: true }).mtimeNs),
  };
}
