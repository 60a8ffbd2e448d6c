import { z } from 'zod';
import type { Storage } from '../../ingest/storage.js';
import { boundsInOrder, cursorParam, limitParam, timeBoundParam } from '../api/query-params.js';
import { jsonRoute, type ApiRoute } from '../api/route.js';
import { querySpans, spansPageSchema } from '../queries/spans-query.js';

const HOUR_MS = 3_600_000;

const querySchema = z.object({
  from: timeBoundParam('start of the window (inclusive); default an hour before `to`, or the whole trace when `trace` is given'),
  to: timeBoundParam('end of the window (exclusive); default open'),
  agent: z.string().min(1).optional().describe('only this agent (`service.name`)'),
  session: z.string().min(1).optional().describe('only this session (`service.instance.id`)'),
  trace: z.string().regex(/^[0-9a-f]{32}$/, 'expected 32 lowercase hex digits').optional().describe('only this trace'),
  name: z.string().min(1).optional().describe('only spans of this name, or names starting with a prefix ending in `*` (`execute_tool *`)'),
  limit: limitParam(200, 1000),
  cursor: cursorParam,
}).refine(...boundsInOrder('from', 'to'));

/** `GET /api/v1/spans`: spans in a time window, oldest first, keyset-paged. */
export function spansRoute(storage: Storage): ApiRoute {
  return jsonRoute({
    method: 'get',
    path: '/api/v1/spans',
    summary: 'spans in a time window, oldest first, paged with an opaque cursor',
    description:
      'Paging is by key (time, trace id, span id), not offset: spans stored while a client pages never shift a page, so every span of the window comes exactly once. ' +
      'A span that arrives with a start time before the cursor (a late delivery) is not returned by later pages.',
    query: querySchema,
    response: spansPageSchema,
    handle: ({ query }) =>
      querySpans(storage, {
        window: { sinceMs: query.from ?? (query.trace === undefined ? (query.to ?? Date.now()) - HOUR_MS : undefined), untilMs: query.to },
        agent: query.agent,
        session: query.session,
        traceId: query.trace,
        name: query.name,
        limit: query.limit,
        after: query.cursor,
      }),
  });
}
