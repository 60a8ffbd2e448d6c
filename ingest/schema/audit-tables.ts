import {
  ATTR_AGENTFLEET_ASSUMPTION_SUBJECT,
  ATTR_AGENTFLEET_ASSUMPTION_TEXT,
  ATTR_AGENTFLEET_EXIT_CODE,
  ATTR_AGENTFLEET_EXIT_SIGNAL,
  ATTR_AGENTFLEET_FILE_LINES_ADDED,
  ATTR_AGENTFLEET_FILE_LINES_REMOVED,
  ATTR_AGENTFLEET_FILE_OP,
  ATTR_AGENTFLEET_FILE_PATH,
  ATTR_AGENTFLEET_LLM_COST_USD,
  ATTR_AGENTFLEET_TASK,
  ATTR_AGENTFLEET_TOTAL_COST_USD,
  ATTR_AGENTFLEET_WORKTREE,
  ATTR_GEN_AI_AGENT_ID,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_SERVICE_INSTANCE_ID,
  ATTR_VCS_REF_HEAD_NAME,
  SPAN_ASSUMPTION,
  SPAN_FILE_EDIT,
  SPAN_LLM_REQUEST,
  SPAN_PREFIX_INVOKE_AGENT,
} from '../../semconv/index.js';
import { qualifiedTable, sqlString } from '../storage-sql.js';
import { DEDUPLICATION_WINDOW_BLOCKS, TRACES_TABLE } from './otel-tables.js';

/**
 * The audit tables: narrow, typed copies of the spans audits read most,
 * each kept by a materialized view on `otel_traces` (which stays the
 * exporter's, for Grafana). In `otel_traces` these spans sit in granules
 * of other spans' attribute maps, and an assumption's subject prefix or a
 * file path across agents has no usable index; here each is a few columns
 * sorted the way audits look them up. Timestamp, ServiceName, TraceId and
 * SpanId keep the exporter's names and values, so one audit filter reads
 * either table. Attribute values become columns as audits read them:
 * counts through `toUInt64OrZero`/`toFloat64OrZero`, everything else as the
 * stored string ('' when absent).
 */

export const FILE_EDITS_TABLE = 'agentfleet_file_edits';
export const ASSUMPTIONS_TABLE = 'agentfleet_assumptions';
export const LLM_REQUESTS_TABLE = 'agentfleet_llm_requests';
export const SESSIONS_TABLE = 'agentfleet_sessions';

interface AuditTable {
  readonly name: string;
  /** Column definitions after the span columns, then any projection. */
  readonly columns: readonly string[];
  /** Each column after the span columns, from an `otel_traces` row: `expression AS Column`. */
  readonly select: readonly string[];
  readonly orderBy: string;
  /** Which `otel_traces` rows the table copies. */
  readonly where: string;
}

const SPAN_COLUMNS = [
  'Timestamp DateTime64(9) CODEC(Delta, ZSTD(1))',
  'ServiceName LowCardinality(String) CODEC(ZSTD(1))',
  'TraceId String CODEC(ZSTD(1))',
  'SpanId String CODEC(ZSTD(1))',
];
const SPAN_SELECT = ['Timestamp', 'ServiceName', 'TraceId', 'SpanId'];

const spanAttribute = (key: string) => `SpanAttributes[${sqlString(key)}]`;
const resourceAttribute = (key: string) => `ResourceAttributes[${sqlString(key)}]`;
const stringColumn = (name: string) => `${name} String CODEC(ZSTD(1))`;

