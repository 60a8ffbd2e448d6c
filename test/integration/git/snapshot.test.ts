import { mkdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { snapshotWorktree } from '../../../orchestrator/git/snapshot.js';
import { agentGitState, makeGitFleet, writeFiles } from '../../helpers/git-fleet.js';
import { gitIn } from '../../helpers/shim-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

/** Paths of every file in a commit, sorted. */
function filesOf(dir: string, commit: string): string[] {
  return gitIn(dir, 'ls-tree', '-r', '--name-only', commit).split('\n').sort();
}

describe('snapshotWorktree', () => {
  it('commits the work tree as it is on disk (modified, staged, untracked, deleted; not ignored) on top of HEAD, leaving the agent untouched', async () => {
    const fleet = makeGitFleet({ 'a.ts': 'a\n', 'b.ts': 'b\n', 'c.ts': 'c\n', 'src/d.ts': 'd\n' });
    const agent = fleet.addWorktree('alice');
    writeFiles(agent, { 'a.ts': 'a modified\n', 'b.ts': null, 'new/e.ts': 'e\n', 'trace.log': 'ignored\n', 'c.ts': 'c staged\n' });
    gitIn(agent, 'add', 'c.ts');
    // Staged, then changed again: the snapshot holds what is on disk.
    writeFiles(agent, { 'c.ts': 'c on disk\n' });
    mkdirSync(path.join(agent, 'src/deep'), { recursive: true });
    const before = agentGitState(agent);

    const snapshot = await snapshotWorktree(path.join(agent, 'src'));

    expect(snapshot).toMatchObject({
      repoDir: realpathSync(path.join(fleet.repo, '.git')),
      worktree: realpathSync(agent),
      head: gitIn(agent, 'rev-parse', 'HEAD'),
      branch: 'alice',
    });
    expect(gitIn(agent, 'rev-parse', `${snapshot.commit}^`)).toBe(snapshot.head);
    expect(gitIn(agent, 'rev-parse', `${snapshot.commit}^{tree}`)).toBe(snapshot.tree);
    expect(filesOf(agent, snapshot.commit)).toEqual(['.gitignore', 'a.ts', 'c.ts', 'new/e.ts', 'src/d.ts']);
    expect(gitIn(agent, 'show', `${snapshot.commit}:a.ts`)).toBe('a modified');
    expect(gitIn(agent, 'show', `${snapshot.commit}:c.ts`)).toBe('c on disk');
    expect(agentGitState(agent)).toEqual(before);
  });

  it('gives the same commit for the same state, a new one after a change, and the first again once the change is undone', async () => {
    const fleet = makeGitFleet({ 'a.ts': 'a\n' });
    const alice = fleet.addWorktree('alice');
    const bob = fleet.addWorktree('bob');

    const first = await snapshotWorktree(alice);
    expect((await snapshotWorktree(alice)).commit).toBe(first.commit);
    // Same content, same HEAD: another work tree gets the very same commit.
    expect((await snapshotWorktree(bob)).commit).toBe(first.commit);

    writeFiles(alice, { 'a.ts': 'a changed\n' });
    const changed = await snapshotWorktree(alice);
    expect(changed.commit).not.toBe(first.commit);

    writeFiles(alice, { 'a.ts': 'a\n' });
    expect((await snapshotWorktree(alice)).commit).toBe(first.commit);
  });

  it('keeps skip-worktree files that are absent from disk, and copes with a split index without touching it', async () => {
    const fleet = makeGitFleet({ 'kept.ts': 'kept\n', 'docs/big.md': 'big\n' });
    const sparse = fleet.addWorktree('sparse');
    gitIn(sparse, 'update-index', '--skip-worktree', 'docs/big.md');
    writeFiles(sparse, { 'docs/big.md': null, 'kept.ts': 'kept changed\n' });
    const split = fleet.addWorktree('split');
    gitIn(split, 'update-index', '--split-index');
    writeFiles(split, { 'kept.ts': 'split changed\n' });
    const before = [agentGitState(sparse), agentGitState(split)];

    const [sparseSnapshot, splitSnapshot] = await Promise.all([snapshotWorktree(sparse), snapshotWorktree(split)]);

    expect(filesOf(sparse, sparseSnapshot.commit)).toEqual(['.gitignore', 'docs/big.md', 'kept.ts']);
    expect(gitIn(sparse, 'show', `${sparseSnapshot.commit}:kept.ts`)).toBe('kept changed');
    expect(gitIn(split, 'show', `${splitSnapshot.commit}:kept.ts`)).toBe('split changed');
    expect([agentGitState(sparse), agentGitState(split)]).toEqual(before);
  });

  it('snapshots a repository with no commits yet as a root commit', async () => {
    const dir = tempDir();
    gitIn(dir, 'init', '-q', '-b', 'main');
    writeFiles(dir, { 'first.ts': 'first\n' });

    const snapshot = await snapshotWorktree(dir);

    expect(snapshot).toMatchObject({ head: undefined, branch: 'main' });
    expect(gitIn(dir, 'rev-list', '--parents', '-n', '1', snapshot.commit)).toBe(snapshot.commit);
    expect(gitIn(dir, 'show', `${snapshot.commit}:first.ts`)).toBe('first');
    expect(() => gitIn(dir, 'rev-parse', '-q', '--verify', 'HEAD')).toThrow();
  });
});
