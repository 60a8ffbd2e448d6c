import { z } from 'zod';
import { enumListParam, limitParam, timeBoundParam } from '../api/query-params.js';
import { ApiError, jsonRoute, type ApiRoute } from '../api/route.js';
import { ALERT_KINDS, ALERT_SEVERITIES, type Alert } from '../collisions/alert.js';
import type { AlertBook } from '../collisions/alert-book.js';
import { ALERT_STATE_CHOICES, alertFilterOf, selectAlerts } from '../collisions/alert-filter.js';
import { alertSchema } from '../collisions/alert-schema.js';

export const ALERTS_API = '/api/v1/alerts';

/** Alerts a list holds by default, and at most. */
export const ALERTS_DEFAULT_LIMIT = 100;
export const ALERTS_MAX_LIMIT = 1_000;

/** Who acknowledged or resolved an alert when the request does not say. */
const ANONYMOUS = 'anonymous';

const listQuerySchema = z.object({
  kind: enumListParam(ALERT_KINDS, 'only alerts of these kinds'),
  state: enumListParam(ALERT_STATE_CHOICES, 'only alerts in these states (default open,acknowledged; `all` for every state)'),
  severity: enumListParam(ALERT_SEVERITIES, 'only alerts of these severities'),
  agent: z.string().min(1).optional().describe('only alerts with this agent (name) among the parties'),
  file: z.string().min(1).optional().describe('only alerts about this repository-relative path'),
  since: timeBoundParam('only alerts that changed (seen or resolved) at or after this time'),
  limit: limitParam(ALERTS_DEFAULT_LIMIT, ALERTS_MAX_LIMIT),
});

/** The alerts list as the API answers it (`agentfleet alerts --json` prints it as is). */
export const alertListSchema = z.object({
  alerts: z.array(alertSchema).describe('newest change first'),
  total: z.number().int().nonnegative().describe('how many alerts matched, `limit` or not'),
  byKind: z.record(z.enum(ALERT_KINDS), z.number().int().nonnegative()).describe('matching alerts per kind, `limit` or not'),
});

export type AlertList = z.output<typeof alertListSchema>;
/** An alert as the API sends it (fields that are undefined left out). */
export type ListedAlert = AlertList['alerts'][number];

const idParamsSchema = z.object({ id: z.string().min(1).describe('the alert id, e.g. `overlap-1f2e3d4c5b6a7980`') });

const byBodySchema = z
  .object({ by: z.string().min(1).max(200).optional().describe(`who (a name for the record; default \`${ANONYMOUS}\`)`) })
  .optional();

const NO_SUCH_ALERT = { 404: 'no alert with this id' };

function found(alert: Alert | undefined, id: string): Alert {
  if (alert === undefined) throw new ApiError(404, `no alert ${id}`);
  return alert;
}

/**
 * `GET /api/v1/alerts` (filtered, newest first, limited) and
 * `POST /api/v1/alerts/:id/acknowledge` | `/resolve`: the collision
 * engine's alert book, answered from memory. Changes reach the store and
 * the stream through the book's own listeners.
 */
export function alertRoutes(book: Pick<AlertBook, 'all' | 'get' | 'acknowledge' | 'resolve'>): ApiRoute[] {
  return [
    jsonRoute({
      method: 'get',
      path: ALERTS_API,
      summary: 'collision alerts, filtered, newest change first',
      query: listQuerySchema,
      response: alertListSchema,
      handle: async ({ query }) => selectAlerts(book.all(), alertFilterOf(query), query.limit),
    }),
    jsonRoute({
      method: 'post',
      path: `${ALERTS_API}/:id/acknowledge`,
      summary: 'mark an open alert seen; it stays acknowledged until it is resolved or its severity rises',
      description: 'An alert already acknowledged or resolved is answered as it is.',
      params: idParamsSchema,
      body: byBodySchema,
      errors: NO_SUCH_ALERT,
      response: alertSchema,
      handle: async ({ params, body }) => found(book.acknowledge(params.id, body?.by ?? ANONYMOUS), params.id),
    }),
    jsonRoute({
      method: 'post',
      path: `${ALERTS_API}/:id/resolve`,
      summary: 'resolve an alert by hand; it reopens only when its problem changes',
      description: 'An alert already resolved is answered as it is.',
      params: idParamsSchema,
      body: byBodySchema,
      errors: NO_SUCH_ALERT,
      response: alertSchema,
      handle: async ({ params, body }) => found(book.resolve(params.id, body?.by ?? ANONYMOUS, Date.now()), params.id),
    }),
  ];
}
