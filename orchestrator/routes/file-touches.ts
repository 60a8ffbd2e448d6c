import { z } from 'zod';
import type { Storage } from '../../ingest/storage.js';
import {
  ATTR_AGENTFLEET_FILE_OP,
  ATTR_AGENTFLEET_FILE_PATH,
  ATTR_AGENTFLEET_WORKTREE,
  ATTR_VCS_REF_HEAD_NAME,
  SPAN_FILE_EDIT,
  SPAN_FILE_INTENT,
} from '../../semconv/index.js';
import { jsonRoute, type ApiRoute } from '../api/route.js';
import { tracesTable } from '../queries/traces-sql.js';

/**
 * `GET /api/v1/files/touches?path=src/a.ts[&windowMs=…][&limit=…]`: which
 * agents edited (`file.edit`) or announced an edit (`file.intent`) of a
 * repository-relative path recently, one row per agent with its latest
 * touch, newest first. "Recently" is a time window (default a day) until
 * the fleet state knows what is merged.
 */
export const FILE_TOUCHES_API = '/api/v1/files/touches';

const DAY_MS = 24 * 60 * 60 * 1000;

const querySchema = z.object({
  path: z.string().min(1).describe('repository-relative path'),
  windowMs: z.coerce.number().int().positive().max(30 * DAY_MS).default(DAY_MS).describe('how far back to look, in milliseconds'),
  limit: z.coerce.number().int().min(1).max(100).default(20).describe('most agents to return'),
});

const fileTouchSchema = z.object({
  agent: z.string(),
  span: z.string().describe('`file.edit` or `file.intent`'),
  op: z.string(),
  atMs: z.number(),
  traceId: z.string(),
  worktree: z.string(),
  branch: z.string(),
});

const fileTouchesResponseSchema = z.object({ path: z.string(), touches: z.array(fileTouchSchema) });

/** One agent's latest touch of the path. */
export type FileTouch = z.output<typeof fileTouchSchema>;

export type FileTouchesResponse = z.output<typeof fileTouchesResponseSchema>;

type TouchRow = Omit<FileTouch, 'atMs'> & { readonly atMs: string };

async function queryFileTouches(storage: Storage, path: string, sinceMs: number, limit: number): Promise<FileTouch[]> {
  const table = tracesTable(storage);
  const rows = await storage.query<TouchRow>(
    `SELECT ServiceName AS agent,
            argMax(SpanName, Timestamp) AS span,
            argMax(SpanAttributes[{opKey:String}], Timestamp) AS op,
            toUnixTimestamp64Milli(max(Timestamp)) AS atMs,
            argMax(TraceId, Timestamp) AS traceId,
            argMax(ResourceAttributes[{worktreeKey:String}], Timestamp) AS worktree,
            argMax(ResourceAttributes[{branchKey:String}], Timestamp) AS branch
     FROM ${table}
     WHERE SpanName IN ({editSpan:String}, {intentSpan:String})
       AND SpanAttributes[{pathKey:String}] = {path:String}
       AND Timestamp >= fromUnixTimestamp64Milli({sinceMs:Int64})
     GROUP BY ServiceName
     ORDER BY atMs DESC
     LIMIT {limit:UInt32}`,
    {
      opKey: ATTR_AGENTFLEET_FILE_OP,
      pathKey: ATTR_AGENTFLEET_FILE_PATH,
      worktreeKey: ATTR_AGENTFLEET_WORKTREE,
      branchKey: ATTR_VCS_REF_HEAD_NAME,
      editSpan: SPAN_FILE_EDIT,
      intentSpan: SPAN_FILE_INTENT,
      path,
      sinceMs,
      limit,
    },
  );
  return rows.map((row) => ({ ...row, atMs: Number(row.atMs) }));
}

export function fileTouchesRoute(storage: Storage): ApiRoute {
  return jsonRoute({
    method: 'get',
    path: FILE_TOUCHES_API,
    summary: 'agents that recently edited or announced an edit of a file, latest touch each',
    query: querySchema,
    response: fileTouchesResponseSchema,
    handle: async ({ query: { path, windowMs, limit } }) => ({ path, touches: await queryFileTouches(storage, path, Date.now() - windowMs, limit) }),
  });
}
