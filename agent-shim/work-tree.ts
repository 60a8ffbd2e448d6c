import { execFile } from 'node:child_process';
import path from 'node:path';
import type { WorkTree } from './agent-adapter.js';

/** Each git call may take this long; a hung or slow git must not hold up the agent's start. */
const GIT_TIMEOUT_MS = 2_000;

/** Runs git in `cwd`; resolves with its trimmed stdout, or undefined when it fails (not a repo, no such ref). */
export function git(cwd: string, args: readonly string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', args, { cwd, timeout: GIT_TIMEOUT_MS, maxBuffer: 1024 * 1024 }, (error, stdout) => {
      resolve(error ? undefined : stdout.trim());
    });
  });
}

/**
 * A remote URL without the credentials people embed in it
 * (`https://<token>@github.com/…`, `https://user:pass@host/…`). scp-like
 * addresses (`git@github.com:acme/shop.git`) name an ssh user, not a
 * secret, and stay as they are.
 */
export function stripCredentials(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (parsed.password === '' && (parsed.username === '' || !parsed.protocol.startsWith('http'))) return url;
  parsed.password = '';
  if (parsed.protocol.startsWith('http')) parsed.username = '';
  return parsed.toString();
}

/**
 * The commit the agent's branch started from: the merge base with the
 * default branch (`origin/HEAD`, else a local `main`/`master`), else with the
 * branch's upstream, else HEAD itself.
 */
async function baseCommit(root: string, head: string): Promise<string> {
  const originHead = await git(root, ['symbolic-ref', '-q', 'refs/remotes/origin/HEAD']);
  for (const target of [originHead, 'refs/heads/main', 'refs/heads/master', '@{upstream}']) {
    if (target === undefined) continue;
    const base = await git(root, ['merge-base', 'HEAD', target]);
    if (base) return base;
  }
  return head;
}

async function remoteUrl(root: string): Promise<string | undefined> {
  const remotes = (await git(root, ['remote']))?.split('\n').filter(Boolean) ?? [];
  const name = remotes.includes('origin') ? 'origin' : remotes[0];
  const url = name === undefined ? undefined : await git(root, ['remote', 'get-url', name]);
  return url ? stripCredentials(url) : undefined;
}

/**
 * Facts about the work tree `cwd` belongs to, gathered once at start with
 * a few fast git calls. Outside git (or without git installed) only `path`
 * is set: the cwd.
 */
export async function readWorkTree(cwd: string): Promise<WorkTree> {
  const top = await git(cwd, ['rev-parse', '--show-toplevel']);
  if (!top) return { path: path.resolve(cwd), branch: undefined, baseCommit: undefined, repositoryUrl: undefined, isGit: false };
  const [branch, head, repositoryUrl] = await Promise.all([
    git(top, ['symbolic-ref', '-q', '--short', 'HEAD']),
    git(top, ['rev-parse', '-q', '--verify', 'HEAD']),
    remoteUrl(top),
  ]);
  return {
    path: path.resolve(top),
    branch: branch || undefined,
    // A repository without commits has no base yet.
    baseCommit: head ? await baseCommit(top, head) : undefined,
    repositoryUrl,
    isGit: true,
  };
}
