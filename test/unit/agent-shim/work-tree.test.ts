import { mkdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readWorkTree, stripCredentials } from '../../../agent-shim/work-tree.js';
import { gitIn, makeGitRepo } from '../../helpers/shim-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

describe('work-tree facts', () => {
  it('strips credentials from remote URLs and leaves the rest as it is', () => {
    expect(stripCredentials('https://ghp_token@github.com/acme/shop.git')).toBe('https://github.com/acme/shop.git');
    expect(stripCredentials('https://user:pass@example.com:8443/a/b')).toBe('https://example.com:8443/a/b');
    expect(stripCredentials('ssh://git:secret@example.com/a.git')).toBe('ssh://git@example.com/a.git');
    expect(stripCredentials('https://github.com/acme/shop.git')).toBe('https://github.com/acme/shop.git');
    expect(stripCredentials('git@github.com:acme/shop.git')).toBe('git@github.com:acme/shop.git');
    expect(stripCredentials('/srv/git/shop.git')).toBe('/srv/git/shop.git');
  });

  it('reads the top level, branch, base commit and remote of a git work tree, from a subdirectory too', async () => {
    const repo = tempDir();
    const start = makeGitRepo(repo, { 'a.txt': 'a\n' });
    gitIn(repo, 'checkout', '-q', '-b', 'agent/feature');
    gitIn(repo, 'commit', '-q', '--allow-empty', '-m', 'work on the feature');
    mkdirSync(path.join(repo, 'sub'));

    const facts = await readWorkTree(path.join(repo, 'sub'));
    expect(facts).toEqual({
      path: realpathSync(repo),
      branch: 'agent/feature',
      // The merge base with main, not the feature branch's own head.
      baseCommit: start,
      repositoryUrl: 'https://example.com/acme/shop.git',
      isGit: true,
    });
  });

  it('takes HEAD as the base when there is no default branch to compare with', async () => {
    const repo = tempDir();
    makeGitRepo(repo, { 'a.txt': 'a\n' });
    gitIn(repo, 'branch', '-m', 'main', 'trunk');
    expect((await readWorkTree(repo)).baseCommit).toBe(gitIn(repo, 'rev-parse', 'HEAD'));
  });

  it('has no branch on a detached HEAD and no base in a repository without commits', async () => {
    const detached = tempDir();
    makeGitRepo(detached, { 'a.txt': 'a\n' });
    gitIn(detached, 'checkout', '-q', '--detach');
    expect((await readWorkTree(detached)).branch).toBeUndefined();

    const empty = tempDir();
    gitIn(empty, 'init', '-q');
    expect(await readWorkTree(empty)).toMatchObject({ isGit: true, baseCommit: undefined, repositoryUrl: undefined });
  });

  it('falls back to the directory itself outside git', async () => {
    const dir = tempDir();
    expect(await readWorkTree(dir)).toEqual({ path: path.resolve(dir), branch: undefined, baseCommit: undefined, repositoryUrl: undefined, isGit: false });
  });
});
