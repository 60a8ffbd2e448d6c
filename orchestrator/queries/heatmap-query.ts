import { z } from 'zod';
import type { Storage } from '../../ingest/storage.js';
import { ATTR_AGENTFLEET_FILE_LINES_ADDED, ATTR_AGENTFLEET_FILE_LINES_REMOVED, ATTR_AGENTFLEET_FILE_PATH, SPAN_FILE_EDIT } from '../../semconv/index.js';
import { allOf, tracesTable, whereSql, windowFilter, type SqlFilter } from './traces-sql.js';

/**
 * The file heatmap: which files were edited when and by whom, from
 * `file.edit` spans — edits and lines added/removed per file × time bucket
 * and per file × agent, for the most edited files of a window.
 */

export interface HeatmapRequest {
  readonly sinceMs: number;
  readonly untilMs: number;
  /** Bucket width; buckets start at multiples of it (epoch-aligned, so they stay put as the window slides). */
  readonly bucketMs: number;
  readonly agent: string | undefined;
  readonly maxFiles: number;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const BUCKET_STEPS_MS = [SECOND, 5 * SECOND, 10 * SECOND, 30 * SECOND, MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 7 * DAY];

/** Most buckets a window is cut into when the caller names no bucket width. */
export const TARGET_BUCKETS = 60;

/** The smallest round bucket width that cuts `windowMs` into at most TARGET_BUCKETS buckets. */
export function chooseBucketMs(windowMs: number): number {
  return BUCKET_STEPS_MS.find((step) => windowMs / step <= TARGET_BUCKETS) ?? BUCKET_STEPS_MS[BUCKET_STEPS_MS.length - 1]!;
}

const editCounts = {
  edits: z.number().int(),
  linesAdded: z.number().int(),
  linesRemoved: z.number().int(),
};

export const heatmapSchema = z.object({
  sinceMs: z.number(),
  untilMs: z.number(),
  bucketMs: z.number().int(),
  buckets: z.array(z.number()).describe('start of every bucket in the window, epoch ms'),
  agents: z.array(z.string()).describe('agents that edited any listed file, by name'),
  files: z
    .array(
      z.object({
        path: z.string(),
        ...editCounts,
        byBucket: z.array(z.object({ bucketStartMs: z.number(), ...editCounts })).describe('buckets with edits only, in time order'),
        byAgent: z.array(z.object({ agent: z.string(), ...editCounts })).describe('most edits first'),
      }),
    )
    .describe('most edited first'),
  truncated: z.boolean().describe('more files were edited in the window than are listed'),
});
export type Heatmap = z.output<typeof heatmapSchema>;

interface CellRow {
  readonly path: string;
  readonly agent: string;
  readonly bucketStartMs: string;
  readonly edits: string;
  readonly linesAdded: string;
  readonly linesRemoved: string;
}

interface Counts {
  edits: number;
  linesAdded: number;
  linesRemoved: number;
}

function add(into: Counts, row: CellRow): void {
  into.edits += Number(row.edits);
  into.linesAdded += Number(row.linesAdded);
  into.linesRemoved += Number(row.linesRemoved);
}

const zero = (): Counts => ({ edits: 0, linesAdded: 0, linesRemoved: 0 });

export async function queryHeatmap(storage: Storage, request: HeatmapRequest): Promise<Heatmap> {
  const table = tracesTable(storage);
  const edits: SqlFilter = allOf(
    { conditions: ['SpanName = {editSpan:String}', 'SpanAttributes[{pathKey:String}] != \'\''], params: { editSpan: SPAN_FILE_EDIT, pathKey: ATTR_AGENTFLEET_FILE_PATH } },
    windowFilter(request),
    request.agent === undefined ? { conditions: [], params: {} } : { conditions: ['ServiceName = {agent:String}'], params: { agent: request.agent } },
  );
  // One pass over the window's edits of its most edited files; both views are sums of these cells.
  const rows = await storage.query<CellRow>(
    `SELECT SpanAttributes[{pathKey:String}] AS path, ServiceName AS agent,
            intDiv(toUnixTimestamp64Milli(Timestamp), {bucketMs:Int64}) * {bucketMs:Int64} AS bucketStartMs,
            count() AS edits,
            sum(toUInt64OrZero(SpanAttributes[{addedKey:String}])) AS linesAdded,
            sum(toUInt64OrZero(SpanAttributes[{removedKey:String}])) AS linesRemoved
     FROM ${table}
     WHERE ${whereSql(edits)}
       AND SpanAttributes[{pathKey:String}] IN (
         SELECT SpanAttributes[{pathKey:String}] FROM ${table} WHERE ${whereSql(edits)}
         GROUP BY SpanAttributes[{pathKey:String}] ORDER BY count() DESC, SpanAttributes[{pathKey:String}] LIMIT {topFiles:UInt32})
     GROUP BY path, agent, bucketStartMs`,
    { ...edits.params, bucketMs: request.bucketMs, addedKey: ATTR_AGENTFLEET_FILE_LINES_ADDED, removedKey: ATTR_AGENTFLEET_FILE_LINES_REMOVED, topFiles: request.maxFiles + 1 },
  );

  const files = new Map<string, Counts & { byBucket: Map<number, Counts>; byAgent: Map<string, Counts> }>();
  for (const row of rows) {
    const file = files.get(row.path) ?? { ...zero(), byBucket: new Map(), byAgent: new Map() };
    files.set(row.path, file);
    add(file, row);
    const bucket = Number(row.bucketStartMs);
    add(file.byBucket.get(bucket) ?? file.byBucket.set(bucket, zero()).get(bucket)!, row);
    add(file.byAgent.get(row.agent) ?? file.byAgent.set(row.agent, zero()).get(row.agent)!, row);
  }
  const ranked = [...files.entries()].sort(([pa, a], [pb, b]) => b.edits - a.edits || (pa < pb ? -1 : 1));
  const listed = ranked.slice(0, request.maxFiles);

  const buckets: number[] = [];
  for (let start = Math.floor(request.sinceMs / request.bucketMs) * request.bucketMs; start < request.untilMs; start += request.bucketMs) buckets.push(start);
  return {
    sinceMs: request.sinceMs,
    untilMs: request.untilMs,
    bucketMs: request.bucketMs,
    buckets,
    agents: [...new Set(listed.flatMap(([, file]) => [...file.byAgent.keys()]))].sort(),
    files: listed.map(([path, file]) => ({
      path,
      edits: file.edits,
      linesAdded: file.linesAdded,
      linesRemoved: file.linesRemoved,
      byBucket: [...file.byBucket.entries()].sort(([a], [b]) => a - b).map(([bucketStartMs, counts]) => ({ bucketStartMs, ...counts })),
      byAgent: [...file.byAgent.entries()].sort(([na, a], [nb, b]) => b.edits - a.edits || (na < nb ? -1 : 1)).map(([agent, counts]) => ({ agent, ...counts })),
    })),
    truncated: ranked.length > request.maxFiles,
  };
}
