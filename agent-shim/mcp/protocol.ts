import { z } from 'zod';
import type { FileTouch } from '../../orchestrator/routes/file-touches.js';

/**
 * What the MCP server (a child of Claude Code) and the shim say to each
 * other over the shim's loopback routes. Paths in requests are absolute
 * (the MCP server resolves them against the agent's cwd); the shim makes
 * them repository-relative.
 */

/** Owned by the shim core (`agentfleet assume` posts here too). */
export const ASSUMPTIONS_ROUTE = '/assumptions';
export const INTENTS_ROUTE = '/intents';
export const TOUCHES_ROUTE = '/touches';

export const assumptionRequestSchema = z.object({ text: z.string().min(1), about: z.string().min(1).optional() });

export const intentsRequestSchema = z.object({ paths: z.array(z.string().min(1)).min(1).max(100) });
export const intentsResponseSchema = z.object({ intents: z.array(z.object({ path: z.string(), op: z.string() })) });
export type IntentsResponse = z.infer<typeof intentsResponseSchema>;

export const touchesRequestSchema = z.object({ path: z.string().min(1) });
/** One other agent's latest edit or intent on the path (the control plane's answer, without the asking agent). */
export const fileTouchSchema: z.ZodType<FileTouch> = z.object({
  agent: z.string(),
  span: z.string(),
  op: z.string(),
  atMs: z.number(),
  traceId: z.string(),
  worktree: z.string(),
  branch: z.string(),
});
export const touchesResponseSchema = z.object({
  path: z.string(),
  touches: z.array(fileTouchSchema),
  /** Set when the answer could not be had (the control plane is down); `touches` is then empty, not known-empty. */
  error: z.string().optional(),
});
export type TouchesResponse = z.infer<typeof touchesResponseSchema>;
