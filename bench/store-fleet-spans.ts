import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { AUDIT_TABLE_NAMES } from '../ingest/schema/audit-tables.js';
import { TRACES_INSERT_COLUMNS, TRACES_TABLE, TRACE_ID_TS_TABLE, fileStructure } from '../ingest/schema/otel-tables.js';
import { qualifiedTable, sqlString } from '../ingest/storage-sql.js';
import type { Storage } from '../ingest/storage.js';
import { fleetSpansQuery, type FleetSpansShape } from './fleet-spans.js';

/**
 * Stores a generated fleet history (fleet-spans.ts) the way ingest does:
 * the engine writes each chunk of spans as a RowBinary file (no JavaScript
 * touches a row) and `insertRowBinaryFile` inserts it — the write-ahead
 * log's path, materialized views (trace times, audit tables) included.
 * Two chunks are under way at once, so both cores work (writing a chunk
 * takes about a third of inserting it). Then the parts are merged (below).
 */

/** Spans per file by default: ~0.8 GB of RowBinary, large enough that a chunk costs mostly engine time. */
const DEFAULT_CHUNK_SPANS = 1_000_000;
const CHUNKS_AT_ONCE = 2;

export interface StoredFleetSpans {
  readonly insertMs: number;
  readonly optimizeMs: number;
}

async function writeChunk(storage: Storage, shape: FleetSpansShape, file: string, offset: number, count: number): Promise<number> {
  const { sql, params } = fleetSpansQuery(shape, offset, count);
  const target = `FUNCTION file(${sqlString(file)}, 'RowBinary', ${sqlString(fileStructure(TRACES_INSERT_COLUMNS))})`;
  await storage.query(`INSERT INTO ${target} ${sql}`, params);
  return (await stat(file)).size;
}

/**
 * Writes and inserts `shape.spans` spans into `storage`, using `scratchDir`
 * for the chunk files of `chunkSpans` spans; `progress` hears the spans
 * stored so far.
 *
 * Then `OPTIMIZE … FINAL` merges each day's partition of every table (the
 * views' too) into one part, as ClickHouse's background merges would in
 * time: a benchmark measured right after a bulk insert would otherwise
 * count ~80 small parts, which a fleet's long-lived table does not have.
 */
export async function storeFleetSpans(
  storage: Storage,
  shape: FleetSpansShape,
  scratchDir: string,
  progress: (stored: number) => void,
  chunkSpans = DEFAULT_CHUNK_SPANS,
): Promise<StoredFleetSpans> {
  const started = performance.now();
  const chunks = Array.from({ length: Math.ceil(shape.spans / chunkSpans) }, (_, i) => ({
    index: i,
    offset: i * chunkSpans,
    count: Math.min(chunkSpans, shape.spans - i * chunkSpans),
    file: path.join(scratchDir, `spans-${i}.rb`),
  }));
  let next = 0;
  let stored = 0;
  const worker = async () => {
    for (let chunk = chunks[next++]; chunk !== undefined; chunk = chunks[next++]) {
      const byteLength = await writeChunk(storage, shape, chunk.file, chunk.offset, chunk.count);
      await storage.insertRowBinaryFile({ signal: 'traces', path: chunk.file, byteLength, rowCount: chunk.count, deduplicationToken: `bench-fleet-${chunk.index}` });
      await rm(chunk.file);
      progress((stored += chunk.count));
    }
  };
  await Promise.all(Array.from({ length: CHUNKS_AT_ONCE }, worker));
  const inserted = performance.now();
  for (const table of [TRACES_TABLE, TRACE_ID_TS_TABLE, ...AUDIT_TABLE_NAMES]) await storage.command(`OPTIMIZE TABLE ${qualifiedTable(storage.database, table)} FINAL`);
  return { insertMs: inserted - started, optimizeMs: performance.now() - inserted };
}
