import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { differingPaths, stillChangedPaths } from '../../../orchestrator/git/differing-paths.js';
import { agentGitState, commitAll, makeGitFleet, writeFiles } from '../../helpers/git-fleet.js';
import { gitIn } from '../../helpers/shim-cli.js';

describe('differingPaths', () => {
  it('reports uncommitted, untracked and deleted files that differ from the target branch, and nothing else', async () => {
    const fleet = makeGitFleet({ 'a.ts': 'a\n', 'b.ts': 'b\n', 'c.ts': 'c\n', 'same.ts': 's\n' });
    const agent = fleet.addWorktree('alice');
    writeFiles(agent, { 'a.ts': 'a changed\n', 'b.ts': null, 'new/d.ts': 'd\n', 'debug.log': 'ignored\n', 'same.ts': 's\n' });
    commitAll(agent, 'alice commits c');
    writeFiles(agent, { 'c.ts': 'c committed\n' });
    commitAll(agent, 'alice changes c');
    const before = agentGitState(agent);

    const differing = await differingPaths(agent, ['a.ts', 'b.ts', 'c.ts', 'new/d.ts', 'debug.log', 'same.ts', 'never/existed.ts']);

    // debug.log is new and ignored: it cannot be merged, so it is not unmerged work.
    expect([...differing].sort()).toEqual(['a.ts', 'b.ts', 'c.ts', 'new/d.ts']);
    expect(agentGitState(agent)).toEqual(before);
  });

  it('reports an uncommitted edit at once, and nothing once the branch is merged into the target', async () => {
    const fleet = makeGitFleet({ 'src/app.ts': 'v1\n' });
    const agent = fleet.addWorktree('bob');
    writeFiles(agent, { 'src/app.ts': 'v2\n' });
    expect(await differingPaths(agent, ['src/app.ts'])).toEqual(new Set(['src/app.ts']));

    commitAll(agent, 'bob: v2');
    expect(await differingPaths(agent, ['src/app.ts'])).toEqual(new Set(['src/app.ts']));

    gitIn(fleet.repo, 'merge', '-q', '--no-edit', 'bob');
    expect(await differingPaths(agent, ['src/app.ts'])).toEqual(new Set());
    // Undone changes (the file equals the target again) are not different either.
    writeFiles(agent, { 'src/app.ts': 'v3\n' });
    writeFiles(agent, { 'src/app.ts': 'v2\n' });
    expect(await differingPaths(agent, ['src/app.ts'])).toEqual(new Set());
  });

  it('compares with an explicit ref, and hashes a symbolic link as its target text as git stores it', async () => {
    const fleet = makeGitFleet({ 'a.ts': 'a\n' });
    const agent = fleet.addWorktree('carol');
    symlinkSync('a.ts', path.join(agent, 'link.ts'));
    const withLink = commitAll(agent, 'carol adds a link');

    expect(await differingPaths(agent, ['link.ts', 'a.ts'])).toEqual(new Set(['link.ts']));
    expect(await differingPaths(agent, ['link.ts', 'a.ts'], withLink)).toEqual(new Set());
    expect(await differingPaths(agent, ['link.ts'], 'main')).toEqual(new Set(['link.ts']));
  });
});

describe('stillChangedPaths', () => {
  it('counts a file as changed while it differs from both the target and the base, so a file restored to its base is undone after the target moved on', async () => {
    const fleet = makeGitFleet({ 'a.ts': 'a\n', 'b.ts': 'b\n', 'c.ts': 'c\n' });
    const agent = fleet.addWorktree('dan');
    writeFiles(fleet.repo, { 'a.ts': 'a on main\n', 'c.ts': 'c on main\n' });
    commitAll(fleet.repo, 'main moves on');
    writeFiles(agent, { 'b.ts': 'b by dan\n' });
    commitAll(agent, 'dan commits b');
    // a.ts: as at dan's base; b.ts: as at dan's HEAD, his own commit; c.ts: as on main; new.ts: new.
    writeFiles(agent, { 'c.ts': 'c on main\n', 'new.ts': 'new\n' });
    const before = agentGitState(agent);

    expect(await stillChangedPaths(agent, ['a.ts', 'b.ts', 'c.ts', 'new.ts'])).toEqual(new Set(['b.ts', 'new.ts']));
    expect(await differingPaths(agent, ['a.ts', 'b.ts', 'c.ts', 'new.ts'])).toEqual(new Set(['a.ts', 'b.ts', 'new.ts']));
    expect(agentGitState(agent)).toEqual(before);
  });

  it('compares with the target alone on a branch with no commit yet', async () => {
    const fleet = makeGitFleet({ 'a.ts': 'a\n', 'b.ts': 'b\n' });
    const agent = fleet.addWorktree('erin');
    gitIn(agent, 'checkout', '-q', '--orphan', 'fresh');
    writeFiles(agent, { 'b.ts': 'b by erin\n' });

    expect(await stillChangedPaths(agent, ['a.ts', 'b.ts'])).toEqual(new Set(['b.ts']));
  });
});
