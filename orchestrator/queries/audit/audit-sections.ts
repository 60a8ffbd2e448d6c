import { SpanStatusCode } from '@opentelemetry/api';
import { STATUS_CODE_NAMES } from '../../../collector/otlp/enums.js';
import type { Storage } from '../../../ingest/storage.js';
import {
  ATTR_AGENTFLEET_ASSUMPTION_SUBJECT,
  ATTR_AGENTFLEET_ASSUMPTION_TEXT,
  ATTR_AGENTFLEET_COMMAND_EXIT_CODE,
  ATTR_AGENTFLEET_COMMAND_TEXT,
  ATTR_AGENTFLEET_FILE_LINES_ADDED,
  ATTR_AGENTFLEET_FILE_LINES_REMOVED,
  ATTR_AGENTFLEET_FILE_OP,
  ATTR_AGENTFLEET_FILE_PATH,
  ATTR_AGENTFLEET_LLM_COST_USD,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  SPAN_ASSUMPTION,
  SPAN_COMMAND,
  SPAN_FILE_EDIT,
  SPAN_LLM_REQUEST,
  SPAN_PREFIX_EXECUTE_TOOL,
} from '../../../semconv/index.js';
import { numberOrNull, stringOrNull, tracesTable, whereSql, type SqlFilter } from '../traces-sql.js';
import type { AuditToolCalls, AuditUsage } from './audit-schema.js';

/**
 * One query per audit section, each reading spans of one name (the
 * second sort key) within the audit's scope. Rows carry their trace id;
 * audit-query.ts maps trace ids to sessions.
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
    `SELECT ServiceName AS agent, SpanAttributes[{pathKey:String}] AS path,
            groupUniqArray(${MAX_SESSIONS_PER_FILE})(TraceId) AS traceIds,
            count() AS edits,
            sum(toUInt64OrZero(SpanAttributes[{addedKey:String}])) AS linesAdded,
            sum(toUInt64OrZero(SpanAttributes[{removedKey:String}])) AS linesRemoved,
            argMax(SpanAttributes[{opKey:String}], Timestamp) AS lastOp,
            toUnixTimestamp64Milli(min(Timestamp)) AS firstEditMs,
            toUnixTimestamp64Milli(max(Timestamp)) AS lastEditMs
     FROM ${tracesTable(storage)}
     WHERE SpanName = {editSpan:String} AND ${whereSql(scope)}
     GROUP BY agent, path
     ORDER BY path, agent
     LIMIT {limit:UInt32}`,
    {
      ...scope.params,
      editSpan: SPAN_FILE_EDIT,
      pathKey: ATTR_AGENTFLEET_FILE_PATH,
      addedKey: ATTR_AGENTFLEET_FILE_LINES_ADDED,
      removedKey: ATTR_AGENTFLEET_FILE_LINES_REMOVED,
      opKey: ATTR_AGENTFLEET_FILE_OP,
      limit,
    },
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
    `SELECT SpanId AS id, toUnixTimestamp64Milli(Timestamp) AS atMs, ServiceName AS agent, TraceId AS traceId,
            SpanAttributes[{textKey:String}] AS text, SpanAttributes[{subjectKey:String}] AS subject
     FROM ${tracesTable(storage)}
     WHERE SpanName = {assumptionSpan:String} AND ${whereSql(scope)}
     ORDER BY Timestamp DESC, SpanId DESC
     LIMIT {limit:UInt32}`,
    { ...scope.params, assumptionSpan: SPAN_ASSUMPTION, textKey: ATTR_AGENTFLEET_ASSUMPTION_TEXT, subjectKey: ATTR_AGENTFLEET_ASSUMPTION_SUBJECT, limit },
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
    `SELECT TraceId AS traceId, count() AS llmRequests,
            sum(toUInt64OrZero(SpanAttributes[{inputKey:String}])) AS inputTokens,
            sum(toUInt64OrZero(SpanAttributes[{outputKey:String}])) AS outputTokens,
            sum(toFloat64OrZero(SpanAttributes[{costKey:String}])) AS costUsd
     FROM ${tracesTable(storage)}
     WHERE SpanName = {llmSpan:String} AND ${whereSql(scope)}
     GROUP BY TraceId`,
    { ...scope.params, llmSpan: SPAN_LLM_REQUEST, inputKey: ATTR_GEN_AI_USAGE_INPUT_TOKENS, outputKey: ATTR_GEN_AI_USAGE_OUTPUT_TOKENS, costKey: ATTR_AGENTFLEET_LLM_COST_USD },
  );
  return new Map(
    rows.map((row) => [
      row.traceId,
      { inputTokens: Number(row.inputTokens), outputTokens: Number(row.outputTokens), costUsd: row.costUsd, llmRequests: Number(row.llmRequests) },
    ]),
  );
}