const AUDIT_TABLES: readonly AuditTable[] = [
  {
    // A file audit looks up one path across agents; an agent's audit reads its own edits (the projection).
    // SpanId, random and so as large as all the rest, only the backfill reads: the projection leaves it out.
    name: FILE_EDITS_TABLE,
    columns: [
      stringColumn('Path'),
      'Op LowCardinality(String) CODEC(ZSTD(1))',
      'LinesAdded UInt64 CODEC(ZSTD(1))',
      'LinesRemoved UInt64 CODEC(ZSTD(1))',
      'PROJECTION by_agent (SELECT Timestamp, ServiceName, TraceId, Path, Op, LinesAdded, LinesRemoved ORDER BY ServiceName, Path, Timestamp)',
    ],
    select: [
      `${spanAttribute(ATTR_AGENTFLEET_FILE_PATH)} AS Path`,
      `${spanAttribute(ATTR_AGENTFLEET_FILE_OP)} AS Op`,
      `toUInt64OrZero(${spanAttribute(ATTR_AGENTFLEET_FILE_LINES_ADDED)}) AS LinesAdded`,
      `toUInt64OrZero(${spanAttribute(ATTR_AGENTFLEET_FILE_LINES_REMOVED)}) AS LinesRemoved`,
    ],
    orderBy: 'Path, Timestamp',
    where: `SpanName = ${sqlString(SPAN_FILE_EDIT)}`,
  },
  {
    // Sorted by subject, so "about a file or a symbol in it" is two key ranges: = path, and the prefix `path#`.
    name: ASSUMPTIONS_TABLE,
    columns: [stringColumn('Subject'), stringColumn('Text')],
    select: [`${spanAttribute(ATTR_AGENTFLEET_ASSUMPTION_SUBJECT)} AS Subject`, `${spanAttribute(ATTR_AGENTFLEET_ASSUMPTION_TEXT)} AS Text`],
    orderBy: 'Subject, Timestamp',
    where: `SpanName = ${sqlString(SPAN_ASSUMPTION)}`,
  },
  {
    name: LLM_REQUESTS_TABLE,
    columns: ['InputTokens UInt64 CODEC(ZSTD(1))', 'OutputTokens UInt64 CODEC(ZSTD(1))', 'CostUsd Float64 CODEC(ZSTD(1))'],
    select: [
      `toUInt64OrZero(${spanAttribute(ATTR_GEN_AI_USAGE_INPUT_TOKENS)}) AS InputTokens`,
      `toUInt64OrZero(${spanAttribute(ATTR_GEN_AI_USAGE_OUTPUT_TOKENS)}) AS OutputTokens`,
      `toFloat64OrZero(${spanAttribute(ATTR_AGENTFLEET_LLM_COST_USD)}) AS CostUsd`,
    ],
    orderBy: 'ServiceName, Timestamp',
    where: `SpanName = ${sqlString(SPAN_LLM_REQUEST)}`,
  },
  {
    // Root spans (`invoke_agent <agent>`): they reach storage when a session ends, with its task, exit and totals.
    name: SESSIONS_TABLE,
    columns: [
      'SpanName LowCardinality(String) CODEC(ZSTD(1))',
      'Duration UInt64 CODEC(ZSTD(1))',
      ...['SessionId', 'AgentId', 'Worktree', 'Branch', 'Task', 'ExitCode', 'ExitSignal', 'InputTokens', 'OutputTokens', 'CostUsd'].map(stringColumn),
    ],
    select: [
      'SpanName',
      'Duration',
      `${resourceAttribute(ATTR_SERVICE_INSTANCE_ID)} AS SessionId`,
      `${resourceAttribute(ATTR_GEN_AI_AGENT_ID)} AS AgentId`,
      `${resourceAttribute(ATTR_AGENTFLEET_WORKTREE)} AS Worktree`,
      `${resourceAttribute(ATTR_VCS_REF_HEAD_NAME)} AS Branch`,
      `${spanAttribute(ATTR_AGENTFLEET_TASK)} AS Task`,
      `${spanAttribute(ATTR_AGENTFLEET_EXIT_CODE)} AS ExitCode`,
      `${spanAttribute(ATTR_AGENTFLEET_EXIT_SIGNAL)} AS ExitSignal`,
      `${spanAttribute(ATTR_GEN_AI_USAGE_INPUT_TOKENS)} AS InputTokens`,
      `${spanAttribute(ATTR_GEN_AI_USAGE_OUTPUT_TOKENS)} AS OutputTokens`,
      `${spanAttribute(ATTR_AGENTFLEET_TOTAL_COST_USD)} AS CostUsd`,
    ],
    orderBy: 'ServiceName, Timestamp',
    where: `startsWith(SpanName, ${sqlString(SPAN_PREFIX_INVOKE_AGENT)})`,
  },
];

/** Every audit table, in migration order. */
export const AUDIT_TABLE_NAMES: readonly string[] = AUDIT_TABLES.map((table) => table.name);

/** With the exporter tables' deduplication window: a replayed write-ahead-log segment is a no-op in every table its views write to. */
function createTableSql(database: string, table: AuditTable): string {
  return `CREATE TABLE IF NOT EXISTS ${qualifiedTable(database, table.name)} (
    ${[...SPAN_COLUMNS, ...table.columns].join(',\n    ')}
) ENGINE = MergeTree
PARTITION BY toDate(Timestamp)
ORDER BY (${table.orderBy})
SETTINGS non_replicated_deduplication_window = ${DEDUPLICATION_WINDOW_BLOCKS}`;
}

/** The copy of `otel_traces` rows, as the view and the backfill both write it. */
function selectSql(database: string, table: AuditTable): string {
  return `SELECT ${[...SPAN_SELECT, ...table.select].join(', ')}
FROM ${qualifiedTable(database, TRACES_TABLE)}
WHERE ${table.where}`;
}

function createViewSql(database: string, table: AuditTable): string {
  return `CREATE MATERIALIZED VIEW IF NOT EXISTS ${qualifiedTable(database, `${table.name}_mv`)}
TO ${qualifiedTable(database, table.name)}
AS ${selectSql(database, table)}`;
}

/**
 * Copies the spans stored before the view existed. It runs after the view
 * is created, so nothing inserted meanwhile is missed, and skips spans
 * already copied, so running it again (after a crash, before the
 * migration was recorded) copies nothing twice.
 */
function backfillSql(database: string, table: AuditTable): string {
  return `INSERT INTO ${qualifiedTable(database, table.name)}
${selectSql(database, table)}
  AND (TraceId, SpanId) NOT IN (SELECT TraceId, SpanId FROM ${qualifiedTable(database, table.name)})`;
}

/** The audit tables' migration: each table, then its view, then its backfill. */
export function auditTablesStatements(database: string): string[] {
  return AUDIT_TABLES.flatMap((table) => [createTableSql(database, table), createViewSql(database, table), backfillSql(database, table)]);
}
