import { z } from 'zod';

/**
 * The JSON Claude Code POSTs to an HTTP hook (verified with 2.1.x). Every
 * payload has `hook_event_name`, `session_id`, `transcript_path` and `cwd`;
 * tool events add `tool_name`, `tool_use_id`, `tool_input`, and after the
 * call `tool_response` (PostToolUse) or `error` (PostToolUseFailure), both
 * with `duration_ms`. Unknown fields are ignored, missing optional ones
 * tolerated: a payload from another version degrades, never throws.
 */

/** Events the shim registers hooks for. SessionStart fires only `command` hooks in 2.1.x; it is listed for versions that call HTTP hooks too. */
export const HOOK_EVENTS = [
  'PreToolUse',
  'PostToolUse',
  'PostToolUseFailure',
  'UserPromptSubmit',
  'SessionStart',
  'SessionEnd',
  'Stop',
  'SubagentStop',
  'Notification',
  'PreCompact',
] as const;
export type HookEvent = (typeof HOOK_EVENTS)[number];

/** Events whose matcher selects tools. */
export const TOOL_HOOK_EVENTS: ReadonlySet<HookEvent> = new Set(['PreToolUse', 'PostToolUse', 'PostToolUseFailure']);

export const hookPayloadSchema = z.object({
  hook_event_name: z.string(),
  session_id: z.string(),
  transcript_path: z.string().optional(),
  cwd: z.string().optional(),
  tool_name: z.string().optional(),
  tool_use_id: z.string().optional(),
  tool_input: z.record(z.string(), z.unknown()).optional(),
  tool_response: z.unknown().optional(),
  /** PostToolUseFailure: what the model is told, e.g. `Exit code 3\n<output>`. */
  error: z.string().optional(),
  duration_ms: z.number().optional(),
  /** UserPromptSubmit. */
  prompt: z.string().optional(),
  /** Notification. */
  message: z.string().optional(),
  /** SessionEnd. */
  reason: z.string().optional(),
  /** PreCompact: `manual` or `auto`. */
  trigger: z.string().optional(),
  /** SubagentStop: the subagent's own transcript. */
  agent_transcript_path: z.string().optional(),
});
export type HookPayload = z.infer<typeof hookPayloadSchema>;

/** A tool event's payload with the fields every tool event has. */
export interface ToolHookPayload extends HookPayload {
  readonly tool_name: string;
  readonly tool_use_id: string;
  readonly tool_input: Record<string, unknown>;
}

export function isToolHookPayload(payload: HookPayload): payload is ToolHookPayload {
  return payload.tool_name !== undefined && payload.tool_use_id !== undefined && payload.tool_input !== undefined;
}
