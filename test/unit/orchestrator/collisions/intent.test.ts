import { describe, expect, it } from 'vitest';

import { createAlertBook } from '../../../../orchestrator/collisions/alert-book.js';
import { createGatePolicy, parseGatePolicy } from '../../../../orchestrator/collisions/gate-policy.js';
import type { AlertCandidate } from '../../../../orchestrator/collisions/alert.js';
import type { ChangeHunks, HunkLookup } from '../../../../orchestrator/collisions/hunk-index.js';
import { evaluateIntent, recheckIntents } from '../../../../orchestrator/collisions/intent.js';
import { fileChange, session, T0 } from '../../../helpers/fleet-sessions.js';

const policy = (json: unknown = {}) => createGatePolicy(parseGatePolicy(json));

describe('evaluateIntent', () => {
  const alice = session('alice');
  const bob = session('bob', { files: [fileChange('src/db.ts', { linesAdded: 12, linesRemoved: 3, edits: 2 })] });

  it('denies an edit of a file another agent changed and has not merged, saying whose work, where, and what to do', () => {
    const result = evaluateIntent({ sessionId: 's-alice', paths: ['src/db.ts'] }, [alice, bob], policy({ mode: 'deny' }));

    expect(result.decision).toBe('deny');
    expect(result.reason).toBe(
      'agentfleet refused this edit: src/db.ts has unmerged changes by bob (+12 −3 lines in 2 edits; branch agentfleet/bob, work tree /w/bob). ' +
        'Coordinate with bob, or edit src/db.ts after agentfleet/bob is merged. Details: agentfleet audit --file src/db.ts',
    );
    expect(result.alerts).toEqual([
      {
        kind: 'intent',
        severity: 'warning',
        parties: [
          { sessionId: 's-alice', agentId: alice.agentId, agentName: 'alice', worktree: '/w/alice', branch: 'agentfleet/alice' },
          { sessionId: 's-bob', agentId: bob.agentId, agentName: 'bob', worktree: '/w/bob', branch: 'agentfleet/bob' },
        ],
        subject: 'src/db.ts',
        files: ['src/db.ts'],
        summary: 'alice is about to edit src/db.ts, which bob changed on agentfleet/bob and has not merged (+12 −3)',
        evidence: {
          files: [{ path: 'src/db.ts', changes: [{ sessionId: 's-bob', linesAdded: 12, linesRemoved: 3, edits: 2, lastEditMs: T0 + 2_000 }] }],
          spans: [{ traceId: 'trace-bob', spanId: 'edit-src/db.ts' }],
        },
      },
    ]);
  });

  it('asks under ask, and allows with a warning and an alert under the default warn', () => {
    const asked = evaluateIntent({ sessionId: 's-alice', paths: ['src/db.ts'] }, [alice, bob], policy({ mode: 'ask' }));
    const warned = evaluateIntent({ sessionId: 's-alice', paths: ['src/db.ts'] }, [alice, bob], policy());

    expect(asked.decision).toBe('ask');
    expect(asked.reason).toMatch(/^agentfleet asks before this edit: src\/db\.ts has unmerged changes by bob /);
    expect(warned.decision).toBe('allow');
    expect(warned.reason).toMatch(/^agentfleet warning: src\/db\.ts has unmerged changes by bob /);
    expect(warned.alerts).toHaveLength(1);
    // Under warn no edit can be held: the shim need not wait for this answer.
    expect([asked.holdsEdits, warned.holdsEdits]).toEqual([true, false]);
  });

  it('allows without alert what nobody else changed, what is merged, and what the policy turns off', () => {
    const merged = session('carol', { files: [fileChange('src/api.ts', { unmerged: false })] });
    const sessions = [alice, bob, merged];
    const strict = policy({ mode: 'deny', paths: [{ glob: 'src/db.ts', mode: 'off' }] });

    for (const paths of [['README.md'], ['src/api.ts'], ['src/db.ts']]) {
      const result = evaluateIntent({ sessionId: 's-alice', paths }, sessions, strict);
      expect(result).toEqual({ decision: 'allow', reason: 'agentfleet: no other session has unmerged changes to these files', alerts: [], holdsEdits: true });
    }
  });

  it("decides by the requester's agent and path, strictest collision first", () => {
    const carol = session('carol', { files: ['src/api.ts'] });
    const rules = policy({ mode: 'warn', paths: [{ glob: 'src/api.ts', mode: 'deny' }] });

    const result = evaluateIntent({ sessionId: 's-alice', paths: ['src/db.ts', 'src/api.ts'] }, [alice, bob, carol], rules);

    expect(result.decision).toBe('deny');
    expect(result.reason).toMatch(/^agentfleet refused this edit: src\/api\.ts has unmerged changes by carol .*; src\/db\.ts has unmerged changes by bob /);
    expect(result.reason).toContain('Coordinate with carol and bob, or edit these files after their work is merged. Details: agentfleet audit --file src/api.ts');
    expect(result.alerts.map((a) => a.subject)).toEqual(['src/api.ts', 'src/db.ts']);
  });

  it('gates but raises no intent alert for a file the requester changed already (that is an overlap)', () => {
    const aliceEditing = session('alice', { files: ['src/db.ts'] });

    const result = evaluateIntent({ sessionId: 's-alice', paths: ['src/db.ts'] }, [aliceEditing, bob], policy({ mode: 'deny' }));

    expect(result.decision).toBe('deny');
    expect(result.alerts).toEqual([]);
  });

  it('is critical and says so when the other agent works in the same work tree', () => {
    const shared = session('alice', { worktree: '/w/bob' });

    const result = evaluateIntent({ sessionId: 's-alice', paths: ['src/db.ts'] }, [shared, bob], policy({ mode: 'ask' }));

    expect(result.alerts[0]?.severity).toBe('critical');
    expect(result.alerts[0]?.summary).toBe('alice is about to edit src/db.ts, which bob changed in the same work tree and has not merged (+12 −3)');
    expect(result.reason).toContain('(+12 −3 lines in 2 edits; branch agentfleet/bob, this same work tree)');
  });

  it('names at most three collisions, quotes odd paths for the shell, and falls back to the agent when no branch is known', () => {
    const others = ['b', 'c', 'd', 'e'].map((name) => session(name, { branch: undefined, files: ["docs/it's here.md"] }));

    const result = evaluateIntent({ sessionId: 's-alice', paths: ["docs/it's here.md"] }, [alice, ...others], policy({ mode: 'deny' }));

    expect(result.reason).toContain('; and 1 more.');
    expect(result.reason).toContain("(+10 −2 lines in 1 edit; work tree /w/b)");
    expect(result.reason).toMatch(/Details: agentfleet audit --file 'docs\/it'\\''s here\.md'$/);
    const single = evaluateIntent({ sessionId: 's-alice', paths: ["docs/it's here.md"] }, [alice, others[0]!], policy({ mode: 'deny' }));
    expect(single.reason).toContain("Coordinate with b, or edit docs/it's here.md after b's work is merged.");
  });

  it('fails open for a session the fleet does not know yet', () => {
    const result = evaluateIntent({ sessionId: 's-new', paths: ['src/db.ts'] }, [alice, bob], policy({ mode: 'deny' }));

    expect(result).toEqual({ decision: 'allow', reason: 'agentfleet: session s-new is not known yet; edit not checked', alerts: [], holdsEdits: true });
  });
});

describe('recheckIntents', () => {
  const alice = session('alice');
  const bob = session('bob', { files: ['src/db.ts'] });

  function openIntent() {
    const book = createAlertBook();
    const [candidate] = evaluateIntent({ sessionId: 's-alice', paths: ['src/db.ts'] }, [alice, bob], createGatePolicy()).alerts;
    book.upsert(candidate!, T0);
    return book;
  }

  it('re-detects an intent whose problem is still there, unchanged, so reconciling changes nothing', () => {
    const book = openIntent();
    const changes: string[] = [];
    book.onChange(({ change }) => changes.push(change));

    book.reconcile('intent', () => true, recheckIntents(book.all(), [alice, bob]), 'no_longer_overlapping', T0 + 1);

    expect(changes).toEqual([]);
  });

  it('drops an intent once the other side merged, the requester made the edit, or a session is gone', () => {
    const book = openIntent();
    const alerts = book.all();

    expect(recheckIntents(alerts, [alice, session('bob', { files: [fileChange('src/db.ts', { unmerged: false })] })])).toEqual([]);
    expect(recheckIntents(alerts, [session('alice', { files: ['src/db.ts'] }), bob])).toEqual([]);
    expect(recheckIntents(alerts, [alice])).toEqual([]);
  });

  it('updates the evidence when the other side keeps editing', () => {
    const book = openIntent();

    const [candidate] = recheckIntents(book.all(), [alice, session('bob', { files: [fileChange('src/db.ts', { linesAdded: 40 })] })]);

    expect(candidate?.summary).toBe('alice is about to edit src/db.ts, which bob changed on agentfleet/bob and has not merged (+40 −2)');
  });

  it("cites the other side's hunks known at the time of the intent, and the hunks a later git pass read when re-checked", () => {
    const hunks = new Map<string, ChangeHunks>();
    const hunksOf: HunkLookup = (sessionId, path) => hunks.get(`${sessionId} ${path}`);
    const changesOf = (candidate: AlertCandidate | undefined) => candidate?.evidence.files[0]?.changes;

    const counts = { sessionId: 's-bob', linesAdded: 10, linesRemoved: 2, edits: 1, lastEditMs: T0 + 2_000 };

    const [unknown] = evaluateIntent({ sessionId: 's-alice', paths: ['src/db.ts'] }, [alice, bob], policy(), hunksOf).alerts;
    expect(changesOf(unknown)).toEqual([counts]);

    hunks.set('s-bob src/db.ts', { hunks: [{ oldStart: 4, oldLines: 0, newStart: 5, newLines: 12 }], omitted: 0 });
    const book = createAlertBook();
    book.upsert(unknown!, T0);
    const [rechecked] = recheckIntents(book.all(), [alice, bob], hunksOf);
    expect(changesOf(rechecked)).toEqual([{ ...counts, hunks: [{ oldStart: 4, oldLines: 0, newStart: 5, newLines: 12 }] }]);
    expect(changesOf(evaluateIntent({ sessionId: 's-alice', paths: ['src/db.ts'] }, [alice, bob], policy(), hunksOf).alerts[0])).toEqual(changesOf(rechecked));
  });
});
