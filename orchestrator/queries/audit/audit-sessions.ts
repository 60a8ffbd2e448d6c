import { SESSIONS_TABLE } from '../../../ingest/schema/audit-tables.js';
import { qualifiedTable } from '../../../ingest/storage-sql.js';
import type { Storage } from '../../../ingest/storage.js';
import { ATTR_AGENTFLEET_WORKTREE, ATTR_GEN_AI_AGENT_ID, ATTR_SERVICE_INSTANCE_ID, ATTR_VCS_REF_HEAD_NAME, invokeAgentSpanName } from '../../../semconv/index.js';
import { numberOrNull, stringOrNull, tracesTable, type TimeWindow } from '../traces-sql.js';
import type { SessionSelection } from './audit-scope.js';

/**
 * Sessions of an audit. A session's root span (`invoke_agent <agent>`)
 * reaches storage when the session ends and carries its task, exit and
 * totals (read from the sessions audit table); sessions still running are
 * known only from their other spans (read from `otel_traces`).
 */

export interface SessionRow {
  readonly traceId: string;
  readonly agent: string;
  /** `service.instance.id`; '' from agents that set none. */
  readonly sessionId: string;
  readonly agentId: string | null;
  readonly worktree: string | null;
  readonly branch: string | null;
  readonly task: string | null;
  readonly startedMs: number;
  readonly lastSeenMs: number;
  readonly endedMs: number | null;
  readonly exitCode: number | null;
  readonly exitSignal: string | null;
  /** Totals from the root span; null without one. */
  readonly totals: { readonly inputTokens: number; readonly outputTokens: number; readonly costUsd: number } | null;
}

/** The resource attributes a running session's row reads: column alias → parameter holding the key. */
const RESOURCE_COLUMNS = { sessionId: 'instanceKey', agentId: 'agentIdKey', worktree: 'worktreeKey', branch: 'branchKey' } as const;
const RESOURCE_KEYS = { instanceKey: ATTR_SERVICE_INSTANCE_ID, agentIdKey: ATTR_GEN_AI_AGENT_ID, worktreeKey: ATTR_AGENTFLEET_WORKTREE, branchKey: ATTR_VCS_REF_HEAD_NAME };

/** The SELECT list of RESOURCE_COLUMNS, any value of the trace's spans. */
const RESOURCE_COLUMNS_SQL = Object.entries(RESOURCE_COLUMNS)
  .map(([alias, param]) => `any(ResourceAttributes[{${param}:String}]) AS ${alias}`)
  .join(', ');

type Text<T> = { readonly [K in keyof T]: string };

function resourceOf(row: Text<Pick<SessionRow, 'traceId' | 'agent' | 'sessionId' | 'agentId' | 'worktree' | 'branch'>>) {
  return { traceId: row.traceId, agent: row.agent, sessionId: row.sessionId, agentId: stringOrNull(row.agentId), worktree: stringOrNull(row.worktree), branch: stringOrNull(row.branch) };
}

/** Ended sessions of `selection` that overlap `window` (root spans), newest first, `limit` at most. */
export async function querySessionRoots(storage: Storage, selection: SessionSelection, window: TimeWindow, limit: number): Promise<SessionRow[]> {
  if (selection.agents.length === 0 || selection.traceIds?.length === 0) return [];
  const conditions = ['ServiceName IN {agents:Array(String)}', 'SpanName IN {rootNames:Array(String)}'];
  if (selection.traceIds !== undefined) conditions.push('TraceId IN {traceIds:Array(String)}');
  if (window.untilMs !== undefined) conditions.push('Timestamp < fromUnixTimestamp64Milli({untilMs:Int64})');
  if (window.sinceMs !== undefined) conditions.push('toUnixTimestamp64Milli(Timestamp) + intDiv(Duration, 1000000) >= {sinceMs:Int64}');
  const rows = await storage.query<Text<Omit<SessionRow, 'totals'>> & { inputTokens: string; outputTokens: string; costUsd: string }>(
    `SELECT TraceId AS traceId, ServiceName AS agent, SessionId AS sessionId, AgentId AS agentId, Worktree AS worktree, Branch AS branch,
            Task AS task, ExitCode AS exitCode, ExitSignal AS exitSignal, InputTokens AS inputTokens, OutputTokens AS outputTokens, CostUsd AS costUsd,
            toUnixTimestamp64Milli(Timestamp) AS startedMs, toUnixTimestamp64Milli(Timestamp) + intDiv(Duration, 1000000) AS endedMs
     FROM ${qualifiedTable(storage.database, SESSIONS_TABLE)}
     WHERE ${conditions.join(' AND ')}
     ORDER BY Timestamp DESC
     LIMIT {limit:UInt32}`,
    {
      agents: selection.agents,
      rootNames: selection.agents.map(invokeAgentSpanName),
      traceIds: selection.traceIds ?? [],
      untilMs: window.untilMs ?? 0,
      sinceMs: window.sinceMs ?? 0,
      limit,
    },
  );
  return rows.map((row) => ({
    ...resourceOf(row),
    task: stringOrNull(row.task),
    startedMs: Number(row.startedMs),
    lastSeenMs: Number(row.endedMs),
    endedMs: Number(row.endedMs),
    exitCode: numberOrNull(row.exitCode),
    exitSignal: stringOrNull(row.exitSignal),
    totals: { inputTokens: numberOrNull(row.inputTokens) ?? 0, outputTokens: numberOrNull(row.outputTokens) ?? 0, costUsd: numberOrNull(row.costUsd) ?? 0 },
  }));
}

/** Sessions of `traceIds` (of `agents`) known from any of their spans: those whose root is not stored yet. */
export async function querySessionsSeen(storage: Storage, agents: readonly string[], traceIds: readonly string[]): Promise<SessionRow[]> {
  if (traceIds.length === 0) return [];
  const rows = await storage.query<Text<Pick<SessionRow, 'traceId' | 'agent' | 'sessionId' | 'agentId' | 'worktree' | 'branch' | 'startedMs' | 'lastSeenMs'>>>(
    `SELECT TraceId AS traceId, any(ServiceName) AS agent, ${RESOURCE_COLUMNS_SQL},
            toUnixTimestamp64Milli(min(Timestamp)) AS startedMs,
            max(toUnixTimestamp64Milli(Timestamp) + intDiv(Duration, 1000000)) AS lastSeenMs
     FROM ${tracesTable(storage)}
     WHERE ServiceName IN {agents:Array(String)} AND TraceId IN {traceIds:Array(String)}
     GROUP BY TraceId`,
    { ...RESOURCE_KEYS, agents, traceIds },
  );
  return rows.map((row) => ({
    ...resourceOf(row),
    task: null,
    startedMs: Number(row.startedMs),
    lastSeenMs: Number(row.lastSeenMs),
    endedMs: null,
    exitCode: null,
    exitSignal: null,
    totals: null,
  }));
}
