import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { predictMerge, predictMerges } from '../../../orchestrator/git/merge-prediction.js';
import { snapshotWorktree } from '../../../orchestrator/git/snapshot.js';
import { targetBranch } from '../../../orchestrator/git/target-branch.js';
import { agentGitState, commitAll, makeGitFleet, numberedLines, replaceLines, writeFiles } from '../../helpers/git-fleet.js';
import { gitIn } from '../../helpers/shim-cli.js';

const BASE = numberedLines(40);

/** Lines `start`..`end` of a file on disk. */
function linesOf(file: string, range: { start: number; end: number }): string[] {
  return readFileSync(file, 'utf8').split('\n').slice(range.start - 1, range.end);
}

describe('predictMerge on snapshots of uncommitted work', () => {
  it('finds a content conflict between two agents and maps its line ranges to each side', async () => {
    const fleet = makeGitFleet({ 'src/db.ts': BASE, 'README.md': 'readme\n' });
    const alice = fleet.addWorktree('alice');
    const bob = fleet.addWorktree('bob');
    // alice rewrites lines 10–12; bob rewrites 11–13 and, cleanly, adds three lines at the top and edits line 30.
    writeFiles(alice, { 'src/db.ts': replaceLines(BASE, 10, 12, ['alice 10', 'alice 11', 'alice 12']) });
    writeFiles(bob, { 'src/db.ts': replaceLines(replaceLines(BASE, 30, 30, ['bob 30']), 11, 13, ['bob 11', 'bob 12', 'bob 13']).replace(/^/, 'top 1\ntop 2\ntop 3\n') });
    const before = [agentGitState(alice), agentGitState(bob)];

    const [a, b] = await Promise.all([snapshotWorktree(alice), snapshotWorktree(bob)]);
    const prediction = await predictMerge(a.repoDir, a.commit, b.commit);

    expect(prediction.clean).toBe(false);
    expect(prediction.conflicts.map((c) => [c.path, c.kinds])).toEqual([['src/db.ts', ['content']]]);
    const [region] = prediction.conflicts[0]!.regions;
    // The conflict covers base lines 10–13: alice's lines 10–13, and bob's 13–16 (after his three new top lines).
    expect(prediction.conflicts[0]!.regions).toHaveLength(1);
    expect(region!.ours).toEqual({ start: 10, end: 13 });
    expect(region!.theirs).toEqual({ start: 13, end: 16 });
    expect(linesOf(path.join(alice, 'src/db.ts'), region!.ours)).toEqual(['alice 10', 'alice 11', 'alice 12', 'line 13']);
    expect(linesOf(path.join(bob, 'src/db.ts'), region!.theirs)).toEqual(['line 10', 'bob 11', 'bob 12', 'bob 13']);
    expect([agentGitState(alice), agentGitState(bob)]).toEqual(before);
  });

  it('merges edits to the same file in different hunks cleanly', async () => {
    const fleet = makeGitFleet({ 'src/db.ts': BASE });
    const alice = fleet.addWorktree('alice');
    const bob = fleet.addWorktree('bob');
    writeFiles(alice, { 'src/db.ts': replaceLines(BASE, 5, 6, ['alice 5']) });
    writeFiles(bob, { 'src/db.ts': replaceLines(BASE, 30, 30, ['bob 30', 'bob 30b']) });

    const [a, b] = await Promise.all([snapshotWorktree(alice), snapshotWorktree(bob)]);
    const prediction = await predictMerge(a.repoDir, a.commit, b.commit);

    expect(prediction).toMatchObject({ clean: true, conflicts: [] });
  });

  it('reports add/add with both sides\u2019 ranges, modify/delete with the deleting side, and rename/rename', async () => {
    const fleet = makeGitFleet({ 'src/old.ts': numberedLines(5, 'old'), 'src/moved.ts': numberedLines(20, 'moved') });
    const alice = fleet.addWorktree('alice');
    const bob = fleet.addWorktree('bob');
    writeFiles(alice, { 'src/new.ts': 'export const a = 1;\nshared\n', 'src/old.ts': numberedLines(6, 'old') });
    gitIn(alice, 'mv', 'src/moved.ts', 'src/moved-by-alice.ts');
    writeFiles(bob, { 'src/new.ts': 'export const b = 2;\nshared\n', 'src/old.ts': null });
    gitIn(bob, 'mv', 'src/moved.ts', 'src/moved-by-bob.ts');
    const before = [agentGitState(alice), agentGitState(bob)];

    const [a, b] = await Promise.all([snapshotWorktree(alice), snapshotWorktree(bob)]);
    const prediction = await predictMerge(a.repoDir, a.commit, b.commit);

    const byPath = new Map(prediction.conflicts.map((c) => [c.path, c]));
    expect(byPath.get('src/new.ts')).toMatchObject({ kinds: ['add-add'], regions: [{ ours: { start: 1, end: 1 }, theirs: { start: 1, end: 1 } }] });
    expect(byPath.get('src/new.ts')!.baseBlob).toBeUndefined();
    const modifyDelete = byPath.get('src/old.ts')!;
    expect(modifyDelete.kinds).toEqual(['modify-delete']);
    // Bob deleted it: theirs has no version.
    expect(modifyDelete.oursBlob).toBeDefined();
    expect(modifyDelete.theirsBlob).toBeUndefined();
    expect(modifyDelete.regions).toEqual([]);
    const renamed = prediction.conflicts.filter((c) => c.kinds.includes('rename')).map((c) => c.path);
    expect(renamed).toEqual(expect.arrayContaining(['src/moved-by-alice.ts', 'src/moved-by-bob.ts']));
    // Staged renames in the agents' own indexes are theirs: still as they were.
    expect([agentGitState(alice), agentGitState(bob)]).toEqual(before);
  });

  it('maps the ranges of a content conflict in a file that one side renamed', async () => {
    const fleet = makeGitFleet({ 'src/util.ts': BASE });
    const alice = fleet.addWorktree('alice');
    const bob = fleet.addWorktree('bob');
    gitIn(alice, 'mv', 'src/util.ts', 'src/helpers.ts');
    writeFiles(alice, { 'src/helpers.ts': replaceLines(BASE, 25, 25, ['alice 25']) });
    writeFiles(bob, { 'src/util.ts': 'import x;\nimport y;\n' + replaceLines(BASE, 25, 25, ['bob 25']) });

    const [a, b] = await Promise.all([snapshotWorktree(alice), snapshotWorktree(bob)]);
    const prediction = await predictMerge(a.repoDir, a.commit, b.commit);

    expect(prediction.conflicts.map((c) => [c.path, c.kinds])).toEqual([['src/helpers.ts', ['content']]]);
    // bob's file is still src/util.ts: his line 27 is base line 25.
    expect(prediction.conflicts[0]!.regions).toEqual([{ ours: { start: 25, end: 25 }, theirs: { start: 27, end: 27 } }]);
  });

  it('gives an empty range to the side that deleted the lines the other side changed', async () => {
    const fleet = makeGitFleet({ 'a.txt': BASE });
    const alice = fleet.addWorktree('alice');
    const bob = fleet.addWorktree('bob');
    writeFiles(alice, { 'a.txt': replaceLines(BASE, 20, 22, []) });
    writeFiles(bob, { 'a.txt': replaceLines(BASE, 21, 21, ['bob 21']) });

    const [a, b] = await Promise.all([snapshotWorktree(alice), snapshotWorktree(bob)]);
    const prediction = await predictMerge(a.repoDir, a.commit, b.commit);

    // alice has nothing between her lines 19 and 20 (old 19 and 23); bob's conflicting lines are 20–22.
    expect(prediction.conflicts[0]!.regions).toEqual([{ ours: { start: 20, end: 19 }, theirs: { start: 20, end: 22 } }]);
  });

  it('finds a stale base: work merged into main since the agent started touches the same lines', async () => {
    const fleet = makeGitFleet({ 'src/db.ts': BASE });
    const alice = fleet.addWorktree('alice');
    writeFiles(alice, { 'src/db.ts': replaceLines(BASE, 8, 8, ['alice 8']) });
    writeFiles(fleet.repo, { 'src/db.ts': replaceLines(BASE, 8, 9, ['landed 8', 'landed 9']) });
    commitAll(fleet.repo, 'someone else landed a change');
    const before = agentGitState(alice);

    const target = (await targetBranch(alice))!;
    const snapshot = await snapshotWorktree(alice);
    const prediction = await predictMerge(snapshot.repoDir, target.commit, snapshot.commit);

    expect(target).toMatchObject({ name: 'main', ref: 'refs/heads/main', commit: gitIn(fleet.repo, 'rev-parse', 'main') });
    expect(prediction.conflicts.map((c) => c.path)).toEqual(['src/db.ts']);
    // main changed base lines 8–9, alice line 8: the region spans base 8–9 on both sides.
    expect(prediction.conflicts[0]!.regions).toEqual([{ ours: { start: 8, end: 9 }, theirs: { start: 8, end: 9 } }]);
    expect(linesOf(path.join(alice, 'src/db.ts'), { start: 8, end: 9 })).toEqual(['alice 8', 'line 9']);
    expect(agentGitState(alice)).toEqual(before);
  });

  it('predicts a batch in one go and reports a refused merge without losing the others', async () => {
    const fleet = makeGitFleet({ 'a.txt': BASE });
    const alice = fleet.addWorktree('alice');
    writeFiles(alice, { 'a.txt': replaceLines(BASE, 3, 3, ['alice 3']) });
    writeFiles(fleet.repo, { 'a.txt': replaceLines(BASE, 3, 3, ['main 3']) });
    const main = commitAll(fleet.repo, 'main changes line 3');
    gitIn(fleet.repo, 'checkout', '-q', '--orphan', 'unrelated');
    writeFiles(fleet.repo, { 'other.txt': 'x\n' });
    const unrelated = commitAll(fleet.repo, 'unrelated history');
    const snapshot = await snapshotWorktree(alice);

    const outcomes = await predictMerges(snapshot.repoDir, [
      { ours: main, theirs: snapshot.commit },
      { ours: snapshot.commit, theirs: unrelated },
      { ours: snapshot.commit, theirs: snapshot.commit },
    ]);

    expect(outcomes.map((o) => o.status)).toEqual(['predicted', 'failed', 'predicted']);
    expect(outcomes[0]).toMatchObject({ prediction: { clean: false, conflicts: [{ path: 'a.txt', regions: [{ ours: { start: 3, end: 3 }, theirs: { start: 3, end: 3 } }] }] } });
    expect(outcomes[1]).toMatchObject({ error: expect.stringContaining('unrelated histories') });
    expect(outcomes[2]).toMatchObject({ prediction: { clean: true } });
  });
});
