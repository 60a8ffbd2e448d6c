import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { createChdbStorage } from '../ingest/chdb-storage.js';
import { TRACES_INSERT_COLUMNS, fileStructure } from '../ingest/schema/otel-tables.js';
import type { Storage } from '../ingest/storage.js';
import { sqlString } from '../ingest/storage-sql.js';
import { elapsedMs } from './elapsed.js';
import { formatBenchTable } from './table.js';

/**
 * `insertRowBinaryFile` on chDB: sealed write-ahead-log-sized files of
 * OTel-layout spans (6 span attributes, as in DESIGN.md's measurements),
 * against the same rows as JSONEachRow files through the same
 * `INSERT … SELECT FROM file()`, so only the format differs. The files are
 * written by the engine itself, so no JavaScript encoder is measured.
 */
const ROWS_PER_FILE = 20_000;
const FILES = 15;

/** One span per `number`: 50 traces, 8 agents, realistic attribute sizes. */
const SPAN_ROWS_SQL = `SELECT
    toDateTime64('2026-01-01 00:00:00', 9) + toIntervalNanosecond(number * 1000) AS Timestamp,
    lower(hex(MD5(toString(intDiv(number, 400))))) AS TraceId,
    lower(hex(substring(MD5(toString(number)), 1, 8))) AS SpanId,
    lower(hex(substring(MD5(toString(intDiv(number, 20))), 1, 8))) AS ParentSpanId,
    '' AS TraceState,
    concat('execute_tool ', ['Edit', 'Read', 'Bash', 'Grep'][number % 4 + 1]) AS SpanName,
    'Internal' AS SpanKind,
    concat('agent-', toString(number % 8)) AS ServiceName,
    map('service.name', concat('agent-', toString(number % 8)), 'agentfleet.worktree', '/home/dev/fleet/wt-3') AS ResourceAttributes,
    'agentfleet' AS ScopeName,
    '0.1.0' AS ScopeVersion,
    map('gen_ai.tool.name', 'Edit', 'gen_ai.tool.call.id', toString(number), 'agentfleet.file.path', 'src/app/module.ts',
        'agentfleet.file.op', 'modify', 'agentfleet.lines.added', '12', 'agentfleet.lines.removed', '3') AS SpanAttributes,
    toUInt64(1000000 + number % 5000) AS Duration,
    'Ok' AS StatusCode,
    '' AS StatusMessage,
    [] AS \`Events.Timestamp\`, [] AS \`Events.Name\`, [] AS \`Events.Attributes\`,
    [] AS \`Links.TraceId\`, [] AS \`Links.SpanId\`, [] AS \`Links.TraceState\`, [] AS \`Links.Attributes\`
FROM numbers({offset:UInt64}, ${ROWS_PER_FILE})`;

const STRUCTURE = fileStructure(TRACES_INSERT_COLUMNS);

interface SpanFile {
  readonly path: string;
  readonly byteLength: number;
}

/** Writes file `index` in `format` with the engine; returns its path and size. */
async function writeSpanFile(storage: Storage, dir: string, format: string, index: number): Promise<SpanFile> {
  const path = join(dir, `spans-${index}.${format}`);
  const target = `FUNCTION file(${sqlString(path)}, ${sqlString(format)}, ${sqlString(STRUCTURE)})`;
  await storage.query(`INSERT INTO ${target} ${SPAN_ROWS_SQL}`, { offset: index * ROWS_PER_FILE });
  return { path, byteLength: (await stat(path)).size };
}

/** Rows per second of `FILES` files, given the milliseconds each took. */
function rowsPerSecond(elapsedMs: readonly number[]): number {
  return (elapsedMs.length * ROWS_PER_FILE) / (elapsedMs.reduce((a, b) => a + b, 0) / 1000);
}

export async function main(): Promise<void> {
  const dir = await mkdtemp(join(process.env['BENCH_DIR'] ?? tmpdir(), 'agentfleet-bench-storage-'));
  const storage = createChdbStorage({ path: join(dir, 'chdb'), database: 'bench' });
  try {
    await storage.start();
    const rowBinary: SpanFile[] = [];
    const json: SpanFile[] = [];
    for (let i = 0; i < FILES; i++) {
      rowBinary.push(await writeSpanFile(storage, dir, 'RowBinary', i));
      json.push(await writeSpanFile(storage, dir, 'JSONEachRow', i));
    }
    const insertRowBinary = (file: SpanFile, i: number) =>
      storage.insertRowBinaryFile({ signal: 'traces', ...file, rowCount: ROWS_PER_FILE, deduplicationToken: `bench-${i}` });
    // Alternating the formats file by file spreads background merges and machine load over both evenly.
    const rowBinaryMs: number[] = [];
    const jsonMs: number[] = [];
    for (let i = 0; i < FILES; i++) {
      rowBinaryMs.push(await elapsedMs(() => insertRowBinary(rowBinary[i]!, i)));
      jsonMs.push(
        await elapsedMs(() =>
          storage.command(
            `INSERT INTO bench.otel_traces SETTINGS insert_deduplication_token = 'json-${i}' ` +
              `SELECT * FROM file(${sqlString(json[i]!.path)}, 'JSONEachRow', ${sqlString(STRUCTURE)})`,
          ),
        ),
      );
    }
    // Same tokens again: every block is a duplicate, as when the write-ahead log replays after a crash.
    const replayMs: number[] = [];
    for (const [i, file] of rowBinary.entries()) replayMs.push(await elapsedMs(() => insertRowBinary(file, i)));
    const rowBinaryRate = rowsPerSecond(rowBinaryMs);
    const jsonRate = rowsPerSecond(jsonMs);
    const replayRate = rowsPerSecond(replayMs);
    const title = `chDB insertRowBinaryFile, ${FILES} files × ${ROWS_PER_FILE.toLocaleString('en-US')} spans, one after another`;
    console.log(
      formatBenchTable(title, [
        { figure: 'RowBinary file insert', value: rowBinaryRate, unit: 'rows/s', baseline: jsonRate, baselineLabel: 'JSONEachRow file' },
        { figure: 'replay (same tokens, deduplicated)', value: replayRate, unit: 'rows/s', baseline: rowBinaryRate, baselineLabel: 'first insert' },
        { figure: 'RowBinary file size', value: rowBinary[0]!.byteLength / ROWS_PER_FILE, unit: 'B/row', baseline: json[0]!.byteLength / ROWS_PER_FILE, baselineLabel: 'JSONEachRow' },
      ]),
    );
  } finally {
    await storage.shutdown();
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) {
  await main();
}
