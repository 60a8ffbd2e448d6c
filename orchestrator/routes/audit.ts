import { z } from 'zod';
import type { Storage } from '../../ingest/storage.js';
import { boundsInOrder, limitParam, timeBoundParam } from '../api/query-params.js';
import { jsonRoute, type ApiRoute } from '../api/route.js';
import { queryAudit } from '../queries/audit/audit-query.js';
import { auditReportSchema, type AuditAlertSource } from '../queries/audit/audit-schema.js';

export const AUDIT_API = '/api/v1/audit';

/** Most items per section an audit lists by default, and at most. */
export const AUDIT_DEFAULT_LIMIT = 500;
const AUDIT_MAX_LIMIT = 10_000;

const querySchema = z
  .object({
    agent: z.string().min(1).optional().describe('audit this agent (`service.name`)'),
    session: z.string().min(1).optional().describe('audit this session (`service.instance.id`)'),
    file: z.string().min(1).optional().describe('audit this repository-relative path'),
    since: timeBoundParam('start of the window (inclusive); default open'),
    until: timeBoundParam('end of the window (exclusive); default open'),
    limit: limitParam(AUDIT_DEFAULT_LIMIT, AUDIT_MAX_LIMIT).describe(`most items per section (1–${AUDIT_MAX_LIMIT}, default ${AUDIT_DEFAULT_LIMIT}); \`truncated\` names the sections that had more`),
  })
  .refine((q) => [q.agent, q.session, q.file].filter((v) => v !== undefined).length === 1, { message: 'give exactly one of agent, session, file' })
  .refine(...boundsInOrder('since', 'until'));

/** `GET /api/v1/audit?agent=|session=|file=`: what an agent, session or file went through. */
export function auditRoute(storage: Storage, alerts: AuditAlertSource | undefined): ApiRoute {
  return jsonRoute({
    method: 'get',
    path: AUDIT_API,
    summary: 'sessions, files with line counts, commands with exit codes, assumptions, tool calls, tokens and cost, and alerts of one agent, session or file',
    description: 'A file audit lists the edits of the file and the assumptions about it (subject = the path, or `path#symbol`); commands, tool calls and tokens belong to sessions and stay empty.',
    query: querySchema,
    response: auditReportSchema,
    handle: ({ query }) =>
      queryAudit(
        storage,
        { agent: query.agent ?? null, session: query.session ?? null, file: query.file ?? null, sinceMs: query.since ?? null, untilMs: query.until ?? null },
        { limit: query.limit, alerts },
      ),
  });
}
