import { realpathSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { predictMerges, type MergePair } from '../../../orchestrator/git/merge-prediction.js';
import { MergeChecker, type FleetMergeChecks } from '../../../orchestrator/git/pair-checks.js';
import { snapshotWorktree } from '../../../orchestrator/git/snapshot.js';
import { targetBranch } from '../../../orchestrator/git/target-branch.js';
import { agentGitState, commitAll, makeGitFleet, numberedLines, replaceLines, writeFiles } from '../../helpers/git-fleet.js';

const BASE = numberedLines(40);

/** The conflicting paths of each check, keyed `a|b` for pairs and `target|worktree` for stale-base checks. */
function conflictsByCheck(checks: FleetMergeChecks, name: (worktree: string) => string): Record<string, string[]> {
  const paths = (outcome: FleetMergeChecks['pairs'][number]['outcome']) => (outcome.status === 'predicted' ? outcome.prediction.conflicts.map((c) => c.path) : ['failed']);
  return Object.fromEntries([
    ...checks.pairs.map((p) => [`${name(p.a)}|${name(p.b)}`, paths(p.outcome)]),
    ...checks.targets.map((t) => [`${t.target.name}|${name(t.worktree)}`, paths(t.outcome)]),
  ]);
}

describe('MergeChecker', () => {
  it('checks every pair and every work tree against its target, and recomputes only what changed', async () => {
    const fleet = makeGitFleet({ 'src/db.ts': BASE, 'src/api.ts': BASE });
    const trees = { alice: fleet.addWorktree('alice'), bob: fleet.addWorktree('bob'), carol: fleet.addWorktree('carol') };
    const names = new Map(Object.entries(trees).map(([agent, dir]) => [realpathSync(dir), agent]));
    const name = (worktree: string) => names.get(worktree)!;
    writeFiles(trees.alice, { 'src/db.ts': replaceLines(BASE, 10, 10, ['alice 10']) });
    writeFiles(trees.bob, { 'src/db.ts': replaceLines(BASE, 10, 11, ['bob 10', 'bob 11']) });
    writeFiles(trees.carol, { 'src/api.ts': replaceLines(BASE, 30, 30, ['carol 30']) });
    // Work that landed on main since the agents started, on carol's lines.
    writeFiles(fleet.repo, { 'src/api.ts': replaceLines(BASE, 30, 30, ['main 30']) });
    commitAll(fleet.repo, 'landed');
    const untouched = Object.values(trees).map(agentGitState);

    const batches: MergePair[][] = [];
    const checker = new MergeChecker({
      predict: (repoDir, pairs) => {
        batches.push([...pairs]);
        return predictMerges(repoDir, pairs);
      },
    });
    const states = async () =>
      Promise.all(Object.values(trees).map(async (dir) => ({ snapshot: await snapshotWorktree(dir), target: await targetBranch(dir) })));

    const first = await checker.check(await states());

    expect(conflictsByCheck(first, name)).toEqual({
      'alice|bob': ['src/db.ts'],
      'alice|carol': [],
      'bob|carol': [],
      'main|alice': [],
      'main|bob': [],
      'main|carol': ['src/api.ts'],
    });
    expect(batches.map((b) => b.length)).toEqual([6]);

    // Nothing changed: everything comes from the cache.
    expect(await checker.check(await states())).toEqual(first);
    expect(batches).toHaveLength(1);
    expect(Object.values(trees).map(agentGitState)).toEqual(untouched);

    // bob reverts his edit: only bob's three merges run again.
    writeFiles(trees.bob, { 'src/db.ts': BASE });
    const third = await checker.check(await states());
    expect(batches.map((b) => b.length)).toEqual([6, 3]);
    expect(conflictsByCheck(third, name)['alice|bob']).toEqual([]);
  });
});
