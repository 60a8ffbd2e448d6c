import { describe, expect, it } from 'vitest';
import { mergeConflictCandidates, type CheckedWorktree } from '../../../../orchestrator/collisions/merge-conflicts.js';
import type { Session } from '../../../../orchestrator/fleet/model.js';
import type { ConflictedFile, MergeOutcome } from '../../../../orchestrator/git/merge-prediction.js';
import type { FleetMergeChecks } from '../../../../orchestrator/git/pair-checks.js';
import type { TargetBranch } from '../../../../orchestrator/git/target-branch.js';
import { fileChange, session, T0 } from '../../../helpers/fleet-sessions.js';

const MAIN: TargetBranch = { name: 'main', ref: 'refs/heads/main', commit: 'c-main' };

function checked(worktree: string, sessions: readonly Session[], target: TargetBranch | undefined = MAIN): CheckedWorktree {
  return { sessions, target, base: undefined, snapshot: { repoDir: '/repo/.git', worktree, head: 'c-head', branch: undefined, tree: `t-${worktree}`, commit: `c-${worktree}` } };
}

function conflicted(path: string, overrides: Partial<ConflictedFile> = {}): ConflictedFile {
  return { path, kinds: ['content'], regions: [{ ours: { start: 3, end: 5 }, theirs: { start: 3, end: 6 } }], messages: [], ...overrides };
}

function predicted(...conflicts: ConflictedFile[]): MergeOutcome {
  return { status: 'predicted', prediction: { ours: 'o', theirs: 't', clean: conflicts.length === 0, tree: 'merged', conflicts } };
}

describe('mergeConflictCandidates', () => {
  it("raises a critical alert per conflicting file of a pair, with both sides' line ranges, edit spans and snapshots, in the order of the merge", () => {
    const alice = session('alice', { files: [fileChange('src/db.ts', { linesAdded: 3, linesRemoved: 3 })] });
    const bob = session('bob', { files: ['src/db.ts'] });
    const checks: FleetMergeChecks = { pairs: [{ a: '/w/alice', b: '/w/bob', outcome: predicted(conflicted('src/db.ts')) }], targets: [] };

    expect(mergeConflictCandidates(checks, [checked('/w/alice', [alice]), checked('/w/bob', [bob])])).toEqual([
      {
        kind: 'merge_conflict',
        severity: 'critical',
        parties: [expect.objectContaining({ sessionId: 's-alice' }), expect.objectContaining({ sessionId: 's-bob' })],
        subject: 'src/db.ts',
        files: ['src/db.ts'],
        summary: "alice and bob would conflict merging src/db.ts: alice's lines 3–5 vs bob's lines 3–6",
        evidence: {
          files: [
            {
              path: 'src/db.ts',
              ranges: [[{ start: 3, end: 5 }], [{ start: 3, end: 6 }]],
              changes: [
                { sessionId: 's-alice', linesAdded: 3, linesRemoved: 3, edits: 1, lastEditMs: T0 + 2_000 },
                { sessionId: 's-bob', linesAdded: 10, linesRemoved: 2, edits: 1, lastEditMs: T0 + 2_000 },
              ],
            },
          ],
          spans: [
            { traceId: 'trace-alice', spanId: 'edit-src/db.ts' },
            { traceId: 'trace-bob', spanId: 'edit-src/db.ts' },
          ],
          commits: ['c-/w/alice', 'c-/w/bob'],
        },
      },
    ]);
  });

  it('splits a work tree shared by several sessions by who changed the conflicting file', () => {
    const alice = session('alice', { worktree: '/w/shared', files: ['src/a.ts'] });
    const carol = session('carol', { worktree: '/w/shared', files: ['src/b.ts'], lastActivityMs: T0 + 9_000 });
    const bob = session('bob', { files: ['src/a.ts', 'src/b.ts'] });
    const checks: FleetMergeChecks = { pairs: [{ a: '/w/bob', b: '/w/shared', outcome: predicted(conflicted('src/a.ts'), conflicted('src/b.ts'), conflicted('src/renamed.ts')) }], targets: [] };

    const pairs = mergeConflictCandidates(checks, [checked('/w/bob', [bob]), checked('/w/shared', [alice, carol])]).map((c) => [c.subject, c.parties.map((p) => p.agentName)]);

    // renamed.ts was changed by nobody by that name: the shared work tree's most recently active session stands for it.
    expect(pairs).toEqual([
      ['src/a.ts', ['bob', 'alice']],
      ['src/b.ts', ['bob', 'carol']],
      ['src/renamed.ts', ['bob', 'carol']],
    ]);
  });

  it('names the target branch as the second party of a stale base, the session first with its own lines', () => {
    const alice = session('alice', { files: ['src/db.ts'] });
    const checks: FleetMergeChecks = {
      pairs: [],
      targets: [{ worktree: '/w/alice', target: MAIN, outcome: predicted(conflicted('src/db.ts', { regions: [{ ours: { start: 8, end: 9 }, theirs: { start: 8, end: 7 } }] })) }],
    };

    const [candidate, ...rest] = mergeConflictCandidates(checks, [checked('/w/alice', [alice])]);

    expect(rest).toEqual([]);
    expect(candidate!.parties).toEqual([expect.objectContaining({ sessionId: 's-alice' }), { sessionId: '', agentId: '', agentName: 'main', worktree: '', branch: 'main' }]);
    expect(candidate!.evidence.files[0]!.ranges).toEqual([[{ start: 8, end: 7 }], [{ start: 8, end: 9 }]]);
    expect(candidate!.evidence.commits).toEqual(['c-/w/alice', 'c-main']);
    expect(candidate!.evidence.spans).toEqual([{ traceId: 'trace-alice', spanId: 'edit-src/db.ts' }]);
    expect(candidate!.summary).toBe("alice's changes to src/db.ts would conflict with main, which changed it since alice's base: alice's lines deleted before line 8 vs main's lines 8–9");
  });

  it('names conflicts that are not about lines by their kind, and skips failed merges and sessions that cannot collide', () => {
    const alice = session('alice', { files: ['a.ts', 'b.bin'] });
    const bob = session('bob', { files: ['a.ts', 'b.bin'] });
    const otherFleet = session('dan', { files: ['a.ts'], fleetId: 'elsewhere' });
    const checks: FleetMergeChecks = {
      pairs: [
        { a: '/w/alice', b: '/w/bob', outcome: predicted(conflicted('b.bin', { kinds: ['binary'], regions: [] })) },
        { a: '/w/alice', b: '/w/dan', outcome: predicted(conflicted('a.ts')) },
        { a: '/w/bob', b: '/w/dan', outcome: { status: 'failed', ours: 'x', theirs: 'y', error: 'refusing to merge unrelated histories' } },
      ],
      targets: [],
    };

    const candidates = mergeConflictCandidates(checks, [checked('/w/alice', [alice]), checked('/w/bob', [bob]), checked('/w/dan', [otherFleet])]);

    expect(candidates.map((c) => c.summary)).toEqual(['alice and bob would conflict merging b.bin (binary)']);
    expect(candidates[0]!.evidence.files[0]).not.toHaveProperty('ranges');
  });
});
