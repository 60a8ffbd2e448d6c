import { describe, expect, it } from 'vitest';
import { createHunkIndex, MAX_HUNKS_PER_CHANGE } from '../../orchestrator/collisions/hunk-index.js';
import type { CheckedWorktree } from '../../orchestrator/collisions/merge-conflicts.js';
import { mergeBase } from '../../orchestrator/git/merge-base.js';
import { snapshotWorktree } from '../../orchestrator/git/snapshot.js';
import { targetBranch } from '../../orchestrator/git/target-branch.js';
import { agentGitState, commitAll, makeGitFleet, numberedLines, replaceLines, writeFiles } from '../helpers/git-fleet.js';
import { session } from '../helpers/fleet-sessions.js';

/** A work tree as a git pass checks it, with one session (`s-<agent>`) that changed `paths`. */
async function checked(agent: string, worktree: string, paths: readonly string[]): Promise<CheckedWorktree> {
  const snapshot = await snapshotWorktree(worktree);
  const target = await targetBranch(worktree);
  const base = target === undefined ? undefined : await mergeBase(snapshot.repoDir, snapshot.commit, target.commit);
  return { sessions: [session(agent, { worktree, files: [...paths] })], snapshot, target, base };
}

describe('the hunk index, on real git work trees', () => {
  it("names a session's hunks from the merge base with its target to the work tree on disk, not against main's newer state", async () => {
    const notes = numberedLines(40);
    const fleet = makeGitFleet({ 'notes.txt': notes });
    const alice = fleet.addWorktree('alice');
    // main changes line 30 after alice started: no hunk of alice's.
    writeFiles(fleet.repo, { 'notes.txt': replaceLines(notes, 30, 30, ['main 30']) });
    commitAll(fleet.repo, 'main moves on');
    // alice commits lines 3–5 → 2 lines, and leaves line 20 changed uncommitted.
    const committed = replaceLines(notes, 3, 5, ['alice 3', 'alice 4']);
    writeFiles(alice, { 'notes.txt': committed });
    commitAll(alice, 'alice shortens 3-5');
    writeFiles(alice, { 'notes.txt': replaceLines(committed, 19, 19, ['alice 20']) });
    const before = agentGitState(alice);
    const index = createHunkIndex();

    expect(await index.update([await checked('alice', alice, ['notes.txt'])], new Set([alice]))).toEqual({ changed: true, errors: [] });
    expect(index.hunksOf('s-alice', 'notes.txt')).toEqual({
      hunks: [
        { oldStart: 3, oldLines: 3, newStart: 3, newLines: 2 },
        { oldStart: 20, oldLines: 1, newStart: 19, newLines: 1 },
      ],
      omitted: 0,
    });
    expect(index.hunksOf('s-bob', 'notes.txt')).toBeUndefined();
    expect(agentGitState(alice)).toEqual(before);

    // The same state again changes nothing; a pass whose snapshot of alice failed keeps her hunks; one without her forgets them.
    expect(await index.update([await checked('alice', alice, ['notes.txt'])], new Set([alice]))).toEqual({ changed: false, errors: [] });
    expect(await index.update([], new Set([alice]))).toEqual({ changed: false, errors: [] });
    expect(index.hunksOf('s-alice', 'notes.txt')?.hunks).toHaveLength(2);
    expect(await index.update([], new Set())).toEqual({ changed: true, errors: [] });
    expect(index.hunksOf('s-alice', 'notes.txt')).toBeUndefined();
  });

  it(`keeps at most ${MAX_HUNKS_PER_CHANGE} hunks of a file and counts the rest; a binary file has none`, async () => {
    const fleet = makeGitFleet({ 'many.txt': numberedLines(40), 'logo.bin': 'v1\0' });
    const carol = fleet.addWorktree('carol');
    // Every third line of 1..37: 13 separate hunks.
    const lines = numberedLines(40).split('\n').map((line, i) => (i % 3 === 0 && i < 37 ? `carol ${i + 1}` : line));
    writeFiles(carol, { 'many.txt': lines.join('\n'), 'logo.bin': 'v2\0' });
    const index = createHunkIndex();

    await index.update([await checked('carol', carol, ['many.txt', 'logo.bin'])], new Set([carol]));

    const many = index.hunksOf('s-carol', 'many.txt')!;
    expect(many.hunks).toHaveLength(MAX_HUNKS_PER_CHANGE);
    expect(many.hunks[0]).toEqual({ oldStart: 1, oldLines: 1, newStart: 1, newLines: 1 });
    expect(many.hunks.at(-1)).toEqual({ oldStart: 28, oldLines: 1, newStart: 28, newLines: 1 });
    expect(many.omitted).toBe(13 - MAX_HUNKS_PER_CHANGE);
    expect(index.hunksOf('s-carol', 'logo.bin')).toEqual({ hunks: [], omitted: 0 });
  });
});
