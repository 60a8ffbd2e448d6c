import { beforeAll, describe, expect, it } from 'vitest';
import { formatAudit } from '../../../orchestrator/audit-format.js';
import type { AuditDocument } from '../../../orchestrator/queries/audit/audit-schema.js';

const T0 = Date.parse('2025-11-24T16:00:00Z');
const at = (minutes: number) => T0 + minutes * 60_000;
const noUsage = { inputTokens: 0, outputTokens: 0, costUsd: 0, llmRequests: 0 };

const report: AuditDocument = {
  filter: { agent: 'alice', session: null, file: null, sinceMs: null, untilMs: null },
  sessions: [
    {
      sessionId: 's-alice-1',
      traceId: 't1',
      agent: 'alice',
      agentId: 'agt_1',
      worktree: '/wt/alice',
      branch: 'agentfleet/alice',
      task: 'split the payment module',
      startedMs: at(0),
      lastSeenMs: at(10),
      endedMs: at(10),
      exitCode: 0,
      exitSignal: null,
      usage: { inputTokens: 3000, outputTokens: 500, costUsd: 0.03, llmRequests: 2 },
    },
    { sessionId: 's-alice-2', traceId: 't2', agent: 'alice', agentId: 'agt_1', worktree: '/wt/alice', branch: null, task: null, startedMs: at(20), lastSeenMs: at(21), endedMs: null, exitCode: null, exitSignal: null, usage: noUsage },
  ],
  files: [
    { path: 'src/pay/charge.ts', agent: 'alice', edits: 3, linesAdded: 14, linesRemoved: 4, lastOp: 'modify', firstEditMs: at(1), lastEditMs: at(20), sessionIds: ['s-alice-1', 's-alice-2'] },
    { path: 'src/pay/types.ts', agent: 'alice', edits: 1, linesAdded: 4, linesRemoved: 0, lastOp: 'create', firstEditMs: at(2), lastEditMs: at(2), sessionIds: ['s-alice-1'] },
  ],
  commands: [
    { atMs: at(3), durationMs: 3200, agent: 'alice', sessionId: 's-alice-1', text: 'npm test -- charge', exitCode: 1 },
    { atMs: at(21), durationMs: 200, agent: 'alice', sessionId: 's-alice-2', text: 'git commit -m "one\ntwo"', exitCode: null },
  ],
  assumptions: [{ id: 'a1', atMs: at(4), agent: 'alice', sessionId: 's-alice-1', text: 'the Charge type keeps its currency field', subject: 'src/pay/types.ts#Charge' }],
  toolCalls: [
    { tool: 'Bash', calls: 12, errors: 1, totalDurationMs: 9200 },
    { tool: 'Edit', calls: 2, errors: 0, totalDurationMs: 120_000 },
  ],
  usage: { inputTokens: 3000, outputTokens: 500, costUsd: 0.03, llmRequests: 2 },
  alerts: [],
  truncated: ['commands'],
};

describe('formatAudit', () => {
  beforeAll(() => {
    process.env['TZ'] = 'UTC';
  });

  it('prints every section in a fixed order, aligned, with the totals last', () => {
    expect(formatAudit(report)).toBe(
      [
        'audit of agent alice (all recorded time)',
        '',
        'sessions (2)',
        '  session    agent  started                 took  exit  tokens in / out   cost  task',
        '  s-alice-1  alice  2025-11-24 16:00:00   10m 0s     0      3,000 / 500  $0.03  split the payment module',
        '  s-alice-2  alice  2025-11-24 16:20:00  running                  0 / 0  $0.00',
        '',
        'files (2)',
        '  path               agent  edits  added  removed  last op  last edit',
        '  src/pay/charge.ts  alice      3    +14       -4  modify   2025-11-24 16:20:00',
        '  src/pay/types.ts   alice      1     +4       -0  create   2025-11-24 16:02:00',
        '',
        'commands (2 — more than shown; --limit raises it)',
        '  at                   agent  exit    took  command',
        '  2025-11-24 16:03:00  alice     1   3.2 s  npm test -- charge',
        '  2025-11-24 16:21:00  alice     ?  200 ms  git commit -m "one ⏎ two"',
        '',
        'assumptions (1)',
        '  2025-11-24 16:04:00  alice  the Charge type keeps its currency field  (about src/pay/types.ts#Charge)',
        '',
        'tool calls (14)',
        '  tool  calls  errors  total time',
        '  Bash     12       1       9.2 s',
        '  Edit      2       0       2m 0s',
        '',
        'alerts (0)',
        '  none',
        '',
        'tokens and cost',
        '  3,000 input tokens, 500 output tokens, $0.03 (2 model turns)',
        '',
      ].join('\n'),
    );
  });

  it('names a session or file audit and its window in the heading', () => {
    const window = { sinceMs: at(0), untilMs: at(60) };
    expect(formatAudit({ ...report, filter: { agent: null, session: 's-1', file: null, ...window } }).split('\n')[0]).toBe('audit of session s-1 since 2025-11-24 16:00:00 until 2025-11-24 17:00:00');
    expect(formatAudit({ ...report, filter: { agent: null, session: null, file: 'src/a.ts', sinceMs: null, untilMs: null } }).split('\n')[0]).toBe('audit of file src/a.ts (all recorded time)');
  });
});
