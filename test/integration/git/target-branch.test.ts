import { describe, expect, it } from 'vitest';
import { targetBranch } from '../../../orchestrator/git/target-branch.js';
import { commitAll, makeGitFleet, writeFiles } from '../../helpers/git-fleet.js';
import { gitIn } from '../../helpers/shim-cli.js';

describe('targetBranch', () => {
  it('prefers the configured branch, then origin/HEAD\u2019s branch (local first), then main, then master', async () => {
    const fleet = makeGitFleet({ 'a.ts': 'a\n' });
    const agent = fleet.addWorktree('alice');
    const main = gitIn(fleet.repo, 'rev-parse', 'main');
    expect(await targetBranch(agent)).toEqual({ name: 'main', ref: 'refs/heads/main', commit: main });

    // A remote whose default branch is trunk, fetched but not checked out locally.
    writeFiles(fleet.repo, { 'b.ts': 'b\n' });
    const trunk = commitAll(fleet.repo, 'trunk work');
    gitIn(fleet.repo, 'update-ref', 'refs/remotes/origin/trunk', trunk);
    gitIn(fleet.repo, 'reset', '-q', '--hard', main);
    gitIn(fleet.repo, 'symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/trunk');
    expect(await targetBranch(agent)).toEqual({ name: 'trunk', ref: 'refs/remotes/origin/trunk', commit: trunk });

    gitIn(fleet.repo, 'branch', 'trunk', main);
    expect(await targetBranch(agent)).toEqual({ name: 'trunk', ref: 'refs/heads/trunk', commit: main });

    gitIn(fleet.repo, 'config', 'agentfleet.targetBranch', 'release');
    expect(await targetBranch(agent)).toBeUndefined();
    gitIn(fleet.repo, 'branch', 'release', main);
    expect(await targetBranch(agent)).toMatchObject({ name: 'release', ref: 'refs/heads/release' });
    expect(await targetBranch(agent, 'trunk')).toMatchObject({ name: 'trunk', ref: 'refs/heads/trunk' });
  });

  it('falls back to master, and finds nothing in a repository with neither', async () => {
    const fleet = makeGitFleet({ 'a.ts': 'a\n' });
    const agent = fleet.addWorktree('alice');
    gitIn(fleet.repo, 'branch', '-m', 'main', 'master');
    expect(await targetBranch(agent)).toMatchObject({ name: 'master', ref: 'refs/heads/master' });
    gitIn(fleet.repo, 'branch', '-m', 'master', 'trunk');
    expect(await targetBranch(agent)).toBeUndefined();
  });
});
