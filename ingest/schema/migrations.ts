import { createAlertsTableSql } from './alerts-table.js';
import { auditTablesStatements } from './audit-tables.js';
import { createLogsTableSql, createTraceIdTsTableSql, createTraceIdTsViewSql, createTracesTableSql } from './otel-tables.js';

/** Database the tables go into when the configuration names none. */
export const DEFAULT_DATABASE = 'otel';

/**
 * One step of the schema. Versions start at 1 and go up by one; a released
 * migration never changes (a database that applied it keeps what it did), a
 * change is a new version. Statements must be safe to run again (`IF NOT
 * EXISTS`, `ADD COLUMN IF NOT EXISTS`): a crash between a statement and the
 * record of its version re-runs the whole step on the next start.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  /** SQL statements, run in order, with every name qualified by `database`. */
  statements(database: string): readonly string[];
}

/** Every migration this agentfleet knows, oldest first. Later issues append here. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'otel_traces with trace id time range lookup',
    statements: (database) => [
      createTracesTableSql(database),
      createTraceIdTsTableSql(database),
      createTraceIdTsViewSql(database),
    ],
  },
  {
    version: 2,
    name: 'otel_logs',
    statements: (database) => [createLogsTableSql(database)],
  },
  {
    version: 3,
    name: 'agentfleet_alerts',
    statements: (database) => [createAlertsTableSql(database)],
  },
  {
    version: 4,
    name: 'audit tables: file edits, assumptions, llm requests, sessions',
    statements: auditTablesStatements,
  },
];
