import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { createFleetState, type FleetState } from '../../orchestrator/fleet/fleet-state.js';
import { createMergeTracker, type MergeTracker } from '../../orchestrator/fleet/merge-tracker.js';
import type { FleetChange } from '../../orchestrator/fleet/model.js';
import { createLogger } from '../../orchestrator/log.js';
import { ATTR_AGENTFLEET_FILE_OP, ATTR_AGENTFLEET_FILE_PATH, SPAN_FILE_EDIT } from '../../semconv/index.js';
import { feedSession, feedSpan, type FeedSession } from '../helpers/feed-items.js';
import { commitAll, makeGitFleet, writeFiles } from '../helpers/git-fleet.js';
import { gitIn, waitFor } from '../helpers/shim-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const T0 = 1_764_000_000_000;
let clock = T0;

function applyEdits(fleet: FleetState, session: FeedSession, ...paths: string[]): void {
  fleet.apply({
    signal: 'traces',
    spans: paths.map((path) => feedSpan(session, SPAN_FILE_EDIT, { startMs: clock++, attributes: { [ATTR_AGENTFLEET_FILE_PATH]: path, [ATTR_AGENTFLEET_FILE_OP]: 'modify' } })),
  });
}

function unmergedOf(fleet: FleetState, sessionId: string): string[] {
  return Object.values(fleet.session(sessionId)?.files ?? {})
    .filter((file) => file.unmerged)
    .map((file) => file.path);
}

function tracker(fleet: FleetState, warnings: string[] = [], debounceMs = 60_000): MergeTracker {
  const log = { ...createLogger('error'), warn: (message: string) => void warnings.push(message) };
  return createMergeTracker({ fleet, log, config: { mergeCheckDebounceMs: debounceMs, mergeCheckIntervalMs: 3_600_000, targetRef: undefined } });
}

