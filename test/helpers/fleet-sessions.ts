import type { Assumption, FileChange, Session } from '../../orchestrator/fleet/model.js';

/** Epoch ms the fixtures start at: fixed, so summaries and evidence are the same on every run. */
export const T0 = 1_750_000_000_000;

/** An unmerged modification, 10 lines added and 2 removed in one edit (span `edit-<path>`), unless told otherwise. */
export function fileChange(path: string, overrides: Partial<FileChange> = {}): FileChange {
  return {
    path,
    linesAdded: 10,
    linesRemoved: 2,
    edits: 1,
    lastOp: 'modify',
    firstEditMs: T0 + 1_000,
    lastEditMs: T0 + 2_000,
    spanIds: [`edit-${path}`],
    unmerged: true,
    ...overrides,
  };
}

export interface SessionFixture extends Partial<Omit<Session, 'files'>> {
  /** Paths changed (unmerged, default counts) or full changes. */
  readonly files?: readonly (string | FileChange)[];
}

/**
 * A running session of agent `agentName` in its own work tree
 * `/w/<agentName>` on branch `agentfleet/<agentName>`, with id `s-<agentName>`.
 */
export function session(agentName: string, fixture: SessionFixture = {}): Session {
  const { files = [], ...overrides } = fixture;
  const changes = files.map((file) => (typeof file === 'string' ? fileChange(file) : file));
  const worktree = overrides.worktree ?? `/w/${agentName}`;
  return {
    id: `s-${agentName}`,
    traceId: `trace-${agentName}`,
    agentId: `${agentName}@host:${worktree}`,
    agentName,
    kind: 'claude-code',
    fleetId: 'default',
    host: 'host',
    worktree,
    branch: `agentfleet/${agentName}`,
    baseCommit: 'c0ffee',
    repository: undefined,
    task: undefined,
    conversationId: undefined,
    status: 'running',
    currentTool: undefined,
    startedMs: T0,
    lastActivityMs: T0 + 2_000,
    endedMs: undefined,
    exitCode: undefined,
    exitSignal: undefined,
    files: Object.fromEntries(changes.map((change) => [change.path, change])),
    assumptions: [],
    usage: { inputTokens: 0, outputTokens: 0, costUsd: 0, llmRequests: 0, toolCalls: 0, commands: 0, failedCommands: 0 },
    ...overrides,
  };
}

/** An assumption span `id` of `sessionId`, declared at `atMs` (default T0 + 500). */
export function assumption(fields: Omit<Assumption, 'atMs'> & { readonly atMs?: number }): Assumption {
  return { atMs: T0 + 500, ...fields };
}
