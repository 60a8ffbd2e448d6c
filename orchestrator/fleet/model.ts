/**
 * The fleet as the orchestrator sees it: plain data, JSON-serialisable as
 * is (REST, SSE and `--json` output send these shapes unchanged, so they are
 * the API's types too). Built by `fleet-state.ts` from the live feed and
 * rebuilt from storage on start.
 *
 * Identity: a *session* is one `agentfleet run` (`service.instance.id`, one
 * trace). An *agent* is a name in a work tree on a host (`gen_ai.agent.id`)
 * and has sessions over time. Edits belong to the session that made them:
 * two agents sharing a work tree are never credited with each other's edits.
 */

export type SessionStatus =
  /** Working: a tool call or a model turn is in progress, or was recently. */
  | 'running'
  /** Asked the human for something (Claude Code `Notification`) or finished a turn and waits for the next prompt. */
  | 'waiting'
  /** Alive, but no activity for `idleAfterMs`. */
  | 'idle'
  /** Ended with exit code 0. */
  | 'done'
  /** Ended with a non-zero exit code or a signal, or its shim stopped sending heartbeats. */
  | 'crashed';

export interface CurrentTool {
  readonly name: string;
  readonly callId: string;
  readonly sinceMs: number;
}

/** How many of a file change's newest `file.edit` spans `FileChange.spanIds` keeps: an alert cites the latest edits, not a history. */
export const FILE_CHANGE_SPANS = 3;

/** One file a session changed (from its `file.edit` spans), and whether that change is still unmerged. */
export interface FileChange {
  /** Repository-relative path. */
  readonly path: string;
  readonly linesAdded: number;
  readonly linesRemoved: number;
  readonly edits: number;
  /** Last `agentfleet.file.op`: create | modify | delete | rename. */
  readonly lastOp: string;
  readonly firstEditMs: number;
  readonly lastEditMs: number;
  /**
   * Span ids of its newest `file.edit` spans (at most `FILE_CHANGE_SPANS`),
   * oldest first, in the session's trace: what alerts about the file cite.
   */
  readonly spanIds: readonly string[];
  /**
   * True until git shows the change is in the target branch or undone (the
   * file in the session's work tree equals the target's, or its base's);
   * sessions whose work tree is gone drop their changes.
   */
  readonly unmerged: boolean;
}

export interface Assumption {
  /** Span id of the `assumption` span. */
  readonly id: string;
  readonly sessionId: string;
  readonly text: string;
  /** A repository-relative path, or a symbol / API name; undefined when the agent gave none. */
  readonly subject: string | undefined;
  readonly atMs: number;
}

export interface SessionUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
  readonly llmRequests: number;
  readonly toolCalls: number;
  readonly commands: number;
  readonly failedCommands: number;
}

export interface Session {
  /** `service.instance.id` of the run. */
  readonly id: string;
  readonly traceId: string;
  readonly agentId: string;
  readonly agentName: string;
  /** `agentfleet.agent.kind`: claude-code, codex, gemini-cli, generic. */
  readonly kind: string;
  readonly fleetId: string;
  readonly host: string;
  /** Absolute path of the work tree. */
  readonly worktree: string;
  readonly branch: string | undefined;
  readonly baseCommit: string | undefined;
  readonly repository: string | undefined;
  readonly task: string | undefined;
  readonly conversationId: string | undefined;
  readonly status: SessionStatus;
  readonly currentTool: CurrentTool | undefined;
  readonly startedMs: number;
  readonly lastActivityMs: number;
  readonly endedMs: number | undefined;
  readonly exitCode: number | undefined;
  readonly exitSignal: string | undefined;
  /** By repository-relative path. */
  readonly files: Readonly<Record<string, FileChange>>;
  readonly assumptions: readonly Assumption[];
  readonly usage: SessionUsage;
}

export interface AgentSummary {
  readonly agentId: string;
  readonly agentName: string;
  readonly worktree: string;
  readonly host: string;
  readonly branch: string | undefined;
  /** The newest session's status. */
  readonly status: SessionStatus;
  readonly sessionIds: readonly string[];
  readonly currentTool: CurrentTool | undefined;
  readonly lastActivityMs: number;
  /** Paths with unmerged changes over all the agent's sessions. */
  readonly unmergedFiles: readonly string[];
}

/** What changed in the fleet, for the SSE stream and the collision engine. */
export type FleetChange =
  | { readonly type: 'session'; readonly session: Session }
  | { readonly type: 'file'; readonly sessionId: string; readonly change: FileChange }
  | { readonly type: 'assumption'; readonly assumption: Assumption }
  | { readonly type: 'session-removed'; readonly sessionId: string };
