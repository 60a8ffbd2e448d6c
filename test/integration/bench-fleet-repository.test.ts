import { realpathSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFleetRepository } from '../../bench/fleet-repository.js';
import { filePath } from '../../bench/fleet-spans.js';
import { MergeChecker, type FleetMergeChecks } from '../../orchestrator/git/pair-checks.js';
import { snapshotWorktree } from '../../orchestrator/git/snapshot.js';
import { targetBranch } from '../../orchestrator/git/target-branch.js';
import { gitIn } from '../helpers/shim-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

/** Agent i changes pool files 2i … 2i+7: neighbours share 6 files, agents three apart share 2. */
const LAYOUT = { agents: 4, files: 40, linesPerFile: 100, changedFilesPerAgent: 8, agentStride: 2 };

/** Conflicted paths and line ranges per check: `agent-a|agent-b`, and `main|agent-x` for stale-base checks. */
function conflicts(checks: FleetMergeChecks): Record<string, Array<{ path: string; ranges: string[] }>> {
  const agent = (worktree: string) => path.basename(worktree);
  const files = (outcome: FleetMergeChecks['pairs'][number]['outcome']) =>
    outcome.status === 'predicted'
      ? outcome.prediction.conflicts.map((c) => ({ path: c.path, ranges: c.regions.map((r) => `${r.ours.start}-${r.ours.end}/${r.theirs.start}-${r.theirs.end}`) }))
      : [{ path: 'failed', ranges: [] }];
  return Object.fromEntries([
    ...checks.pairs.map((p) => [`${agent(p.a)}|${agent(p.b)}`, files(p.outcome)]),
    ...checks.targets.map((t) => [`${t.target.name}|${agent(t.worktree)}`, files(t.outcome)]),
  ]);
}

describe('the merge benchmark fleet repository', () => {
  it('makes agents three apart conflict on the lines they share, and main conflict with agent 3 only', async () => {
    const fleet = await createFleetRepository(realpathSync(tempDir('agentfleet-bench-fleet-')), LAYOUT);
    expect(fleet.changedPaths(1)).toEqual([2, 3, 4, 5, 6, 7, 8, 9].map(filePath));
    expect(gitIn(fleet.worktrees[1]!, 'diff', '--name-only').split('\n')).toEqual(fleet.changedPaths(1));

    const states = await Promise.all(fleet.worktrees.map(async (worktree) => ({ snapshot: await snapshotWorktree(worktree), target: await targetBranch(worktree) })));
    const checks = await new MergeChecker().check(states);

    // Regions: agents 0 and 3 rewrite lines 10–14 of the files both changed; main rewrote them in file 12.
    const clean: never[] = [];
    expect(conflicts(checks)).toEqual({
      'agent-0|agent-1': clean,
      'agent-0|agent-2': clean,
      'agent-0|agent-3': [filePath(6), filePath(7)].map((p) => ({ path: p, ranges: ['10-14/10-14'] })),
      'agent-1|agent-2': clean,
      'agent-1|agent-3': clean,
      'agent-2|agent-3': clean,
      'main|agent-0': clean,
      'main|agent-1': clean,
      'main|agent-2': clean,
      'main|agent-3': [{ path: filePath(12), ranges: ['10-14/10-14'] }],
    });
  });

  it('changes only the snapshot of the agent that edited a file', async () => {
    const fleet = await createFleetRepository(realpathSync(tempDir('agentfleet-bench-fleet-')), LAYOUT);
    const before = await Promise.all(fleet.worktrees.map((worktree) => snapshotWorktree(worktree)));
    await fleet.editOneFile(2, 1);
    const after = await Promise.all(fleet.worktrees.map((worktree) => snapshotWorktree(worktree)));
    expect(after.map((s, i) => s.commit === before[i]!.commit)).toEqual([true, true, false, true]);
    await fleet.editOneFile(2, 2);
    expect((await snapshotWorktree(fleet.worktrees[2]!)).commit).not.toBe(after[2]!.commit);
  });
});
