import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { SCHEMA_MIGRATIONS_TABLE } from '../../ingest/schema/migrate.js';
import { ASSUMPTIONS_TABLE, FILE_EDITS_TABLE, LLM_REQUESTS_TABLE, SESSIONS_TABLE, auditTablesStatements } from '../../ingest/schema/audit-tables.js';
import { MIGRATIONS } from '../../ingest/schema/migrations.js';
import { INSERT_COLUMNS, type Signal } from '../../ingest/schema/otel-tables.js';
import type { RowBinaryFileInsert, Storage } from '../../ingest/storage.js';
import {
  RowBinaryFileRejectedError,
  SchemaTooNewError,
  StorageQueryError,
  StorageUnavailableError,
} from '../../ingest/storage-errors.js';
import {
  ATTR_AGENTFLEET_ASSUMPTION_SUBJECT,
  ATTR_AGENTFLEET_ASSUMPTION_TEXT,
  ATTR_AGENTFLEET_EXIT_CODE,
  ATTR_AGENTFLEET_FILE_LINES_ADDED,
  ATTR_AGENTFLEET_FILE_LINES_REMOVED,
  ATTR_AGENTFLEET_FILE_OP,
  ATTR_AGENTFLEET_FILE_PATH,
  ATTR_AGENTFLEET_LLM_COST_USD,
  ATTR_AGENTFLEET_TASK,
  ATTR_AGENTFLEET_TOTAL_COST_USD,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_SERVICE_INSTANCE_ID,
  SPAN_ASSUMPTION,
  SPAN_FILE_EDIT,
  SPAN_LLM_REQUEST,
  invokeAgentSpanName,
} from '../../semconv/index.js';
import { encodeRowBinary, type TestValue } from '../helpers/typed-rowbinary.js';

/** One place a storage lives, which the suite can open more than once (to test what survives a restart). */
export interface StorageTarget {
  /** A new, unstarted Storage on the same data every call. */
  open(): Storage;
  /** Removes what the tests stored (a server's database); called after every Storage was shut down. */
  dispose(): Promise<void>;
}

export interface StorageContractOptions {
  /** Set when this target cannot take RowBinary inserts: those tests are skipped, visibly, with this reason. */
  readonly rowBinaryInsertSkipReason?: string;
  /** Whether `stats().localBytesOnDisk` is a number (embedded) or undefined (server). */
  readonly storesLocally: boolean;
}

/**
 * The exporter's columns as `system.columns` lists them, spelled out here
 * rather than derived from otel-tables.ts, so a drift in the DDL fails a test.
 */
const ATTRIBUTES = 'Map(LowCardinality(String), String)';
const EXPECTED_COLUMNS: Readonly<Record<string, readonly (readonly [string, string])[]>> = {
  otel_traces: [
    ['Timestamp', 'DateTime64(9)'],
    ['TraceId', 'String'],
    ['SpanId', 'String'],
    ['ParentSpanId', 'String'],
    ['TraceState', 'String'],
    ['SpanName', 'LowCardinality(String)'],
    ['SpanKind', 'LowCardinality(String)'],
    ['ServiceName', 'LowCardinality(String)'],
    ['ResourceAttributes', ATTRIBUTES],
    ['ScopeName', 'String'],
    ['ScopeVersion', 'String'],
    ['SpanAttributes', ATTRIBUTES],
    ['Duration', 'UInt64'],
    ['StatusCode', 'LowCardinality(String)'],
    ['StatusMessage', 'String'],
    ['Events.Timestamp', 'Array(DateTime64(9))'],
    ['Events.Name', 'Array(LowCardinality(String))'],
    ['Events.Attributes', `Array(${ATTRIBUTES})`],
    ['Links.TraceId', 'Array(String)'],
    ['Links.SpanId', 'Array(String)'],
    ['Links.TraceState', 'Array(String)'],
    ['Links.Attributes', `Array(${ATTRIBUTES})`],
  ],
  otel_traces_trace_id_ts: [
    ['TraceId', 'String'],
    ['Start', 'DateTime'],
    ['End', 'DateTime'],
  ],
  otel_logs: [
    ['Timestamp', 'DateTime64(9)'],
    ['TimestampTime', 'DateTime'],
    ['TraceId', 'String'],
    ['SpanId', 'String'],
    ['TraceFlags', 'UInt8'],
    ['SeverityText', 'LowCardinality(String)'],
    ['SeverityNumber', 'UInt8'],
    ['ServiceName', 'LowCardinality(String)'],
    ['Body', 'String'],
    ['ResourceSchemaUrl', 'LowCardinality(String)'],
    ['ResourceAttributes', ATTRIBUTES],
    ['ScopeSchemaUrl', 'LowCardinality(String)'],
    ['ScopeName', 'String'],
    ['ScopeVersion', 'LowCardinality(String)'],
    ['ScopeAttributes', ATTRIBUTES],
    ['LogAttributes', ATTRIBUTES],
    ['EventName', 'String'],
  ],
};

