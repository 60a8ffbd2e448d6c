import { z } from 'zod';
import type { Storage } from '../../ingest/storage.js';
import { boundsInOrder, cursorParam, limitParam, timeBoundParam } from '../api/query-params.js';
import { ApiError, jsonRoute, type ApiRoute } from '../api/route.js';
import { querySearch, searchPageSchema, SEARCH_FIELDS } from '../queries/search-query.js';

const DAY_MS = 86_400_000;
/** Widest window one search scans: a substring search reads every span of it. */
const MAX_WINDOW_DAYS = 31;

const querySchema = z
  .object({
    q: z.string().trim().min(2).max(200).describe('text to find (case-insensitive substring)'),
    from: timeBoundParam(`start of the window (inclusive); default 7 days before \`to\`; at most ${MAX_WINDOW_DAYS} days before it`),
    to: timeBoundParam('end of the window (exclusive); default now'),
    agent: z.string().min(1).optional().describe('only spans of this agent (`service.name`)'),
    limit: limitParam(50, 200),
    cursor: cursorParam,
  })
  .refine(...boundsInOrder('from', 'to'));

/** `GET /api/v1/search?q=`: text search over the fleet's spans. */
export function searchRoute(storage: Storage): ApiRoute {
  return jsonRoute({
    method: 'get',
    path: '/api/v1/search',
    summary: `find text in ${SEARCH_FIELDS.join(', ')}; newest first, paged`,
    query: querySchema,
    response: searchPageSchema,
    handle: ({ query }) => {
      const untilMs = query.to ?? Date.now();
      const sinceMs = query.from ?? untilMs - 7 * DAY_MS;
      if (untilMs - sinceMs > MAX_WINDOW_DAYS * DAY_MS) throw new ApiError(400, `bad query: from: a search covers at most ${MAX_WINDOW_DAYS} days`);
      return querySearch(storage, { text: query.q, window: { sinceMs, untilMs }, agent: query.agent, limit: query.limit, after: query.cursor });
    },
  });
}
