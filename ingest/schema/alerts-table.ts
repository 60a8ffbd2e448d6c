import { quoteIdentifier } from './otel-tables.js';

/** Collision alerts (orchestrator/collisions): one row per version of an alert. */
export const ALERTS_TABLE = 'agentfleet_alerts';

/**
 * ReplacingMergeTree(version) keeps the newest version of each alert id once
 * parts merge; readers use FINAL so they see only that one before. Parties
 * and evidence are nested and change shape with the kind: JSON text. Agent
 * names, session ids and files are also columns, for filtering in SQL.
 */
export function createAlertsTableSql(database: string): string {
  return `CREATE TABLE IF NOT EXISTS ${quoteIdentifier(database)}.${ALERTS_TABLE} (
    id String,
    version UInt64,
    kind LowCardinality(String),
    severity LowCardinality(String),
    state LowCardinality(String),
    agent_names Array(String),
    session_ids Array(String),
    files Array(String),
    summary String,
    parties String,
    evidence String,
    first_seen DateTime64(3, 'UTC'),
    last_seen DateTime64(3, 'UTC'),
    resolved_at Nullable(DateTime64(3, 'UTC')),
    resolution LowCardinality(Nullable(String)),
    acknowledged_by Nullable(String),
    resolved_by Nullable(String)
) ENGINE = ReplacingMergeTree(version)
ORDER BY id`;
}
