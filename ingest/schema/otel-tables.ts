/**
 * The OpenTelemetry Collector ClickHouse exporter's table layout
 * (exporter/clickhouseexporter/internal/sqltemplates), column for column, so
 * Grafana's ClickHouse data source and the official exporter can share these
 * tables with agentfleet. Only the engine settings are ours: the
 * non-replicated deduplication window makes a replayed write-ahead-log
 * segment (same insert_deduplication_token) a no-op instead of a duplicate —
 * on the lookup table too, because ClickHouse checks deduplication in each
 * table a materialized view writes to.
 */

/** One column as it is written: name in the table, RowBinary/`file()` type. */
export interface InsertColumn {
  readonly name: string;
  readonly type: string;
}

/** Signals agentfleet stores. */
export type Signal = 'traces' | 'logs';

export const TRACES_TABLE = 'otel_traces';
export const LOGS_TABLE = 'otel_logs';
export const TRACE_ID_TS_TABLE = 'otel_traces_trace_id_ts';
export const TRACE_ID_TS_VIEW = 'otel_traces_trace_id_ts_mv';

/** How many recent insert blocks MergeTree remembers for deduplication. */
export const DEDUPLICATION_WINDOW_BLOCKS = 10_000;

const attributesMap = 'Map(LowCardinality(String), String)';

/**
 * Columns of `otel_traces` in the order RowBinary rows are written. This is
 * the exporter's INSERT column list; `Events` and `Links` are Nested, so they
 * are written as parallel arrays.
 */
export const TRACES_INSERT_COLUMNS: readonly InsertColumn[] = [
  { name: 'Timestamp', type: 'DateTime64(9)' },
  { name: 'TraceId', type: 'String' },
  { name: 'SpanId', type: 'String' },
  { name: 'ParentSpanId', type: 'String' },
  { name: 'TraceState', type: 'String' },
  { name: 'SpanName', type: 'LowCardinality(String)' },
  { name: 'SpanKind', type: 'LowCardinality(String)' },
  { name: 'ServiceName', type: 'LowCardinality(String)' },
  { name: 'ResourceAttributes', type: attributesMap },
  { name: 'ScopeName', type: 'String' },
  { name: 'ScopeVersion', type: 'String' },
  { name: 'SpanAttributes', type: attributesMap },
  { name: 'Duration', type: 'UInt64' },
  { name: 'StatusCode', type: 'LowCardinality(String)' },
  { name: 'StatusMessage', type: 'String' },
  { name: 'Events.Timestamp', type: 'Array(DateTime64(9))' },
  { name: 'Events.Name', type: 'Array(LowCardinality(String))' },
  { name: 'Events.Attributes', type: `Array(${attributesMap})` },
  { name: 'Links.TraceId', type: 'Array(String)' },
  { name: 'Links.SpanId', type: 'Array(String)' },
  { name: 'Links.TraceState', type: 'Array(String)' },
  { name: 'Links.Attributes', type: `Array(${attributesMap})` },
];

/** Columns of `otel_logs` in the order RowBinary rows are written. */
export const LOGS_INSERT_COLUMNS: readonly InsertColumn[] = [
  { name: 'Timestamp', type: 'DateTime64(9)' },
  { name: 'TraceId', type: 'String' },
  { name: 'SpanId', type: 'String' },
  { name: 'TraceFlags', type: 'UInt8' },
  { name: 'SeverityText', type: 'LowCardinality(String)' },
  { name: 'SeverityNumber', type: 'UInt8' },
  { name: 'ServiceName', type: 'LowCardinality(String)' },
  { name: 'Body', type: 'String' },
  { name: 'ResourceSchemaUrl', type: 'LowCardinality(String)' },
  { name: 'ResourceAttributes', type: attributesMap },
  { name: 'ScopeSchemaUrl', type: 'LowCardinality(String)' },
  { name: 'ScopeName', type: 'String' },
  { name: 'ScopeVersion', type: 'LowCardinality(String)' },
  { name: 'ScopeAttributes', type: attributesMap },
  { name: 'LogAttributes', type: attributesMap },
  { name: 'EventName', type: 'String' },
];

export const INSERT_COLUMNS: Readonly<Record<Signal, readonly InsertColumn[]>> = {
  traces: TRACES_INSERT_COLUMNS,
  logs: LOGS_INSERT_COLUMNS,
};

export const SIGNAL_TABLE: Readonly<Record<Signal, string>> = {
  traces: TRACES_TABLE,
  logs: LOGS_TABLE,
};