describe('the merge tracker, on real git work trees', () => {
  it('keeps changes unmerged until git shows them merged or undone, and again after a new edit', async () => {
    const repo = makeGitFleet({ 'src/a.ts': 'a\n', 'src/b.ts': 'b\n' });
    const worktree = repo.addWorktree('alice');
    const alice = feedSession('run-alice', { agentName: 'alice', worktree, host: os.hostname() });
    const fleet = createFleetState();
    const merges = tracker(fleet);

    writeFiles(worktree, { 'src/a.ts': 'a by alice\n', 'src/new.ts': 'new\n' });
    applyEdits(fleet, alice, 'src/a.ts', 'src/new.ts');
    await merges.checkNow();
    expect(unmergedOf(fleet, 'run-alice')).toEqual(['src/a.ts', 'src/new.ts']);

    // Undone: a.ts is as on main again.
    writeFiles(worktree, { 'src/a.ts': 'a\n' });
    await merges.checkNow();
    expect(unmergedOf(fleet, 'run-alice')).toEqual(['src/new.ts']);

    // Merged: new.ts is on main.
    commitAll(worktree, 'alice adds new.ts');
    await merges.checkNow();
    expect(unmergedOf(fleet, 'run-alice')).toEqual(['src/new.ts']);
    gitIn(repo.repo, 'merge', '-q', '--no-edit', 'alice');
    await merges.checkNow();
    expect(unmergedOf(fleet, 'run-alice')).toEqual([]);
    expect(fleet.agents()[0]?.unmergedFiles).toEqual([]);

    // A new edit is unmerged work until the next check says otherwise.
    writeFiles(worktree, { 'src/new.ts': 'newer\n' });
    applyEdits(fleet, alice, 'src/new.ts');
    expect(unmergedOf(fleet, 'run-alice')).toEqual(['src/new.ts']);
    await merges.checkNow();
    expect(unmergedOf(fleet, 'run-alice')).toEqual(['src/new.ts']);
    await merges.shutdown();
  });

  it('drops a change undone to its base even after the target branch moved on, and keeps one whose base holds its own commit', async () => {
    const repo = makeGitFleet({ 'src/a.ts': 'a\n', 'src/b.ts': 'b\n' });
    const worktree = repo.addWorktree('alice');
    const alice = feedSession('run-alice', { agentName: 'alice', worktree, host: os.hostname() });
    // Work merged into main since alice started: her base's a.ts is no longer main's.
    writeFiles(repo.repo, { 'src/a.ts': 'a on main\n' });
    commitAll(repo.repo, 'someone else changes a.ts');
    const fleet = createFleetState();
    const merges = tracker(fleet);

    writeFiles(worktree, { 'src/b.ts': 'b by alice\n' });
    commitAll(worktree, 'alice changes b.ts');
    writeFiles(worktree, { 'src/a.ts': 'a by alice\n' });
    applyEdits(fleet, alice, 'src/a.ts', 'src/b.ts');
    await merges.checkNow();
    expect(unmergedOf(fleet, 'run-alice')).toEqual(['src/a.ts', 'src/b.ts']);

    // a.ts is restored to alice's base, which is not main's a.ts: undone all the same. b.ts is back at HEAD, her own commit: still hers.
    gitIn(worktree, 'checkout', '--', 'src/a.ts', 'src/b.ts');
    await merges.checkNow();
    expect(unmergedOf(fleet, 'run-alice')).toEqual(['src/b.ts']);
    await merges.shutdown();
  });

  it('forgets sessions whose work tree is gone, leaves other hosts alone and survives a work tree git cannot read', async () => {
    const repo = makeGitFleet({ 'x.ts': 'x\n' });
    const worktree = repo.addWorktree('bob');
    const notGit = tempDir();
    const bob = feedSession('run-bob', { agentName: 'bob', worktree, host: os.hostname() });
    const remote = feedSession('run-remote', { agentName: 'carol', worktree: '/nowhere/on/this/host', host: 'another-host' });
    const broken = feedSession('run-broken', { agentName: 'dan', worktree: notGit, host: os.hostname() });
    const fleet = createFleetState();
    const warnings: string[] = [];
    const merges = tracker(fleet, warnings);
    applyEdits(fleet, bob, 'x.ts');
    applyEdits(fleet, remote, 'x.ts');
    applyEdits(fleet, broken, 'x.ts');
    const changes: FleetChange[] = [];
    fleet.subscribe((change) => changes.push(change));

    gitIn(repo.repo, 'worktree', 'remove', '--force', worktree);
    await merges.checkNow();

    expect(changes).toEqual([{ type: 'session-removed', sessionId: 'run-bob' }]);
    expect(fleet.sessions().map((s) => s.id).sort()).toEqual(['run-broken', 'run-remote']);
    expect(unmergedOf(fleet, 'run-broken')).toEqual(['x.ts']);
    expect(warnings).toEqual([expect.stringContaining(`merge check of ${notGit}`)]);
    await merges.shutdown();
  });

  it('checks by itself once file changes settle', async () => {
    const repo = makeGitFleet({ 'y.ts': 'y\n' });
    const worktree = repo.addWorktree('erin');
    const erin = feedSession('run-erin', { agentName: 'erin', worktree, host: os.hostname() });
    const fleet = createFleetState();
    const merges = tracker(fleet, [], 20);
    merges.start();
    // Edited and undone before the check: nothing is unmerged.
    applyEdits(fleet, erin, 'y.ts');
    await waitFor('the debounced merge check', () => (unmergedOf(fleet, 'run-erin').length === 0 ? true : undefined));
    await merges.shutdown();
    await merges.shutdown();
  });

  it('checks by itself as soon as the target branch moves, then tells its listeners', async () => {
    const repo = makeGitFleet({ 'z.ts': 'z\n' });
    const worktree = repo.addWorktree('fay');
    const fay = feedSession('run-fay', { agentName: 'fay', worktree, host: os.hostname() });
    const fleet = createFleetState();
    // The interval is an hour, and the listeners hear only of moves: they can be told by the watch of main alone.
    const merges = tracker(fleet, [], 20);
    const unmergedWhenTold: string[][] = [];
    merges.onTargetMoved(() => unmergedWhenTold.push(unmergedOf(fleet, 'run-fay')));
    merges.start();
    writeFiles(worktree, { 'z.ts': 'z by fay\n' });
    applyEdits(fleet, fay, 'z.ts');
    // The first check places the watch on main.
    await merges.checkNow();
    expect(unmergedOf(fleet, 'run-fay')).toEqual(['z.ts']);

    commitAll(worktree, 'fay edits z');
    gitIn(repo.repo, 'merge', '-q', '--ff-only', 'fay');
    await waitFor('the listeners told of the move', () => (unmergedWhenTold.length > 0 ? true : undefined));
    expect(unmergedWhenTold[0]).toEqual([]);
    await merges.shutdown();
  });
});
