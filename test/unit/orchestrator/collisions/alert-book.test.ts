import { describe, expect, it } from 'vitest';

import type { Alert, AlertCandidate, AlertParty } from '../../../../orchestrator/collisions/alert.js';
import { createAlertBook, MAX_EVIDENCE_SPANS, type AlertChange } from '../../../../orchestrator/collisions/alert-book.js';
import { alertKey } from '../../../../orchestrator/collisions/alert-key.js';
import { T0 } from '../../../helpers/fleet-sessions.js';

const alice: AlertParty = { sessionId: 's-alice', agentId: 'a', agentName: 'alice', worktree: '/w/a', branch: undefined };
const bob: AlertParty = { sessionId: 's-bob', agentId: 'b', agentName: 'bob', worktree: '/w/b', branch: 'b' };

function candidate(overrides: Partial<AlertCandidate> = {}): AlertCandidate {
  return {
    kind: 'overlap',
    severity: 'warning',
    parties: [alice, bob],
    subject: 'src/db.ts',
    files: ['src/db.ts'],
    summary: 'alice and bob both changed src/db.ts',
    evidence: { files: [{ path: 'src/db.ts' }], spans: [] },
    ...overrides,
  };
}

/** A book and the changes it emitted, as `change:version` strings. */
function recordedBook(initial: readonly Alert[] = []) {
  const book = createAlertBook(initial);
  const changes: AlertChange[] = [];
  book.onChange((change) => changes.push(change));
  const log = () => changes.map(({ change, alert }) => `${change}:${alert.version}`);
  return { book, changes, log };
}

const everywhere = () => true;

