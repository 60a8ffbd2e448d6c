import type { Storage } from '../../../ingest/storage.js';
import { ATTR_SERVICE_INSTANCE_ID } from '../../../semconv/index.js';
import { narrowWindow, traceTimeRange } from '../trace-time-range.js';
import { allOf, tracesTable, whereSql, windowFilter, type SqlFilter, type TimeWindow } from '../traces-sql.js';
import type { AuditFilter } from './audit-schema.js';

/**
 * Which spans an audit reads, so that it reads the granules of its spans,
 * not the table. Agent and session filters name only ServiceName, TraceId
 * and Timestamp, which `otel_traces` (ORDER BY ServiceName, SpanName, time)
 * and the audit tables (ingest/schema/audit-tables.ts) share:
 * - agent: `ServiceName = …`, the first sort key of `otel_traces` (each
 *   section adds its SpanName, the second) and of the audit tables (file
 *   edits through their by-agent projection).
 * - session: its trace(s) and agent(s) first, through the resource-value
 *   index; then `ServiceName IN … AND TraceId IN …` within the traces'
 *   time range from `otel_traces_trace_id_ts`.
 * - file: the sort keys of the file-edit (`Path`) and assumption
 *   (`Subject`) tables. Commands, tool calls and tokens belong to
 *   sessions, not files, so a file audit has none.
 */

/** The audit sections that read spans of one kind. */
export type SpanSection = 'files' | 'commands' | 'assumptions' | 'toolCalls' | 'usage';

/** Which sessions to list: every session of `agents` in the window, or only those of `traceIds`. */
export interface SessionSelection {
  readonly agents: readonly string[];
  readonly traceIds: readonly string[] | undefined;
}

export interface AuditScope {
  readonly window: TimeWindow;
  /** Conditions (window included) selecting a section's spans besides its span name; undefined when the section does not apply. */
  spans(section: SpanSection): SqlFilter | undefined;
  /** Sessions to list; undefined for a file audit, whose sessions are those its files and assumptions name. */
  readonly sessions: SessionSelection | undefined;
}

const EMPTY_SCOPE: AuditScope = { window: { sinceMs: undefined, untilMs: undefined }, spans: () => undefined, sessions: { agents: [], traceIds: [] } };

function agentScope(agent: string, window: TimeWindow): AuditScope {
  const filter = allOf({ conditions: ['ServiceName = {agent:String}'], params: { agent } }, windowFilter(window));
  return { window, spans: () => filter, sessions: { agents: [agent], traceIds: undefined } };
}

async function sessionScope(storage: Storage, session: string, requested: TimeWindow): Promise<AuditScope> {
  const lookup = allOf({ conditions: ['ResourceAttributes[{instanceKey:String}] = {session:String}'], params: { instanceKey: ATTR_SERVICE_INSTANCE_ID, session } }, windowFilter(requested));
  const found = await storage.query<{ agent: string; traceId: string }>(
    `SELECT DISTINCT ServiceName AS agent, TraceId AS traceId FROM ${tracesTable(storage)} WHERE ${whereSql(lookup)}`,
    lookup.params,
  );
  const traceIds = [...new Set(found.map((row) => row.traceId))];
  const range = await traceTimeRange(storage, traceIds);
  if (range === undefined) return EMPTY_SCOPE;
  const window = narrowWindow(requested, range);
  const agents = [...new Set(found.map((row) => row.agent))];
  const filter = allOf({ conditions: ['ServiceName IN {agents:Array(String)}', 'TraceId IN {traceIds:Array(String)}'], params: { agents, traceIds } }, windowFilter(window));
  return { window, spans: () => filter, sessions: { agents, traceIds } };
}

function fileScope(file: string, window: TimeWindow): AuditScope {
  const edits = allOf({ conditions: ['Path = {file:String}'], params: { file } }, windowFilter(window));
  // A subject names the file itself or a symbol in it (`src/a.ts#parse`): two ranges of the subject sort key.
  const about = allOf({ conditions: ["(Subject = {file:String} OR startsWith(Subject, concat({file:String}, '#')))"], params: { file } }, windowFilter(window));
  return { window, spans: (section) => (section === 'files' ? edits : section === 'assumptions' ? about : undefined), sessions: undefined };
}

export async function resolveAuditScope(storage: Storage, filter: AuditFilter): Promise<AuditScope> {
  const window: TimeWindow = { sinceMs: filter.sinceMs ?? undefined, untilMs: filter.untilMs ?? undefined };
  if (filter.agent !== null) return agentScope(filter.agent, window);
  if (filter.session !== null) return sessionScope(storage, filter.session, window);
  if (filter.file !== null) return fileScope(filter.file, window);
  throw new Error('an audit needs an agent, a session or a file');
}
