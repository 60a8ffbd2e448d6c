import { describe, expect, it } from 'vitest';
import { agentSummarySchema, sessionSchema } from '../../../../orchestrator/fleet/fleet-schema.js';
import type { AgentSummary, FileChange, Session } from '../../../../orchestrator/fleet/model.js';
import { strictSchema } from '../../../helpers/strict-schema.js';

/** Every field set (Required<>: a field added to a type must be added here, or this does not compile). */
const change: Required<FileChange> = { path: 'src/db.ts', linesAdded: 12, linesRemoved: 3, edits: 2, lastOp: 'modify', firstEditMs: 1, lastEditMs: 2, spanIds: ['e1', 'e2'], unmerged: true };

const completeSession: Required<Session> = {
  id: 'run-1',
  traceId: 't1',
  agentId: 'agt_1',
  agentName: 'alice',
  kind: 'claude-code',
  fleetId: 'default',
  host: 'devbox',
  worktree: '/w/alice',
  branch: 'agentfleet/alice',
  baseCommit: 'c0ffee',
  repository: 'https://example.com/acme/shop.git',
  task: 'split the payment module',
  conversationId: 'conv-1',
  status: 'crashed',
  currentTool: { name: 'Edit', callId: 'toolu_1', sinceMs: 3 },
  startedMs: 1,
  lastActivityMs: 4,
  endedMs: 5,
  exitCode: 1,
  exitSignal: 'SIGTERM',
  files: { [change.path]: change },
  assumptions: [{ id: 'span1', sessionId: 'run-1', text: 'connect keeps its signature', subject: 'src/db.ts#connect', atMs: 2 }],
  usage: { inputTokens: 10, outputTokens: 2, costUsd: 0.01, llmRequests: 1, toolCalls: 3, commands: 1, failedCommands: 1 },
};

const completeAgent: Required<AgentSummary> = {
  agentId: 'agt_1',
  agentName: 'alice',
  worktree: '/w/alice',
  host: 'devbox',
  branch: 'agentfleet/alice',
  status: 'running',
  sessionIds: ['run-0', 'run-1'],
  currentTool: { name: 'Bash', callId: 'toolu_2', sinceMs: 3 },
  lastActivityMs: 4,
  unmergedFiles: ['src/db.ts'],
};

describe('fleet schemas', () => {
  it('accept a complete Session and AgentSummary as JSON sends them, every field known', () => {
    for (const [schema, value] of [[sessionSchema, completeSession], [agentSummarySchema, completeAgent]] as const) {
      const parsed = strictSchema(schema).safeParse(JSON.parse(JSON.stringify(value)));
      expect(parsed.success, parsed.error?.message).toBe(true);
    }
  });

  it('accept the fields that may be undefined left out, as JSON leaves them', () => {
    const { branch: _b, currentTool: _t, endedMs: _e, exitCode: _c, ...running } = completeSession;
    expect(sessionSchema.safeParse(JSON.parse(JSON.stringify({ ...running, branch: undefined }))).success).toBe(true);
  });

  it('refuse a session of an unknown status and a file change with a fractional line count', () => {
    expect(sessionSchema.safeParse({ ...completeSession, status: 'asleep' }).success).toBe(false);
    expect(sessionSchema.safeParse({ ...completeSession, files: { [change.path]: { ...change, linesAdded: 1.5 } } }).success).toBe(false);
  });
});
