import { z } from 'zod';
import type { Storage } from '../../ingest/storage.js';
import { boundsInOrder, limitParam, timeBoundParam } from '../api/query-params.js';
import { ApiError, jsonRoute, type ApiRoute } from '../api/route.js';
import { chooseBucketMs, heatmapSchema, queryHeatmap, TARGET_BUCKETS } from '../queries/heatmap-query.js';

const DAY_MS = 86_400_000;
/** Most buckets a caller-chosen width may cut the window into. */
const MAX_BUCKETS = 2000;

const querySchema = z
  .object({
    from: timeBoundParam('start of the window (inclusive); default a day before `to`'),
    to: timeBoundParam('end of the window (exclusive); default now'),
    bucketMs: z.coerce.number().int().min(1000).optional().describe(`bucket width in milliseconds; default the smallest round width giving at most ${TARGET_BUCKETS} buckets`),
    agent: z.string().min(1).optional().describe('only edits by this agent (`service.name`)'),
    files: limitParam(50, 500).describe('most files to list, the most edited first (1–500, default 50)'),
  })
  .refine(...boundsInOrder('from', 'to'));

/** `GET /api/v1/heatmap`: files × time buckets and files × agents, from `file.edit` spans. */
export function heatmapRoute(storage: Storage): ApiRoute {
  return jsonRoute({
    method: 'get',
    path: '/api/v1/heatmap',
    summary: 'edits and lines added/removed per file × time bucket and per file × agent',
    query: querySchema,
    response: heatmapSchema,
    handle: async ({ query }) => {
      const untilMs = query.to ?? Date.now();
      const sinceMs = query.from ?? untilMs - DAY_MS;
      const bucketMs = query.bucketMs ?? chooseBucketMs(untilMs - sinceMs);
      if ((untilMs - sinceMs) / bucketMs > MAX_BUCKETS) throw new ApiError(400, `bad query: bucketMs: ${bucketMs} ms cuts the window into more than ${MAX_BUCKETS} buckets`);
      return queryHeatmap(storage, { sinceMs, untilMs, bucketMs, agent: query.agent, maxFiles: query.files });
    },
  });
}