/** Spans with every column set, including Unicode, quotes, a 64-bit duration and nested events and links. */
function testSpans(prefix: string, count: number): Record<string, TestValue>[] {
  const noAttributes: Record<string, string> = {};
  return Array.from({ length: count }, (_, i) => ({
    Timestamp: 1_750_000_000_123_456_789n + BigInt(i),
    TraceId: `${prefix}-trace-${i % 3}`,
    SpanId: `${prefix}-span-${i}`,
    ParentSpanId: i === 0 ? '' : `${prefix}-span-0`,
    TraceState: 'vendor=1',
    SpanName: 'execute_tool Edit',
    SpanKind: 'Internal',
    ServiceName: 'agent-ä',
    ResourceAttributes: { 'service.name': 'agent-ä', 'agentfleet.worktree': "/w/it's" },
    ScopeName: 'agentfleet',
    ScopeVersion: '0.1.0',
    SpanAttributes: { 'gen_ai.tool.name': 'Edit', 'test.index': String(i) },
    Duration: 18_000_000_000_000_000_000n - BigInt(i),
    StatusCode: 'Error',
    StatusMessage: 'line 1\nline 2 \\ "quoted"',
    'Events.Timestamp': [1_750_000_000_200_000_001n],
    'Events.Name': ['exception'],
    'Events.Attributes': [{ 'exception.message': 'boom' }],
    'Links.TraceId': ['other-trace', 'third-trace'],
    'Links.SpanId': ['other-span', 'third-span'],
    'Links.TraceState': ['', 'x=y'],
    'Links.Attributes': [noAttributes, { k: 'v' }],
  }));
}

function testLogs(count: number): Record<string, TestValue>[] {
  return Array.from({ length: count }, (_, i) => ({
    Timestamp: 1_750_000_000_987_654_321n + BigInt(i),
    TraceId: 'log-trace',
    SpanId: `log-span-${i}`,
    TraceFlags: 1,
    SeverityText: 'WARN',
    SeverityNumber: 13,
    ServiceName: 'agent-b',
    Body: `log body ${i} — ✓`,
    ResourceSchemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
    ResourceAttributes: { 'service.name': 'agent-b' },
    ScopeSchemaUrl: '',
    ScopeName: 'agentfleet.logs',
    ScopeVersion: '1',
    ScopeAttributes: { scope: 'yes' },
    LogAttributes: { 'log.index': String(i) },
    EventName: 'agentfleet.note',
  }));
}

