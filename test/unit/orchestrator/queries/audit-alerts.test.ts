import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../../orchestrator/collisions/alert.js';
import { alertMatches, auditAlertSource } from '../../../../orchestrator/queries/audit/audit-alerts.js';
import type { AuditFilter } from '../../../../orchestrator/queries/audit/audit-schema.js';

function alert(id: string, overrides: Partial<Alert> = {}): Alert {
  return {
    id,
    kind: 'overlap',
    severity: 'warning',
    state: 'open',
    parties: [
      { sessionId: 's-alice', agentId: 'agt_a', agentName: 'alice', worktree: '/wt/a', branch: undefined },
      { sessionId: 's-bob', agentId: 'agt_b', agentName: 'bob', worktree: '/wt/b', branch: undefined },
    ],
    files: ['src/a.ts'],
    summary: 'alice and bob both changed src/a.ts',
    evidence: { files: [{ path: 'src/a.ts' }], spans: [] },
    firstSeenMs: 100,
    lastSeenMs: 200,
    resolvedMs: undefined,
    resolution: undefined,
    acknowledgedBy: undefined,
    version: 1,
    ...overrides,
  };
}

const filter = (overrides: Partial<AuditFilter>): AuditFilter => ({ agent: null, session: null, file: null, sinceMs: null, untilMs: null, ...overrides });

describe('alerts of an audit', () => {
  it('are those naming the agent, the session or the file', () => {
    const a = alert('a');
    expect([filter({ agent: 'bob' }), filter({ session: 's-alice' }), filter({ file: 'src/a.ts' })].map((f) => alertMatches(a, f))).toEqual([true, true, true]);
    expect([filter({ agent: 'carol' }), filter({ session: 's-carol' }), filter({ file: 'src/b.ts' })].map((f) => alertMatches(a, f))).toEqual([false, false, false]);
  });

  it('that were alive in the window (until resolved, else last seen)', () => {
    const a = alert('a', { resolvedMs: 500, state: 'resolved' });
    expect(alertMatches(a, filter({ agent: 'alice', sinceMs: 400 }))).toBe(true);
    expect(alertMatches(a, filter({ agent: 'alice', sinceMs: 501 }))).toBe(false);
    expect(alertMatches(a, filter({ agent: 'alice', untilMs: 100 }))).toBe(false);
    expect(alertMatches(alert('b'), filter({ agent: 'alice', sinceMs: 201 }))).toBe(false);
  });

  it('come oldest first from a source over any list', async () => {
    const source = auditAlertSource(async () => [alert('late', { firstSeenMs: 150 }), alert('other', { files: ['x.ts'] }), alert('early')]);
    expect((await source(filter({ file: 'src/a.ts' }))).map((a) => a.id)).toEqual(['early', 'late']);
  });
});
