import type { Storage } from '../../../ingest/storage.js';
import type { Alert } from '../../collisions/alert.js';
import type { SqlFilter, TimeWindow } from '../traces-sql.js';
import { resolveAuditScope, type SpanSection } from './audit-scope.js';
import type { AuditAlertSource, AuditDocument, AuditFilter, AuditSection, AuditSession, AuditUsage } from './audit-schema.js';
import { queryAssumptions, queryCommands, queryFileEdits, queryLlmUsage, queryToolCalls } from './audit-sections.js';
import { querySessionRoots, querySessionsSeen, type SessionRow } from './audit-sessions.js';

/** The audit document, with the alerts as the alert source hands them out. */
export type AuditReport = Omit<AuditDocument, 'alerts'> & { readonly alerts: readonly Alert[] };

export interface AuditOptions {
  /** Most items per section (sessions, files, commands, assumptions). */
  readonly limit: number;
  /** Where alerts come from; none → an empty `alerts` section. */
  readonly alerts: AuditAlertSource | undefined;
}

const NO_USAGE: AuditUsage = { inputTokens: 0, outputTokens: 0, costUsd: 0, llmRequests: 0 };

function sumUsage(usages: readonly AuditUsage[]): AuditUsage {
  return usages.reduce(
    (sum, u) => ({ inputTokens: sum.inputTokens + u.inputTokens, outputTokens: sum.outputTokens + u.outputTokens, costUsd: sum.costUsd + u.costUsd, llmRequests: sum.llmRequests + u.llmRequests }),
    NO_USAGE,
  );
}

function within(window: TimeWindow, session: SessionRow): boolean {
  return (window.sinceMs === undefined || session.startedMs >= window.sinceMs) && (window.untilMs === undefined || (session.endedMs !== null && session.endedMs < window.untilMs));
}

/**
 * A session's tokens and cost: its model turns in the window; a session
 * that recorded none (an agent without per-turn spans) counts its root
 * span's totals — only when it lies wholly in the window, since totals
 * cannot be cut to a window. Audits without tokens (of a file) count none.
 */
function usageOf(session: SessionRow, llm: ReadonlyMap<string, AuditUsage> | undefined, window: TimeWindow): AuditUsage {
  if (llm === undefined) return NO_USAGE;
  const turns = llm.get(session.traceId);
  if (turns !== undefined) return turns;
  if (session.totals === null || !within(window, session)) return NO_USAGE;
  return { ...session.totals, llmRequests: 0 };
}

/**
 * Everything one agent, session or file did in a window: sessions, files
 * with line counts, commands with exit codes, assumptions, tool calls,
 * tokens and cost, and the alerts the alert source has for it. The same
 * function answers `GET /api/v1/audit` and an offline `agentfleet audit`.
 */
export async function queryAudit(storage: Storage, filter: AuditFilter, options: AuditOptions): Promise<AuditReport> {
  const alertsPending = options.alerts?.(filter) ?? Promise.resolve([]);
  const scope = await resolveAuditScope(storage, filter);
  const read = <T>(section: SpanSection, query: (spans: SqlFilter) => Promise<T>, none: T): Promise<T> => {
    const spans = scope.spans(section);
    return spans === undefined ? Promise.resolve(none) : query(spans);
  };
  // One row past the limit tells a full section from a truncated one.
  const readLimit = options.limit + 1;
  const [files, commands, assumptions, toolCalls, llm] = await Promise.all([
    read('files', (s) => queryFileEdits(storage, s, readLimit), []),
    read('commands', (s) => queryCommands(storage, s, readLimit), []),
    read('assumptions', (s) => queryAssumptions(storage, s, readLimit), []),
    read('toolCalls', (s) => queryToolCalls(storage, s), []),
    read<Map<string, AuditUsage> | undefined>('usage', (s) => queryLlmUsage(storage, s), undefined),
  ]);

  // Every trace a section names must map to a session, ended or running.
  const tracesSeen = new Map<string, string>(); // trace id → agent
  for (const row of files) for (const traceId of row.traceIds) tracesSeen.set(traceId, row.agent);
  for (const row of [...commands, ...assumptions]) tracesSeen.set(row.traceId, row.agent);
  const selection = scope.sessions ?? { agents: [...new Set(tracesSeen.values())], traceIds: [...tracesSeen.keys()] };
  const roots = await querySessionRoots(storage, selection, scope.window, readLimit);
  const ended = new Set(roots.map((row) => row.traceId));
  const running = [...new Set([...tracesSeen.keys(), ...(selection.traceIds ?? []), ...(llm?.keys() ?? [])])].filter((traceId) => !ended.has(traceId));
  const sessionRows = [...roots, ...(await querySessionsSeen(storage, selection.agents, running))];

  const sessionIdOf = new Map(sessionRows.map((row) => [row.traceId, row.sessionId || row.traceId]));
  const sessionOf = (traceId: string) => sessionIdOf.get(traceId) ?? traceId;
  const sessions: AuditSession[] = sessionRows
    .map((row) => ({
      sessionId: sessionOf(row.traceId),
      traceId: row.traceId,
      agent: row.agent,
      agentId: row.agentId,
      worktree: row.worktree,
      branch: row.branch,
      task: row.task,
      startedMs: row.startedMs,
      lastSeenMs: row.lastSeenMs,
      endedMs: row.endedMs,
      exitCode: row.exitCode,
      exitSignal: row.exitSignal,
      usage: usageOf(row, llm, scope.window),
    }))
    .sort((a, b) => a.startedMs - b.startedMs || (a.traceId < b.traceId ? -1 : 1));

  const truncated: AuditSection[] = [];
  const cut = <T>(section: AuditSection, rows: readonly T[], keep: (rows: readonly T[]) => T[]): T[] => {
    if (rows.length <= options.limit) return [...rows];
    truncated.push(section);
    return keep(rows);
  };
  return {
    filter,
    // Sessions and time-ordered sections keep their newest items; files keep path order.
    sessions: cut('sessions', sessions, (rows) => rows.slice(-options.limit)),
    // Keys in schema order, so this document and the CLI's (parsed by the schema) print alike.
    files: cut('files', files, (rows) => rows.slice(0, options.limit)).map((f) => ({
      path: f.path,
      agent: f.agent,
      edits: f.edits,
      linesAdded: f.linesAdded,
      linesRemoved: f.linesRemoved,
      lastOp: f.lastOp,
      firstEditMs: f.firstEditMs,
      lastEditMs: f.lastEditMs,
      sessionIds: [...new Set(f.traceIds.map(sessionOf))].sort(),
    })),
    commands: cut('commands', commands, (rows) => rows.slice(-options.limit)).map((c) => ({
      atMs: c.atMs,
      durationMs: c.durationMs,
      agent: c.agent,
      sessionId: sessionOf(c.traceId),
      text: c.text,
      exitCode: c.exitCode,
    })),
    assumptions: cut('assumptions', assumptions, (rows) => rows.slice(-options.limit)).map((a) => ({
      id: a.id,
      atMs: a.atMs,
      agent: a.agent,
      sessionId: sessionOf(a.traceId),
      text: a.text,
      subject: a.subject,
    })),
    toolCalls,
    usage: sumUsage(sessions.map((s) => s.usage)),
    alerts: await alertsPending,
    truncated,
  };
}