/** A file edit, an assumption, a model turn and a session root — what the audit tables copy — and a tool call, which they leave out. */
function auditSpans(): Record<string, TestValue>[] {
  type Span = Record<string, TestValue>;
  const [edit, assumption, turn, root, toolCall] = testSpans('audit', 5) as [Span, Span, Span, Span, Span];
  return [
    {
      ...edit,
      SpanName: SPAN_FILE_EDIT,
      SpanAttributes: { [ATTR_AGENTFLEET_FILE_PATH]: 'src/a.ts', [ATTR_AGENTFLEET_FILE_OP]: 'modify', [ATTR_AGENTFLEET_FILE_LINES_ADDED]: '3', [ATTR_AGENTFLEET_FILE_LINES_REMOVED]: 'none' },
    },
    { ...assumption, SpanName: SPAN_ASSUMPTION, SpanAttributes: { [ATTR_AGENTFLEET_ASSUMPTION_TEXT]: 'parse() stays', [ATTR_AGENTFLEET_ASSUMPTION_SUBJECT]: 'src/a.ts#parse' } },
    { ...turn, SpanName: SPAN_LLM_REQUEST, SpanAttributes: { [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: '1200', [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: '300', [ATTR_AGENTFLEET_LLM_COST_USD]: '0.25' } },
    {
      ...root,
      SpanName: invokeAgentSpanName('agent-ä'),
      ResourceAttributes: { 'service.name': 'agent-ä', [ATTR_SERVICE_INSTANCE_ID]: 's-1' },
      SpanAttributes: { [ATTR_AGENTFLEET_TASK]: 'split it', [ATTR_AGENTFLEET_EXIT_CODE]: '0', [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: '700', [ATTR_AGENTFLEET_TOTAL_COST_USD]: '0.07' },
    },
    toolCall,
  ];
}

/** The span columns every audit table keeps, of the `i`th test span. */
const spanKey = (i: number) => ({ Timestamp: String(1_750_000_000_123_456_789n + BigInt(i)), ServiceName: 'agent-ä', TraceId: `audit-trace-${i % 3}`, SpanId: `audit-span-${i}` });
/** Every audit table's rows of auditSpans() as JSONEachRow returns them, spelled out rather than derived from audit-tables.ts. */
const EXPECTED_AUDIT_ROWS: Readonly<Record<string, readonly Record<string, unknown>[]>> = {
  [FILE_EDITS_TABLE]: [{ ...spanKey(0), Path: 'src/a.ts', Op: 'modify', LinesAdded: '3', LinesRemoved: '0' }],
  [ASSUMPTIONS_TABLE]: [{ ...spanKey(1), Subject: 'src/a.ts#parse', Text: 'parse() stays' }],
  [LLM_REQUESTS_TABLE]: [{ ...spanKey(2), InputTokens: '1200', OutputTokens: '300', CostUsd: 0.25 }],
  [SESSIONS_TABLE]: [
    {
      ...spanKey(3),
      SpanName: 'invoke_agent agent-ä',
      Duration: String(18_000_000_000_000_000_000n - 3n),
      SessionId: 's-1',
      AgentId: '',
      Worktree: '',
      Branch: '',
      Task: 'split it',
      ExitCode: '0',
      ExitSignal: '',
      InputTokens: '700',
      OutputTokens: '',
      CostUsd: '0.07',
    },
  ],
};

/**
 * How rows read back, in the test rows' own shapes: nanosecond timestamps as
 * strings (so no time zone or rounding enters), 64-bit integers as strings.
 */
const TRACES_READBACK_SQL = `SELECT
    toString(toUnixTimestamp64Nano(Timestamp)) AS Timestamp, TraceId, SpanId, ParentSpanId, TraceState,
    SpanName, SpanKind, ServiceName, ResourceAttributes, ScopeName, ScopeVersion, SpanAttributes,
    Duration, StatusCode, StatusMessage,
    arrayMap(t -> toString(toUnixTimestamp64Nano(t)), \`Events.Timestamp\`) AS \`Events.Timestamp\`,
    \`Events.Name\`, \`Events.Attributes\`,
    \`Links.TraceId\`, \`Links.SpanId\`, \`Links.TraceState\`, \`Links.Attributes\`
FROM {database:Identifier}.otel_traces ORDER BY SpanId`;

const LOGS_READBACK_SQL = `SELECT
    toString(toUnixTimestamp64Nano(Timestamp)) AS Timestamp, TraceId, SpanId, TraceFlags, SeverityText,
    SeverityNumber, ServiceName, Body, ResourceSchemaUrl, ResourceAttributes, ScopeSchemaUrl, ScopeName,
    ScopeVersion, ScopeAttributes, LogAttributes, EventName
FROM {database:Identifier}.otel_logs ORDER BY SpanId`;

/** A test row as JSONEachRow returns it: bigints as strings, everything else as is. */
function asJson(row: Record<string, TestValue>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(row, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value)));
}

export function describeStorageContract(
  name: string,
  makeTarget: (dir: string) => Promise<StorageTarget>,
  options: StorageContractOptions,
): void {
  describe(`Storage contract: ${name}`, () => {
    let dir: string;
    let target: StorageTarget;
    let opened: Storage[];

    /** Opens and starts a storage on this test's target; shut down after the test. */
    async function started(): Promise<Storage> {
      const storage = target.open();
      opened.push(storage);
      await storage.start();
      return storage;
    }

    /** Writes `rows` as a RowBinary file in this test's directory. */
    function rowBinaryFile(signal: Signal, rows: Record<string, TestValue>[], token: string): RowBinaryFileInsert {
      const data = encodeRowBinary(INSERT_COLUMNS[signal], rows);
      const file = path.join(dir, `${signal}-${token}.rowbinary`);
      fs.writeFileSync(file, data);
      return { signal, path: file, byteLength: data.length, rowCount: rows.length, deduplicationToken: token };
    }

    async function countRows(storage: Storage, table: string): Promise<number> {
      const [row] = await storage.query<{ n: string }>(
        'SELECT count() AS n FROM {database:Identifier}.{table:Identifier}',
        { database: storage.database, table },
      );
      return Number(row?.n);
    }

    beforeEach(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentfleet-'));
      target = await makeTarget(dir);
      opened = [];
    });

    afterEach(async () => {
      for (const storage of opened) await storage.shutdown();
      await target.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('creates exactly the OTel exporter columns and types', async () => {
      const storage = await started();

      for (const [table, expected] of Object.entries(EXPECTED_COLUMNS)) {
        const columns = await storage.query<{ name: string; type: string }>(
          `SELECT name, type FROM system.columns
           WHERE database = {database:String} AND table = {table:String} AND default_kind != 'ALIAS'
           ORDER BY position`,
          { database: storage.database, table },
        );
        expect(columns.map((c) => [c.name, c.type]), table).toEqual(expected);
      }
      const [view] = await storage.query<{ engine: string }>(
        "SELECT engine FROM system.tables WHERE database = {database:String} AND name = 'otel_traces_trace_id_ts_mv'",
        { database: storage.database },
      );
      expect(view?.engine).toBe('MaterializedView');
    });

    it('applies each migration once, records it with its time, and changes nothing on the next start', async () => {
      const first = await started();
      const recordedSql = `SELECT version, name, toString(applied_at) AS appliedAt
        FROM {database:Identifier}.${SCHEMA_MIGRATIONS_TABLE} ORDER BY version`;
      const recorded = await first.query<{ version: number; name: string; appliedAt: string }>(recordedSql, {
        database: first.database,
      });
      await first.shutdown();

      const again = await started();
      const recordedAgain = await again.query(recordedSql, { database: again.database });

      expect(recorded.map((r) => [r.version, r.name])).toEqual(MIGRATIONS.map((m) => [m.version, m.name]));
      for (const r of recorded) expect(r.appliedAt).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/);
      expect(recordedAgain).toEqual(recorded);
    });

    it('refuses to start on a database migrated by a newer agentfleet', async () => {
      const storage = await started();
      const newer = MIGRATIONS.length + 1;
      await storage.command(
        `INSERT INTO \`${storage.database}\`.${SCHEMA_MIGRATIONS_TABLE} (version, name, applied_at)
         VALUES (${newer}, 'from the future', now64(3))`,
      );
      await storage.shutdown();

      const attempt = started();

      await expect(attempt).rejects.toBeInstanceOf(SchemaTooNewError);
      await expect(attempt).rejects.toThrow(`schema version ${newer}, but this agentfleet knows versions up to ${newer - 1}`);
    });

    it('binds query parameters server-side, 64-bit integers coming back as strings', async () => {
      const storage = await started();
      const tricky = "it's a \\ back\nslash";

      const rows = await storage.query('SELECT {s:String} AS s, {n:UInt64} AS n, {a:Array(String)} AS a', {
        s: tricky,
        n: 18_446_744_073_709_551_615n,
        a: ["x'y", 'z'],
      });

      expect(rows).toEqual([{ s: tricky, n: '18446744073709551615', a: ["x'y", 'z'] }]);
    });

    it('reports an engine error as StorageQueryError with its ClickHouse code', async () => {
      const storage = await started();

      const attempt = storage.query('SELECT * FROM {database:Identifier}.no_such_table', { database: storage.database });

      await expect(attempt).rejects.toBeInstanceOf(StorageQueryError);
      await expect(attempt).rejects.toMatchObject({ clickhouseCode: 60, clickhouseType: 'UNKNOWN_TABLE' });
      await expect(attempt).rejects.toThrow(/no_such_table.* in: SELECT \* FROM/);
    });

    it('reports rows and bytes per table from active parts', async () => {
      const storage = await started();
      await storage.command(
        `INSERT INTO \`${storage.database}\`.otel_logs (Timestamp, ServiceName, Body)
         VALUES (now64(9), 'agent-a', 'one'), (now64(9), 'agent-a', 'two'), (now64(9), 'agent-b', 'three')`,
      );

      const stats = await storage.stats();

      const byTable = new Map(stats.tables.map((t) => [t.table, t]));
      expect(byTable.get('otel_logs')?.rows).toBe(3);
      expect(byTable.get('otel_logs')?.bytesOnDisk).toBeGreaterThan(0);
      expect(byTable.get('otel_traces')).toEqual({ table: 'otel_traces', rows: 0, bytesOnDisk: 0 });
      expect([...byTable.keys()]).toContain(SCHEMA_MIGRATIONS_TABLE);
      if (options.storesLocally) expect(stats.localBytesOnDisk).toBeGreaterThan(0);
      else expect(stats.localBytesOnDisk).toBeUndefined();
    });

    it('inserts JSON rows into a table of its database so that every value reads back', async () => {
      const storage = await started();
      await storage.command(
        `CREATE TABLE \`${storage.database}\`.json_rows (
           id String, n UInt64, at DateTime64(3, 'UTC'), tags Array(String), note Nullable(String)
         ) ENGINE = MergeTree ORDER BY id`,
      );
      const rows = [
        { id: 'a: it\'s "quoted"\nand \\ slashed', n: 18_000_000_000, at: 1_750_000_000_123, tags: ['x', 'ä ✓'], note: null },
        { id: 'b', n: 2, at: 1_750_000_000_999, tags: [], note: 'note' },
      ];

      await storage.insertJsonRows('json_rows', rows);
      await storage.insertJsonRows('json_rows', []);

      const stored = await storage.query(
        'SELECT id, n, toUnixTimestamp64Milli(at) AS atMs, tags, note FROM {database:Identifier}.json_rows ORDER BY id',
        { database: storage.database },
      );
      expect(stored).toEqual(rows.map(({ at, n, ...row }) => ({ ...row, n: String(n), atMs: String(at) })));
    });

    it('reports JSON rows the engine refuses as StorageQueryError, without the rows in the message', async () => {
      const storage = await started();

      const attempt = storage.insertJsonRows('no_such_table', [{ secret: 'row value' }]);

      await expect(attempt).rejects.toBeInstanceOf(StorageQueryError);
      await expect(attempt).rejects.toMatchObject({ clickhouseCode: 60 });
      await expect(attempt).rejects.toThrow(/in: INSERT INTO `[^`]+`\.`no_such_table` FORMAT JSONEachRow$/);
      await expect(attempt).rejects.not.toThrow(/row value/);
    });

    it('refuses a RowBinary file whose size differs from byteLength, storing nothing', async () => {
      const storage = await started();
      const insert = rowBinaryFile('traces', testSpans('short', 2), 'size-mismatch');

      const attempt = storage.insertRowBinaryFile({ ...insert, byteLength: insert.byteLength + 1 });

      await expect(attempt).rejects.toBeInstanceOf(RowBinaryFileRejectedError);
      await expect(attempt).rejects.toThrow(`has ${insert.byteLength} bytes but was sealed with ${insert.byteLength + 1}`);
      expect(await countRows(storage, 'otel_traces')).toBe(0);
    });

    it('refuses calls before start and after shutdown, and shuts down twice without complaint', async () => {
      const storage = target.open();
      opened.push(storage);
      await expect(storage.query('SELECT 1')).rejects.toBeInstanceOf(StorageUnavailableError);
      await storage.start();
      await storage.shutdown();

      await storage.shutdown();

      await expect(storage.query('SELECT 1')).rejects.toThrow(/is shut down/);
      await expect(storage.start()).rejects.toBeInstanceOf(StorageUnavailableError);
    });

    const skipReason = options.rowBinaryInsertSkipReason;
    describe.skipIf(skipReason !== undefined)(
      skipReason === undefined ? 'RowBinary file inserts' : `RowBinary file inserts — SKIPPED: ${skipReason}`,
      () => {
        it('stores spans from a RowBinary file so that every column reads back exactly', async () => {
          const storage = await started();
          const spans = testSpans('exact', 3);

          await storage.insertRowBinaryFile(rowBinaryFile('traces', spans, 'exact-traces'));

          const rows = await storage.query(TRACES_READBACK_SQL, { database: storage.database });
          expect(rows).toEqual(spans.map(asJson));
        });

        it('stores log records from a RowBinary file so that every column reads back exactly', async () => {
          const storage = await started();
          const logs = testLogs(2);

          await storage.insertRowBinaryFile(rowBinaryFile('logs', logs, 'exact-logs'));

          expect(await storage.query(LOGS_READBACK_SQL, { database: storage.database })).toEqual(logs.map(asJson));
        });

        it('stores a file once when it is inserted twice with the same deduplication token', async () => {
          const storage = await started();
          const insert = rowBinaryFile('traces', testSpans('dedup', 500), 'token-a');

          await storage.insertRowBinaryFile(insert);
          await storage.insertRowBinaryFile(insert);

          expect(await countRows(storage, 'otel_traces')).toBe(500);
          // The materialized view is fed only by blocks that were stored, so it did not double either.
          expect(await countRows(storage, 'otel_traces_trace_id_ts')).toBe(3);
          await storage.insertRowBinaryFile({ ...insert, deduplicationToken: 'token-b' });
          expect(await countRows(storage, 'otel_traces')).toBe(1000);
        });

        it('remembers deduplication tokens across a restart', async () => {
          const first = await started();
          const insert = rowBinaryFile('logs', testLogs(10), 'restart');
          await first.insertRowBinaryFile(insert);
          await first.shutdown();

          const again = await started();
          await again.insertRowBinaryFile(insert);

          expect(await countRows(again, 'otel_logs')).toBe(10);
        });

        describe('audit tables', () => {
          async function auditRows(storage: Storage): Promise<Record<string, unknown[]>> {
            const tables = Object.keys(EXPECTED_AUDIT_ROWS);
            const rows = tables.map((table) =>
              storage.query(
                'SELECT * EXCEPT Timestamp, toString(toUnixTimestamp64Nano(Timestamp)) AS Timestamp FROM {database:Identifier}.{table:Identifier} ORDER BY SpanId',
                { database: storage.database, table },
              ),
            );
            return Object.fromEntries((await Promise.all(rows)).map((r, i) => [tables[i]!, r]));
          }

          it('copy file edits, assumptions, model turns and session roots as they are inserted, once for a deduplicated insert', async () => {
            const storage = await started();
            const insert = rowBinaryFile('traces', auditSpans(), 'audit-token');

            await storage.insertRowBinaryFile(insert);
            await storage.insertRowBinaryFile(insert);

            expect(await auditRows(storage)).toEqual(EXPECTED_AUDIT_ROWS);
          });

          it('are filled with the spans stored before them by their migration, once however often it runs', async () => {
            const storage = await started();
            await storage.insertRowBinaryFile(rowBinaryFile('traces', auditSpans(), 'before-audit-tables'));
            // As a database that stored spans before this migration: its views never saw them.
            for (const table of Object.keys(EXPECTED_AUDIT_ROWS)) await storage.command(`TRUNCATE TABLE \`${storage.database}\`.\`${table}\``);

            for (const statement of auditTablesStatements(storage.database)) await storage.command(statement);
            for (const statement of auditTablesStatements(storage.database)) await storage.command(statement);

            expect(await auditRows(storage)).toEqual(EXPECTED_AUDIT_ROWS);
          });
        });

        it('counts inserted rows in stats', async () => {
          const storage = await started();
          await storage.insertRowBinaryFile(rowBinaryFile('traces', testSpans('stats', 50), 'stats'));

          const stats = await storage.stats();

          expect(stats.tables.find((t) => t.table === 'otel_traces')?.rows).toBe(50);
        });
      },
    );
  });
}