/** Quotes an identifier for ClickHouse SQL. */
export function quoteIdentifier(name: string): string {
  return '`' + name.replace(/\\/g, '\\\\').replace(/`/g, '\\`') + '`';
}

/** `(a, b, c)` column list for an INSERT. */
export function insertColumnList(columns: readonly InsertColumn[]): string {
  return '(' + columns.map((c) => quoteIdentifier(c.name)).join(', ') + ')';
}

/** Structure argument of `file(path, RowBinary, structure)`. */
export function fileStructure(columns: readonly InsertColumn[]): string {
  return columns.map((c) => `${quoteIdentifier(c.name)} ${c.type}`).join(', ');
}

export function createTracesTableSql(database: string): string {
  return `CREATE TABLE IF NOT EXISTS ${quoteIdentifier(database)}.${TRACES_TABLE} (
    Timestamp DateTime64(9) CODEC(Delta, ZSTD(1)),
    TraceId String CODEC(ZSTD(1)),
    SpanId String CODEC(ZSTD(1)),
    ParentSpanId String CODEC(ZSTD(1)),
    TraceState String CODEC(ZSTD(1)),
    SpanName LowCardinality(String) CODEC(ZSTD(1)),
    SpanKind LowCardinality(String) CODEC(ZSTD(1)),
    ServiceName LowCardinality(String) CODEC(ZSTD(1)),
    ResourceAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    ScopeName String CODEC(ZSTD(1)),
    ScopeVersion String CODEC(ZSTD(1)),
    SpanAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    Duration UInt64 CODEC(ZSTD(1)),
    StatusCode LowCardinality(String) CODEC(ZSTD(1)),
    StatusMessage String CODEC(ZSTD(1)),
    Events Nested (
        Timestamp DateTime64(9),
        Name LowCardinality(String),
        Attributes Map(LowCardinality(String), String)
    ) CODEC(ZSTD(1)),
    Links Nested (
        TraceId String,
        SpanId String,
        TraceState String,
        Attributes Map(LowCardinality(String), String)
    ) CODEC(ZSTD(1)),
    INDEX idx_trace_id TraceId TYPE bloom_filter(0.001) GRANULARITY 1,
    INDEX idx_res_attr_key mapKeys(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_res_attr_value mapValues(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_span_attr_key mapKeys(SpanAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_span_attr_value mapValues(SpanAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_duration Duration TYPE minmax GRANULARITY 1
) ENGINE = MergeTree
PARTITION BY toDate(Timestamp)
ORDER BY (ServiceName, SpanName, toDateTime(Timestamp))
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1, non_replicated_deduplication_window = ${DEDUPLICATION_WINDOW_BLOCKS}`;
}

export function createTraceIdTsTableSql(database: string): string {
  return `CREATE TABLE IF NOT EXISTS ${quoteIdentifier(database)}.${TRACE_ID_TS_TABLE} (
    TraceId String CODEC(ZSTD(1)),
    Start DateTime CODEC(Delta, ZSTD(1)),
    End DateTime CODEC(Delta, ZSTD(1)),
    INDEX idx_trace_id TraceId TYPE bloom_filter(0.01) GRANULARITY 1
) ENGINE = MergeTree
PARTITION BY toDate(Start)
ORDER BY (TraceId, Start)
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1, non_replicated_deduplication_window = ${DEDUPLICATION_WINDOW_BLOCKS}`;
}

export function createTraceIdTsViewSql(database: string): string {
  const db = quoteIdentifier(database);
  return `CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.${TRACE_ID_TS_VIEW}
TO ${db}.${TRACE_ID_TS_TABLE}
AS SELECT
    TraceId,
    min(Timestamp) AS Start,
    max(Timestamp) AS End
FROM ${db}.${TRACES_TABLE}
WHERE TraceId != ''
GROUP BY TraceId`;
}

export function createLogsTableSql(database: string): string {
  return `CREATE TABLE IF NOT EXISTS ${quoteIdentifier(database)}.${LOGS_TABLE} (
    Timestamp DateTime64(9) CODEC(Delta(8), ZSTD(1)),
    TimestampTime DateTime DEFAULT toDateTime(Timestamp),
    TraceId String CODEC(ZSTD(1)),
    SpanId String CODEC(ZSTD(1)),
    TraceFlags UInt8,
    SeverityText LowCardinality(String) CODEC(ZSTD(1)),
    SeverityNumber UInt8,
    ServiceName LowCardinality(String) CODEC(ZSTD(1)),
    Body String CODEC(ZSTD(1)),
    ResourceSchemaUrl LowCardinality(String) CODEC(ZSTD(1)),
    ResourceAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    ScopeSchemaUrl LowCardinality(String) CODEC(ZSTD(1)),
    ScopeName String CODEC(ZSTD(1)),
    ScopeVersion LowCardinality(String) CODEC(ZSTD(1)),
    ScopeAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    LogAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    EventName String CODEC(ZSTD(1)),
    INDEX idx_trace_id TraceId TYPE bloom_filter(0.001) GRANULARITY 1,
    INDEX idx_res_attr_key mapKeys(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_res_attr_value mapValues(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_scope_attr_key mapKeys(ScopeAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_scope_attr_value mapValues(ScopeAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_log_attr_key mapKeys(LogAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_log_attr_value mapValues(LogAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_body Body TYPE tokenbf_v1(32768, 3, 0) GRANULARITY 8
) ENGINE = MergeTree
PARTITION BY toDate(TimestampTime)
PRIMARY KEY (ServiceName, TimestampTime)
ORDER BY (ServiceName, TimestampTime, Timestamp)
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1, non_replicated_deduplication_window = ${DEDUPLICATION_WINDOW_BLOCKS}`;
}
