import { z } from 'zod';
import { jsonRoute, type ApiRoute } from '../api/route.js';
import { alertSchema } from '../collisions/alert-schema.js';
import type { CollisionService } from '../collisions/collision-service.js';
import type { Logger } from '../log.js';

export const INTENTS_API = '/api/v1/intents';

/** Paths are compared with `file.edit` paths: repository-relative, POSIX, inside the repository. */
const repoRelativePath = z
  .string()
  .min(1)
  .refine((p) => !p.startsWith('/') && !p.includes('\\') && !p.split('/').includes('..'), 'expected a repository-relative path (no leading /, no .., / as separator)');

export const intentRequestSchema = z.object({
  sessionId: z.string().min(1).describe('the asking session (`service.instance.id` of its `agentfleet run`)'),
  paths: z.array(repoRelativePath).min(1).max(100).describe('repository-relative paths the session is about to edit'),
  toolName: z.string().optional().describe('the tool call about to edit them, e.g. `Edit` (logged with the decision)'),
  toolCallId: z.string().optional().describe("that tool call's id (logged with the decision)"),
});

export const intentResponseSchema = z.object({
  decision: z.enum(['allow', 'ask', 'deny']).describe("Claude Code's permissionDecision: `allow` unless the gate policy says `ask` or `deny` for a collision"),
  reason: z.string().describe('for the agent: whose unmerged work the edit would collide with and what to do instead'),
  alerts: z.array(alertSchema).describe('the intent alerts raised or updated by this request'),
  holdsEdits: z
    .boolean()
    .describe("whether the gate policy can ask or deny this session's edits at all; while it cannot, the shim lets edits proceed without waiting for this answer"),
});

/**
 * `POST /api/v1/intents`: the shim's PreToolUse asks before an edit lands.
 * Answered from the fleet state in memory, so within the hook's time
 * budget; a session the fleet does not know yet is allowed (fail open).
 */
export function intentsRoute(collisions: Pick<CollisionService, 'evaluateIntent'>, log: Logger): ApiRoute {
  return jsonRoute({
    method: 'post',
    path: INTENTS_API,
    summary: 'decide an edit about to happen: allow, ask or deny, with the reason and the intent alerts it raised',
    description:
      'Called synchronously by the shim before an agent edits files (Claude Code PreToolUse). The decision is the strictest gate mode (`--gate`, `--gate-policy`) ' +
      'over the other sessions with unmerged changes to these paths; a session not known yet is allowed unchecked.',
    body: intentRequestSchema,
    response: intentResponseSchema,
    handle: async ({ body }) => {
      const answer = collisions.evaluateIntent({ sessionId: body.sessionId, paths: body.paths });
      log.debug(`intent: ${body.toolName ?? 'an edit'} (call ${body.toolCallId ?? 'unknown'}) of session ${body.sessionId} on ${body.paths.join(', ')}: ${answer.decision}, ${answer.alerts.length} alerts`);
      return answer;
    },
  });
}
