import { describe, expect, it } from 'vitest';

import type { HunkLookup } from '../../../../orchestrator/collisions/hunk-index.js';
import { detectOverlaps } from '../../../../orchestrator/collisions/overlap.js';
import { fileChange, session, T0 } from '../../../helpers/fleet-sessions.js';

describe('detectOverlaps', () => {
  it("raises one warning per pair of agents with unmerged changes to the same file, with both line counts and both sides' edit spans, the latest last", () => {
    const alice = session('alice', { files: [fileChange('src/db.ts', { linesAdded: 12, linesRemoved: 3, edits: 2, lastEditMs: T0 + 3_000, spanIds: ['a-1', 'a-2'] }), 'README.md'] });
    const bob = session('bob', { files: [fileChange('src/db.ts', { linesAdded: 4, linesRemoved: 0 })] });

    const [overlap, ...rest] = detectOverlaps([bob, alice]);

    expect(rest).toEqual([]);
    expect(overlap).toEqual({
      kind: 'overlap',
      severity: 'warning',
      parties: [
        { sessionId: 's-alice', agentId: alice.agentId, agentName: 'alice', worktree: '/w/alice', branch: 'agentfleet/alice' },
        { sessionId: 's-bob', agentId: bob.agentId, agentName: 'bob', worktree: '/w/bob', branch: 'agentfleet/bob' },
      ],
      subject: 'src/db.ts',
      files: ['src/db.ts'],
      summary: 'alice and bob both changed src/db.ts, unmerged (alice +12 −3, bob +4 −0)',
      evidence: {
        files: [
          {
            path: 'src/db.ts',
            changes: [
              { sessionId: 's-alice', linesAdded: 12, linesRemoved: 3, edits: 2, lastEditMs: T0 + 3_000 },
              { sessionId: 's-bob', linesAdded: 4, linesRemoved: 0, edits: 1, lastEditMs: T0 + 2_000 },
            ],
          },
        ],
        spans: [
          { traceId: 'trace-bob', spanId: 'edit-src/db.ts' },
          { traceId: 'trace-alice', spanId: 'a-1' },
          { traceId: 'trace-alice', spanId: 'a-2' },
        ],
      },
    });
  });

  it('lists the parties in the same order whichever order the sessions come in', () => {
    const sessions = [session('bob', { files: ['a.ts'] }), session('alice', { files: ['a.ts'] })];

    expect(detectOverlaps(sessions)).toEqual(detectOverlaps([...sessions].reverse()));
  });

  it('is critical for two agents sharing one work tree, and names it', () => {
    const alice = session('alice', { worktree: '/w/shared', files: ['a.ts'] });
    const bob = session('bob', { worktree: '/w/shared', files: ['a.ts'] });

    const [overlap] = detectOverlaps([alice, bob]);

    expect(overlap?.severity).toBe('critical');
    expect(overlap?.summary).toBe('alice and bob both changed a.ts in the same work tree /w/shared, unmerged (alice +10 −2, bob +10 −2)');
  });

  it('raises one alert per pair when three agents changed a file', () => {
    const sessions = ['alice', 'bob', 'carol'].map((name) => session(name, { files: ['a.ts'] }));

    const pairs = detectOverlaps(sessions).map((c) => c.parties.map((p) => p.agentName).join('+'));

    expect(pairs).toEqual(['alice+bob', 'alice+carol', 'bob+carol']);
  });

  it('ignores merged (or undone) changes, and an agent overlapping only itself', () => {
    const alice = session('alice', { files: ['a.ts', fileChange('b.ts', { unmerged: false })] });
    const bob = session('bob', { files: ['b.ts'] });

    expect(detectOverlaps([alice, bob])).toEqual([]);
  });

  it("keeps an ended session's unmerged work colliding", () => {
    const alice = session('alice', { status: 'done', endedMs: T0 + 3_000, exitCode: 0, files: ['a.ts'] });
    const bob = session('bob', { startedMs: T0 + 60_000, files: ['a.ts'] });

    expect(detectOverlaps([alice, bob])).toHaveLength(1);
  });

  it('tells one agent continuing its work in a later session from two concurrent sessions of one agent', () => {
    const earlier = session('alice', { id: 's-1', endedMs: T0 + 3_000, status: 'done', files: ['a.ts'] });
    const later = session('alice', { id: 's-2', startedMs: T0 + 4_000, files: ['a.ts'] });
    const concurrent = session('alice', { id: 's-3', startedMs: T0 + 1_000, files: ['b.ts'] });
    const alsoConcurrent = session('alice', { id: 's-4', startedMs: T0 + 2_000, files: ['b.ts'] });

    const found = detectOverlaps([earlier, later, concurrent, alsoConcurrent]);

    expect(found.map((c) => [c.subject, c.parties.map((p) => p.sessionId)])).toEqual([['b.ts', ['s-3', 's-4']]]);
    expect(found[0]?.summary).toBe(
      'alice (session s-3) and alice (session s-4) both changed b.ts in the same work tree /w/alice, unmerged (alice (session s-3) +10 −2, alice (session s-4) +10 −2)',
    );
  });

  it('leaves sessions of other fleets and of other repositories alone', () => {
    const alice = session('alice', { repository: 'https://git.example/app.git', files: ['a.ts'] });
    const otherRepo = session('bob', { repository: 'https://git.example/lib.git', files: ['a.ts'] });
    const otherFleet = session('carol', { fleetId: 'nightly', files: ['a.ts'] });
    const unknownRepo = session('dave', { files: ['a.ts'] });

    const pairs = detectOverlaps([alice, otherRepo, otherFleet, unknownRepo]).map((c) => c.parties.map((p) => p.agentName).join('+'));

    expect(pairs).toEqual(['alice+dave', 'bob+dave']);
  });

  it("cites each side's hunks where git has them, with how many were left out", () => {
    const sessions = [session('alice', { files: ['src/db.ts'] }), session('bob', { files: ['src/db.ts'] })];
    const hunk = { oldStart: 10, oldLines: 2, newStart: 10, newLines: 3 };
    // Git has read alice's work tree only (bob's: not yet, or another host's).
    const hunksOf: HunkLookup = (sessionId, path) => (sessionId === 's-alice' && path === 'src/db.ts' ? { hunks: [hunk], omitted: 4 } : undefined);

    const [overlap] = detectOverlaps(sessions, hunksOf);

    expect(overlap?.evidence.files[0]?.changes).toEqual([
      { sessionId: 's-alice', linesAdded: 10, linesRemoved: 2, edits: 1, lastEditMs: T0 + 2_000, hunks: [hunk], hunksOmitted: 4 },
      { sessionId: 's-bob', linesAdded: 10, linesRemoved: 2, edits: 1, lastEditMs: T0 + 2_000 },
    ]);
    expect(overlap?.summary).toBe(detectOverlaps(sessions)[0]?.summary);
  });
});
