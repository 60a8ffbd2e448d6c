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

/** A hook payload as the shim reads it; fields it does not know are left alone. */
export interface HookPayload {
  readonly hook_event_name: string;
  readonly session_id: string;
  readonly transcript_path?: string;
  readonly cwd?: string;
  readonly tool_name?: string;
  readonly tool_use_id?: string;
  readonly tool_input?: Record<string, unknown>;
  readonly tool_response?: unknown;
  /** PostToolUseFailure: what the model is told, e.g. `Exit code 3\n<output>`. */
  readonly error?: string;
  readonly duration_ms?: number;
  /** UserPromptSubmit. */
  readonly prompt?: string;
  /** Notification. */
  readonly message?: string;
  /** SessionEnd. */
  readonly reason?: string;
  /** PreCompact: `manual` or `auto`. */
  readonly trigger?: string;
  /** SubagentStop: the subagent's own transcript. */
  readonly agent_transcript_path?: string;
}

const REQUIRED_STRINGS = ['hook_event_name', 'session_id'] as const;
const OPTIONAL_STRINGS = ['transcript_path', 'cwd', 'tool_name', 'tool_use_id', 'error', 'prompt', 'message', 'reason', 'trigger', 'agent_transcript_path'] as const;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The body of a hook request as a `HookPayload`, or what is wrong with it
 * (naming the field). Checked by hand rather than with a zod schema: it
 * runs before every hook's answer, and zod's walk of a payload took ~0.05 ms
 * of that (bench/shim replay).
 */
export function parseHookPayload(body: unknown): HookPayload | string {
  if (!isObject(body)) return 'expected a JSON object';
  for (const field of REQUIRED_STRINGS) if (typeof body[field] !== 'string') return `${field}: expected a string`;
  for (const field of OPTIONAL_STRINGS) if (body[field] !== undefined && typeof body[field] !== 'string') return `${field}: expected a string`;
  if (body['duration_ms'] !== undefined && typeof body['duration_ms'] !== 'number') return 'duration_ms: expected a number';
  if (body['tool_input'] !== undefined && !isObject(body['tool_input'])) return 'tool_input: expected an object';
  return body as unknown as HookPayload;
}

/** A tool event's payload with the fields every tool event has. */
export interface ToolHookPayload extends HookPayload {
  readonly tool_name: string;
  readonly tool_use_id: string;
  readonly tool_input: Record<string, unknown>;
}

export function isToolHookPayload(payload: HookPayload): payload is ToolHookPayload {
  return payload.tool_name !== undefined && payload.tool_use_id !== undefined && payload.tool_input !== undefined;
}
