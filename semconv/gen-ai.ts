/**
 * OpenTelemetry GenAI semantic conventions (development status) that
 * agentfleet uses. Values follow the spec's registry:
 * https://opentelemetry.io/docs/specs/semconv/registry/attributes/gen-ai/
 */

/** The operation a span describes: `invoke_agent`, `execute_tool`, `chat`. */
export const ATTR_GEN_AI_OPERATION_NAME = 'gen_ai.operation.name';
/** Human-readable agent name, e.g. `backend-refactor`. */
export const ATTR_GEN_AI_AGENT_NAME = 'gen_ai.agent.name';
/** Unique id of one agent instance (stable across its sessions). */
export const ATTR_GEN_AI_AGENT_ID = 'gen_ai.agent.id';
/** The conversation (Claude Code session id, Codex thread id …). */
export const ATTR_GEN_AI_CONVERSATION_ID = 'gen_ai.conversation.id';
/** The GenAI provider: `anthropic`, `openai`, `gcp.gemini`. */
export const ATTR_GEN_AI_PROVIDER_NAME = 'gen_ai.provider.name';
/** Model asked for in a request. */
export const ATTR_GEN_AI_REQUEST_MODEL = 'gen_ai.request.model';
/** Model that answered. */
export const ATTR_GEN_AI_RESPONSE_MODEL = 'gen_ai.response.model';
/** Provider's response id. */
export const ATTR_GEN_AI_RESPONSE_ID = 'gen_ai.response.id';
/** Why the model stopped: `["end_turn"]`, `["tool_use"]`. */
export const ATTR_GEN_AI_RESPONSE_FINISH_REASONS = 'gen_ai.response.finish_reasons';
/** Tool name as the model called it: `Edit`, `Bash`, `mcp__fleet__declare_assumption`. */
export const ATTR_GEN_AI_TOOL_NAME = 'gen_ai.tool.name';
/** Tool call id assigned by the model (`toolu_…`). */
export const ATTR_GEN_AI_TOOL_CALL_ID = 'gen_ai.tool.call.id';
/** `function`, `extension` or `datastore`. */
export const ATTR_GEN_AI_TOOL_TYPE = 'gen_ai.tool.type';
/** JSON-encoded tool input (redacted and truncated by agentfleet). */
export const ATTR_GEN_AI_TOOL_CALL_ARGUMENTS = 'gen_ai.tool.call.arguments';
/** Tool output (redacted and truncated by agentfleet). */
export const ATTR_GEN_AI_TOOL_CALL_RESULT = 'gen_ai.tool.call.result';
/** Input tokens of a request (or summed over a session on `invoke_agent`). */
export const ATTR_GEN_AI_USAGE_INPUT_TOKENS = 'gen_ai.usage.input_tokens';
/** Output tokens of a request (or summed over a session on `invoke_agent`). */
export const ATTR_GEN_AI_USAGE_OUTPUT_TOKENS = 'gen_ai.usage.output_tokens';
/** Input tokens served from the provider's prompt cache. */
export const ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS = 'gen_ai.usage.cache_read.input_tokens';
/** Input tokens written to the provider's prompt cache. */
export const ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS = 'gen_ai.usage.cache_creation.input_tokens';

/** Values of `gen_ai.operation.name` that agentfleet emits. */
export const GEN_AI_OPERATION = {
  invokeAgent: 'invoke_agent',
  executeTool: 'execute_tool',
  chat: 'chat',
} as const;
export type GenAiOperation = (typeof GEN_AI_OPERATION)[keyof typeof GEN_AI_OPERATION];