describe('AlertBook', () => {
  it('opens a new alert with its id, first and last seen, version 1', () => {
    const { book, log } = recordedBook();

    const alert = book.upsert(candidate(), T0);

    expect(alert).toMatchObject({ id: alertKey(candidate()), kind: 'overlap', state: 'open', firstSeenMs: T0, lastSeenMs: T0, version: 1 });
    expect(alert.resolvedMs).toBeUndefined();
    expect(book.get(alert.id)).toBe(alert);
    expect(log()).toEqual(['opened:1']);
  });

  it('changes nothing and emits nothing when the same problem is seen again unchanged', () => {
    const { book, log } = recordedBook();
    const first = book.upsert(candidate(), T0);

    const again = book.upsert(candidate(), T0 + 5_000);

    expect(again).toBe(first);
    expect(log()).toEqual(['opened:1']);
  });

  it('treats an absent field and an undefined one as the same content (as after a round trip through JSON)', () => {
    const { book, log } = recordedBook();
    book.upsert(candidate({ evidence: { files: [{ path: 'src/db.ts', ranges: undefined }], spans: [] } }), T0);

    book.upsert(candidate(), T0 + 1);

    expect(log()).toEqual(['opened:1']);
  });

  it('updates one alert, not a new one, when evidence or severity changes', () => {
    const { book, log } = recordedBook();
    const first = book.upsert(candidate(), T0);

    const updated = book.upsert(candidate({ severity: 'critical', summary: 'worse' }), T0 + 5_000);

    expect(updated).toMatchObject({ id: first.id, severity: 'critical', summary: 'worse', firstSeenMs: T0, lastSeenMs: T0 + 5_000, version: 2 });
    expect(book.all()).toHaveLength(1);
    expect(log()).toEqual(['opened:1', 'updated:2']);
  });

  it('keeps only the newest evidence spans', () => {
    const { book } = recordedBook();
    const spans = Array.from({ length: MAX_EVIDENCE_SPANS + 5 }, (_, i) => ({ traceId: 't', spanId: `s${i}` }));

    const alert = book.upsert(candidate({ evidence: { files: [], spans } }), T0);

    expect(alert.evidence.spans).toEqual(spans.slice(5));
  });

  it('resolves alerts a detector no longer finds, with the reason, only within kind and scope', () => {
    const { book, log } = recordedBook();
    const kept = book.upsert(candidate({ subject: 'a.ts' }), T0);
    const gone = book.upsert(candidate({ subject: 'b.ts' }), T0);
    const outOfScope = book.upsert(candidate({ subject: 'c.ts', parties: [alice, { ...bob, sessionId: 's-carol' }] }), T0);
    const otherKind = book.upsert(candidate({ kind: 'intent', subject: 'b.ts' }), T0);

    const resolved = book.resolveMissing(
      'overlap',
      (alert) => alert.parties.some((party) => party.sessionId === 's-bob'),
      new Set([kept.id]),
      'worktree_removed',
      T0 + 9_000,
    );

    expect(resolved.map((alert) => alert.id)).toEqual([gone.id]);
    expect(book.get(gone.id)).toMatchObject({ state: 'resolved', resolution: 'worktree_removed', resolvedMs: T0 + 9_000, version: 2 });
    for (const untouched of [kept, outOfScope, otherKind]) expect(book.get(untouched.id)).toBe(untouched);
    expect(log().at(-1)).toBe('resolved:2');
  });

  it('asks a reason function for each alert it resolves', () => {
    const { book } = recordedBook();
    const a = book.upsert(candidate({ subject: 'a.ts' }), T0);
    const b = book.upsert(candidate({ subject: 'b.ts' }), T0);

    book.resolveMissing('overlap', everywhere, new Set(), (alert) => (alert.id === a.id ? 'merged' : 'reverted'), T0 + 1);

    expect(book.get(a.id)?.resolution).toBe('merged');
    expect(book.get(b.id)?.resolution).toBe('reverted');
  });

  it('reopens an automatically resolved alert when its problem comes back, keeping first seen', () => {
    const { book, log } = recordedBook();
    const first = book.upsert(candidate(), T0);
    book.resolveMissing('overlap', everywhere, new Set(), 'no_longer_overlapping', T0 + 1_000);

    const back = book.upsert(candidate(), T0 + 2_000);

    expect(back).toMatchObject({ id: first.id, state: 'open', firstSeenMs: T0, lastSeenMs: T0 + 2_000, version: 3 });
    expect(back.resolvedMs).toBeUndefined();
    expect(back.resolution).toBeUndefined();
    expect(log()).toEqual(['opened:1', 'resolved:2', 'reopened:3']);
  });

  it('keeps a manually resolved alert resolved while the detector sees it unchanged, and reopens it when it changes', () => {
    const { book, log } = recordedBook();
    const first = book.upsert(candidate(), T0);
    const resolved = book.resolve(first.id, 'human', T0 + 1_000);
    expect(resolved).toMatchObject({ state: 'resolved', resolution: 'manual', resolvedBy: 'human', resolvedMs: T0 + 1_000, version: 2 });

    book.upsert(candidate(), T0 + 2_000);
    expect(book.get(first.id)?.state).toBe('resolved');

    const reopened = book.upsert(candidate({ summary: 'bob edited it again' }), T0 + 3_000);
    expect(reopened).toMatchObject({ state: 'open', version: 3 });
    expect(reopened.resolvedBy).toBeUndefined();
    expect(log()).toEqual(['opened:1', 'resolved:2', 'reopened:3']);
  });

  it('acknowledges an open alert once; the acknowledgement survives updates until severity rises', () => {
    const { book, log } = recordedBook();
    const { id } = book.upsert(candidate({ severity: 'info' }), T0);

    expect(book.acknowledge(id, 'human')).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'human', version: 2 });
    expect(book.acknowledge(id, 'someone else')?.acknowledgedBy).toBe('human');
    expect(book.upsert(candidate({ severity: 'info', summary: 'more lines' }), T0 + 1)).toMatchObject({ state: 'acknowledged', version: 3 });

    const escalated = book.upsert(candidate({ severity: 'critical' }), T0 + 2);

    expect(escalated).toMatchObject({ state: 'open', version: 4 });
    expect(escalated.acknowledgedBy).toBeUndefined();
    expect(log()).toEqual(['opened:1', 'acknowledged:2', 'updated:3', 'updated:4']);
  });

  it('answers undefined for unknown ids and leaves resolved alerts alone', () => {
    const { book, log } = recordedBook();
    const { id } = book.upsert(candidate(), T0);
    book.resolve(id, 'human', T0 + 1);

    expect(book.acknowledge('nope', 'x')).toBeUndefined();
    expect(book.resolve('nope', 'x', T0)).toBeUndefined();
    expect(book.acknowledge(id, 'x')?.state).toBe('resolved');
    expect(book.resolve(id, 'y', T0 + 2)).toMatchObject({ resolvedBy: 'human', version: 2 });
    expect(log()).toEqual(['opened:1', 'resolved:2']);
  });

  it('reconciles one detector run: upserts what it found and resolves the rest of its kind', () => {
    const { book, log } = recordedBook();
    const on = (path: string) => candidate({ subject: path, files: [path] });
    book.upsert(on('a.ts'), T0);
    book.upsert(on('b.ts'), T0);

    book.reconcile('overlap', everywhere, [on('b.ts'), on('c.ts')], 'merged', T0 + 1);

    expect(book.all().map((alert) => [alert.files[0], alert.state, alert.resolution])).toEqual([
      ['a.ts', 'resolved', 'merged'],
      ['b.ts', 'open', undefined],
      ['c.ts', 'open', undefined],
    ]);
    expect(log()).toEqual(['opened:1', 'opened:1', 'opened:1', 'resolved:2']);
    expect(() => book.reconcile('intent', everywhere, [candidate()], 'merged', T0)).toThrow('reconcile(intent) was given a overlap candidate');
  });

  it('starts from stored alerts and continues their versions', () => {
    const { book: first } = recordedBook();
    const stored = first.upsert(candidate(), T0);
    const { book, log } = recordedBook([stored]);

    expect(book.upsert(candidate(), T0 + 1)).toBe(stored);
    expect(book.upsert(candidate({ summary: 'changed' }), T0 + 2).version).toBe(2);
    expect(log()).toEqual(['updated:2']);
  });

  it('stops calling a listener once it unsubscribed', () => {
    const book = createAlertBook();
    const seen: string[] = [];
    const unsubscribe = book.onChange(({ change }) => seen.push(change));
    book.upsert(candidate(), T0);

    unsubscribe();
    book.upsert(candidate({ summary: 'changed' }), T0 + 1);

    expect(seen).toEqual(['opened']);
  });
});
