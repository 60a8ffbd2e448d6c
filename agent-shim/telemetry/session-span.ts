import { SpanKind, SpanStatusCode, type Attributes, type Span, type Tracer } from '@opentelemetry/api';
import {
  ATTR_AGENTFLEET_EXIT_CODE,
  ATTR_AGENTFLEET_EXIT_SIGNAL,
  ATTR_AGENTFLEET_TASK,
  ATTR_AGENTFLEET_TOTAL_COST_USD,
  ATTR_AGENTFLEET_TOTAL_FILES_CHANGED,
  ATTR_AGENTFLEET_TOTAL_TOOL_CALLS,
  ATTR_GEN_AI_AGENT_ID,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  GEN_AI_OPERATION,
  invokeAgentSpanName,
} from '../../semconv/index.js';
import type { SessionTotals } from '../agent-adapter.js';
import type { ChildExit } from '../child-process.js';
import { agentTextAttributes, type AgentTextPolicy } from './agent-text.js';

export interface SessionStart {
  readonly agentName: string;
  readonly agentId: string;
  readonly task: string | undefined;
}

/** Opens the session's `invoke_agent <name>` root span. */
export function startSessionSpan(tracer: Tracer, start: SessionStart, policy: AgentTextPolicy): Span {
  return tracer.startSpan(invokeAgentSpanName(start.agentName), {
    kind: SpanKind.INTERNAL,
    attributes: {
      [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.invokeAgent,
      [ATTR_GEN_AI_AGENT_NAME]: start.agentName,
      [ATTR_GEN_AI_AGENT_ID]: start.agentId,
      ...agentTextAttributes({ [ATTR_AGENTFLEET_TASK]: start.task }, policy),
    },
  });
}

/** How the agent ended: `agentfleet.exit_signal` when a signal killed it, else `agentfleet.exit_code` (on the root span and the `session.end` event). */
export function exitAttributes(exit: ChildExit): Attributes {
  return exit.signal !== undefined ? { [ATTR_AGENTFLEET_EXIT_SIGNAL]: exit.signal } : { [ATTR_AGENTFLEET_EXIT_CODE]: exit.code };
}

/** Closes the root span with how the agent ended and the session's totals; an agent that failed or was killed marks it an error. */
export function endSessionSpan(span: Span, exit: ChildExit, totals: SessionTotals): void {
  span.setAttributes({
    [ATTR_AGENTFLEET_TOTAL_TOOL_CALLS]: totals.toolCalls,
    [ATTR_AGENTFLEET_TOTAL_FILES_CHANGED]: totals.filesChanged.size,
    [ATTR_AGENTFLEET_TOTAL_COST_USD]: totals.costUsd,
    [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: totals.inputTokens,
    [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: totals.outputTokens,
    ...exitAttributes(exit),
  });
  if (exit.signal !== undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: `killed by ${exit.signal}` });
  else if (exit.code !== 0) span.setStatus({ code: SpanStatusCode.ERROR, message: `exited with code ${exit.code}` });
  span.end();
}
