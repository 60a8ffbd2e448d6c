/**
 * Span names. GenAI spans are `{operation} {target}` as the GenAI
 * conventions ask; agentfleet's own spans have fixed names so a query can
 * filter on `SpanName` alone.
 */
import { GEN_AI_OPERATION } from './gen-ai.js';

/** Root span of one agent session: `invoke_agent <agent name>`. */
export function invokeAgentSpanName(agentName: string): string {
  return `${GEN_AI_OPERATION.invokeAgent} ${agentName}`;
}

/** One tool call: `execute_tool <tool name>`. */
export function executeToolSpanName(toolName: string): string {
  return `${GEN_AI_OPERATION.executeTool} ${toolName}`;
}

export const SPAN_FILE_EDIT = 'file.edit';
export const SPAN_FILE_INTENT = 'file.intent';
export const SPAN_ASSUMPTION = 'assumption';
export const SPAN_COMMAND = 'command';
export const SPAN_LLM_REQUEST = 'llm.request';

/** Prefixes of the GenAI span names, for `SpanName LIKE 'execute_tool %'`. */
export const SPAN_PREFIX_INVOKE_AGENT = `${GEN_AI_OPERATION.invokeAgent} `;
export const SPAN_PREFIX_EXECUTE_TOOL = `${GEN_AI_OPERATION.executeTool} `;

/** Instrumentation scope of everything the shim emits. */
export const SCOPE_NAME = 'agentfleet';
