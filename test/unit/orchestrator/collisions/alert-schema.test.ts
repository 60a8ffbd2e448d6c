import { describe, expect, it } from 'vitest';
import { alertSchema } from '../../../../orchestrator/collisions/alert-schema.js';
import type { Alert } from '../../../../orchestrator/collisions/alert.js';
import { strictSchema } from '../../../helpers/strict-schema.js';

/** Every field of `Alert` set (Required<>: a field added to the type must be added here, or this does not compile). */
const complete: Required<Alert> = {
  id: 'al_1',
  kind: 'merge_conflict',
  severity: 'critical',
  state: 'resolved',
  parties: [
    { sessionId: 's1', agentId: 'agt_1', agentName: 'alice', worktree: '/wt/a', branch: 'agentfleet/alice' },
    { sessionId: '', agentId: '', agentName: 'main', worktree: '/repo', branch: undefined },
  ],
  files: ['src/db.ts'],
  summary: 'alice and main both changed src/db.ts (lines 10–24 conflict)',
  evidence: {
    files: [{ path: 'src/db.ts', ranges: [[{ start: 10, end: 24 }], [{ start: 12, end: 20 }]], changes: [{ sessionId: 's1', linesAdded: 3, linesRemoved: 1, edits: 2, lastEditMs: 5, hunks: [{ oldStart: 10, oldLines: 2, newStart: 10, newLines: 3 }], hunksOmitted: 4 }] }],
    symbols: [{ path: 'src/db.ts', symbol: 'connect', symbolKind: 'function', usedIn: ['src/app.ts'], change: 'signature', lines: { start: 3, end: 9 }, renamedTo: 'open' }],
    assumption: { id: 'span1', text: 'connect keeps its signature', subject: 'src/db.ts#connect' },
    spans: [{ traceId: 't1', spanId: 'p1' }],
    commits: ['abc', 'def'],
  },
  firstSeenMs: 1,
  lastSeenMs: 2,
  resolvedMs: 3,
  resolution: 'merged',
  acknowledgedBy: 'me',
  resolvedBy: 'me',
  version: 4,
};

describe('alertSchema', () => {
  it('accepts a complete Alert as JSON sends it, every field known', () => {
    const json: unknown = JSON.parse(JSON.stringify(complete));
    const parsed = strictSchema(alertSchema).safeParse(json);
    expect(parsed.success, parsed.error?.message).toBe(true);
  });

  it('refuses an alert of an unknown kind', () => {
    expect(alertSchema.safeParse({ ...complete, kind: 'gremlins' }).success).toBe(false);
  });
});
