import { z } from 'zod';
import { enumListParam } from '../api/query-params.js';
import { ApiError, jsonRoute, type ApiRoute } from '../api/route.js';
import { SESSION_STATUSES, agentSummarySchema, sessionSchema } from '../fleet/fleet-schema.js';
import type { FleetState } from '../fleet/fleet-state.js';

export const AGENTS_API = '/api/v1/agents';
export const SESSIONS_API = '/api/v1/sessions';

export const agentsResponseSchema = z.object({ agents: z.array(agentSummarySchema).describe('sorted by name, then id') });

const sessionsQuerySchema = z.object({
  status: enumListParam(SESSION_STATUSES, 'only sessions in these statuses'),
  agent: z.string().min(1).optional().describe('only sessions of this agent: its name (`service.name`) or its id (`gen_ai.agent.id`)'),
  worktree: z.string().min(1).optional().describe('only sessions in this work tree (absolute path)'),
});

const sessionsResponseSchema = z.object({ sessions: z.array(sessionSchema).describe('oldest first') });

const sessionParamsSchema = z.object({ id: z.string().min(1).describe('`service.instance.id` of the session') });

/**
 * `GET /api/v1/agents`, `GET /api/v1/sessions`, `GET /api/v1/sessions/:id`:
 * the live fleet state (fleet/), answered from memory.
 */
export function agentRoutes(fleet: Pick<FleetState, 'agents' | 'sessions' | 'session'>): ApiRoute[] {
  return [
    jsonRoute({
      method: 'get',
      path: AGENTS_API,
      summary: 'every agent: status, current tool, last activity, work tree and branch, unmerged files',
      response: agentsResponseSchema,
      handle: async () => ({ agents: fleet.agents() }),
    }),
    jsonRoute({
      method: 'get',
      path: SESSIONS_API,
      summary: 'sessions (one per agentfleet run): status, files changed and whether merged, assumptions, usage',
      query: sessionsQuerySchema,
      response: sessionsResponseSchema,
      handle: async ({ query }) => ({
        sessions: fleet
          .sessions()
          .filter(
            (s) =>
              (query.status === undefined || query.status.has(s.status)) &&
              (query.agent === undefined || s.agentName === query.agent || s.agentId === query.agent) &&
              (query.worktree === undefined || s.worktree === query.worktree),
          ),
      }),
    }),
    jsonRoute({
      method: 'get',
      path: `${SESSIONS_API}/:id`,
      summary: 'one session',
      params: sessionParamsSchema,
      errors: { 404: 'no session with this id in the fleet (unknown, or its work tree was removed)' },
      response: sessionSchema,
      handle: async ({ params }) => {
        const session = fleet.session(params.id);
        if (session === undefined) throw new ApiError(404, `no session ${params.id} in the fleet (unknown, or its work tree was removed)`);
        return session;
      },
    }),
  ];
}
