import path from 'node:path';
import type { AdapterContext } from '../agent-adapter.js';
import { intendedOp, repoRelativePath } from '../claude/file-edit.js';
import { snapshotFile } from '../claude/file-snapshot.js';
import { emitFileIntent } from '../claude/file-spans.js';
import { FILE_TOUCHES_API } from '../../orchestrator/routes/file-touches.js';
import {
  INTENTS_ROUTE,
  TOUCHES_ROUTE,
  intentsRequestSchema,
  touchesRequestSchema,
  touchesResponseSchema,
  type IntentsResponse,
  type TouchesResponse,
} from './protocol.js';

/** The control plane answers from storage; a slow one must not hold the agent's tool call long. */
const CONTROL_PLANE_TIMEOUT_MS = 3_000;

/**
 * The shim's side of the MCP tools declare_intent and who_is_touching
 * (declare_assumption posts to the shim core's `/assumptions`). Declared
 * intents are `file.intent` spans under the session (they come from the MCP
 * server, not from a tool-call hook), exported at once like hook intents.
 * who_is_touching asks the control plane and leaves this agent out; when
 * the control plane cannot be asked, the answer says why.
 */
export function registerMcpRoutes(context: AdapterContext): void {
  const workTree = context.workTree.path;
  const repoPath = (requested: string) => repoRelativePath(path.resolve(workTree, requested), workTree);

  context.server.route(INTENTS_ROUTE, async (body): Promise<IntentsResponse> => {
    const { paths } = intentsRequestSchema.parse(body);
    const intents: IntentsResponse['intents'] = [];
    for (const requested of paths) {
      const file = repoPath(requested);
      const op = intendedOp(await snapshotFile(path.resolve(workTree, requested)));
      emitFileIntent(context, context.telemetry.sessionContext, file, op, undefined);
      intents.push({ path: file, op });
    }
    return { intents };
  });

  context.server.route(TOUCHES_ROUTE, async (body): Promise<TouchesResponse> => {
    const file = repoPath(touchesRequestSchema.parse(body).path);
    try {
      const url = new URL(FILE_TOUCHES_API, context.config.controlPlaneUrl);
      url.searchParams.set('path', file);
      const response = await fetch(url, {
        headers: context.config.token !== undefined ? { authorization: `Bearer ${context.config.token}` } : {},
        signal: AbortSignal.timeout(CONTROL_PLANE_TIMEOUT_MS),
      });
      if (!response.ok) throw new Error(`the control plane answered ${response.status}`);
      const { touches } = touchesResponseSchema.parse(await response.json());
      return { path: file, touches: touches.filter((t) => t.agent !== context.agentName) };
    } catch (error) {
      return { path: file, touches: [], error: `cannot ask the control plane at ${context.config.controlPlaneUrl}: ${error instanceof Error ? error.message : String(error)}` };
    }
  });
}
