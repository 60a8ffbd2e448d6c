import { SpanStatusCode } from '@opentelemetry/api';
import { STATUS_CODE_NAMES } from '../../../collector/otlp/enums.js';
import { ASSUMPTIONS_TABLE, FILE_EDITS_TABLE, LLM_REQUESTS_TABLE } from '../../../ingest/schema/audit-tables.js';
import { qualifiedTable } from '../../../ingest/storage-sql.js';
import type { Storage } from '../../../ingest/storage.js';
import { ATTR_AGENTFLEET_COMMAND_EXIT_CODE, ATTR_AGENTFLEET_COMMAND_TEXT, SPAN_COMMAND, SPAN_PREFIX_EXECUTE_TOOL } from '../../../semconv/index.js';
import { numberOrNull, stringOrNull, tracesTable, whereSql, type SqlFilter } from '../traces-sql.js';
import type { AuditToolCalls, AuditUsage } from './audit-schema.js';

/**
 * One query per audit section, each reading spans of one kind within the
 * audit's scope: file edits, assumptions and model turns from their audit
 * tables (ingest/schema/audit-tables.ts), commands and tool calls from
 * `otel_traces` by span name (the second sort key). Rows carry their
 * trace id; audit-query.ts maps trace ids to sessions.
 */

/** Most sessions one file row names. */
const MAX_SESSIONS_PER_FILE = 100;

export interface FileEditRow {
  readonly agent: string;
  readonly path: string;
  readonly traceIds: readonly string[];
  readonly edits: number;
  readonly linesAdded: number;
  readonly linesRemoved: number;
  readonly lastOp: string;
  readonly firstEditMs: number;
  readonly lastEditMs: number;
}

/** Files changed (`file.edit`), per agent and path, by path; `limit` rows at most. */
export async function queryFileEdits(storage: Storage, scope: SqlFilter, limit: number): Promise<FileEditRow[]> {
  const rows = await storage.query<Record<keyof FileEditRow, string> & { traceIds: string[] }>(
    `SELECT ServiceName AS agent, Path AS path,
            groupUniqArray(${MAX_SESSIONS_PER_FILE})(TraceId) AS traceIds,
            count() AS edits, sum(LinesAdded) AS linesAdded, sum(LinesRemoved) AS linesRemoved,
            argMax(Op, Timestamp) AS lastOp,
            toUnixTimestamp64Milli(min(Timestamp)) AS firstEditMs,
            toUnixTimestamp64Milli(max(Timestamp)) AS lastEditMs
     FROM ${qualifiedTable(storage.database, FILE_EDITS_TABLE)}
     WHERE ${whereSql(scope)}
     GROUP BY agent, path
     ORDER BY path, agent
     LIMIT {limit:UInt32}`,
    { ...scope.params, limit },
  );
  return rows.map((row) => ({
    ...row,
    traceIds: [...row.traceIds].sort(),
    edits: Number(row.edits),
    linesAdded: Number(row.linesAdded),
    linesRemoved: Number(row.linesRemoved),
    firstEditMs: Number(row.firstEditMs),
    lastEditMs: Number(row.lastEditMs),
  }));
}

export interface CommandRow {
  readonly atMs: number;
  readonly durationMs: number;
  readonly agent: string;
  readonly traceId: string;
  readonly text: string;
  readonly exitCode: number | null;
}

/** The newest `limit` commands, returned oldest first. */
export async function queryCommands(storage: Storage, scope: SqlFilter, limit: number): Promise<CommandRow[]> {
  const rows = await storage.query<{ atMs: string; durationMs: number; agent: string; traceId: string; text: string; exitCode: string }>(
    `SELECT toUnixTimestamp64Milli(Timestamp) AS atMs, Duration / 1e6 AS durationMs, ServiceName AS agent, TraceId AS traceId,
            SpanAttributes[{textKey:String}] AS text, SpanAttributes[{exitKey:String}] AS exitCode
     FROM ${tracesTable(storage)}
     WHERE SpanName = {commandSpan:String} AND ${whereSql(scope)}
     ORDER BY Timestamp DESC, SpanId DESC
     LIMIT {limit:UInt32}`,
    { ...scope.params, commandSpan: SPAN_COMMAND, textKey: ATTR_AGENTFLEET_COMMAND_TEXT, exitKey: ATTR_AGENTFLEET_COMMAND_EXIT_CODE, limit },
  );
  return rows.reverse().map((row) => ({ ...row, atMs: Number(row.atMs), exitCode: numberOrNull(row.exitCode) }));
}

export interface AssumptionRow {
  readonly id: string;
  readonly atMs: number;
  readonly agent: string;
  readonly traceId: string;
  readonly text: string;
  readonly subject: string | null;
}

/** The newest `limit` assumptions, returned oldest first. */
export async function queryAssumptions(storage: Storage, scope: SqlFilter, limit: number): Promise<AssumptionRow[]> {
  const rows = await storage.query<{ id: string; atMs: string; agent: string; traceId: string; text: string; subject: string }>(
    `SELECT SpanId AS id, toUnixTimestamp64Milli(Timestamp) AS atMs, ServiceName AS agent, TraceId AS traceId, Text AS text, Subject AS subject
     FROM ${qualifiedTable(storage.database, ASSUMPTIONS_TABLE)}
     WHERE ${whereSql(scope)}
     ORDER BY Timestamp DESC, SpanId DESC
     LIMIT {limit:UInt32}`,
    { ...scope.params, limit },
  );
  return rows.reverse().map((row) => ({ ...row, atMs: Number(row.atMs), subject: stringOrNull(row.subject) }));
}

/** Tool calls (`execute_tool <tool>`) per tool, most calls first. */
export async function queryToolCalls(storage: Storage, scope: SqlFilter): Promise<AuditToolCalls[]> {
  const rows = await storage.query<{ tool: string; calls: string; errors: string; totalDurationMs: number }>(
    `SELECT substring(SpanName, {prefixLength:UInt32} + 1) AS tool, count() AS calls,
            countIf(StatusCode = {errorStatus:String}) AS errors, sum(Duration) / 1e6 AS totalDurationMs
     FROM ${tracesTable(storage)}
     WHERE startsWith(SpanName, {toolPrefix:String}) AND ${whereSql(scope)}
     GROUP BY tool
     ORDER BY calls DESC, tool`,
    { ...scope.params, toolPrefix: SPAN_PREFIX_EXECUTE_TOOL, prefixLength: SPAN_PREFIX_EXECUTE_TOOL.length, errorStatus: STATUS_CODE_NAMES[SpanStatusCode.ERROR] },
  );
  return rows.map((row) => ({ ...row, calls: Number(row.calls), errors: Number(row.errors) }));
}

/** Tokens and cost of the model turns (`llm.request`), per trace. */
export async function queryLlmUsage(storage: Storage, scope: SqlFilter): Promise<Map<string, AuditUsage>> {
  const rows = await storage.query<{ traceId: string; llmRequests: string; inputTokens: string; outputTokens: string; costUsd: number }>(
    `SELECT TraceId AS traceId, count() AS llmRequests, sum(InputTokens) AS inputTokens, sum(OutputTokens) AS outputTokens, sum(CostUsd) AS costUsd
     FROM ${qualifiedTable(storage.database, LLM_REQUESTS_TABLE)}
     WHERE ${whereSql(scope)}
     GROUP BY TraceId`,
    scope.params,
  );
  return new Map(
    rows.map((row) => [
      row.traceId,
      { inputTokens: Number(row.inputTokens), outputTokens: Number(row.outputTokens), costUsd: row.costUsd, llmRequests: Number(row.llmRequests) },
    ]),
  );
}
