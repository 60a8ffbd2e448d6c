import { afterEach, describe, expect, it } from 'vitest';
import { createRefWatcher, type MovedRef, type RefWatcher } from '../../../orchestrator/git/ref-watch.js';
import { agentGitState, commitAll, makeGitFleet, writeFiles } from '../../helpers/git-fleet.js';
import { gitIn, waitFor } from '../../helpers/shim-cli.js';

/**
 * Ref watches on real repositories. A newly watched ref is read once at
 * once; the tests wait for that read (given a head the ref no longer has, it
 * reports the ref's current head) before moving anything, so every later
 * move can only have come from a file event.
 */

/** A head the ref never had: the first read reports the real one. */
const UNSEEN = '0'.repeat(40);

let watcher: RefWatcher | undefined;
afterEach(async () => {
  await watcher?.close();
  watcher = undefined;
});

function watching(): { watcher: RefWatcher; moves: MovedRef[]; errors: unknown[] } {
  const moves: MovedRef[] = [];
  const errors: unknown[] = [];
  watcher = createRefWatcher({ settleMs: 20, onMove: (moved) => moves.push(...moved), onError: (error) => errors.push(error) });
  return { watcher, moves, errors };
}

/** Waits until `moves` has reported `ref` at `commit`. */
function moveTo(moves: readonly MovedRef[], ref: string, commit: string): Promise<MovedRef> {
  return waitFor(`${ref} reported at ${commit}`, () => moves.find((m) => m.ref === ref && m.commit === commit));
}

describe('createRefWatcher', () => {
  it("reports a merge into main made in another work tree, not the agent's own commits, and still after the refs were packed", async () => {
    const fleet = makeGitFleet({ 'a.ts': 'a\n' });
    const alice = fleet.addWorktree('alice');
    const { watcher, moves, errors } = watching();
    const before = agentGitState(alice);
    const start = gitIn(fleet.repo, 'rev-parse', 'main');
    await watcher.watch([{ worktree: alice, ref: 'refs/heads/main', commit: UNSEEN }]);
    await moveTo(moves, 'refs/heads/main', start);
    expect(agentGitState(alice)).toEqual(before);

    writeFiles(alice, { 'a.ts': 'a by alice\n' });
    commitAll(alice, 'alice edits a');
    gitIn(fleet.repo, 'merge', '-q', '--ff-only', 'alice');
    const merged = await moveTo(moves, 'refs/heads/main', gitIn(fleet.repo, 'rev-parse', 'main'));
    expect(merged.repoDir).toBe(gitIn(alice, 'rev-parse', '--path-format=absolute', '--git-common-dir'));

    // Packing moves main's head into packed-refs and deletes the loose file: not a move. The next commit writes a loose file again.
    gitIn(fleet.repo, 'pack-refs', '--all', '--prune');
    writeFiles(fleet.repo, { 'b.ts': 'b\n' });
    const next = commitAll(fleet.repo, 'main moves on');
    await moveTo(moves, 'refs/heads/main', next);
    expect(moves.map((m) => [m.ref, m.commit])).toEqual([
      ['refs/heads/main', start],
      ['refs/heads/main', merged.commit],
      ['refs/heads/main', next],
    ]);
    expect(errors).toEqual([]);
  });

  it('watches a ref that lives only in packed-refs from the nearest directory there is, and sees its first loose file', async () => {
    const fleet = makeGitFleet({ 'a.ts': 'a\n' });
    const start = gitIn(fleet.repo, 'rev-parse', 'main');
    gitIn(fleet.repo, 'update-ref', 'refs/remotes/origin/main', start);
    // Packed and pruned: refs/remotes/origin/ is gone, as after a clone.
    gitIn(fleet.repo, 'pack-refs', '--all', '--prune');
    const { watcher, moves } = watching();
    await watcher.watch([{ worktree: fleet.repo, ref: 'refs/remotes/origin/main', commit: UNSEEN }]);
    await moveTo(moves, 'refs/remotes/origin/main', start);

    writeFiles(fleet.repo, { 'b.ts': 'b\n' });
    const fetched = commitAll(fleet.repo, 'as if fetched');
    gitIn(fleet.repo, 'update-ref', 'refs/remotes/origin/main', fetched);
    await moveTo(moves, 'refs/remotes/origin/main', fetched);
  });

  it('reports a head that moved before the watch began, without waiting for a file event', async () => {
    const fleet = makeGitFleet({ 'a.ts': 'a\n' });
    const seen = gitIn(fleet.repo, 'rev-parse', 'main');
    writeFiles(fleet.repo, { 'b.ts': 'b\n' });
    const now = commitAll(fleet.repo, 'moved meanwhile');
    const { watcher, moves } = watching();
    await watcher.watch([{ worktree: fleet.repo, ref: 'refs/heads/main', commit: seen }]);
    await moveTo(moves, 'refs/heads/main', now);
  });
});
