import {
  ATTR_AGENTFLEET_LLM_COST_USD,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  GEN_AI_OPERATION,
  SPAN_LLM_REQUEST,
} from '../../semconv/index.js';
import type { AdapterContext } from '../agent-adapter.js';
import { turnCostUsd } from './prices.js';
import type { ModelTurn } from './transcript-turns.js';

/** Claude Code talks to Anthropic models (directly, or through Bedrock/Vertex with the same usage fields). */
const PROVIDER = 'anthropic';

/**
 * `llm.request` for one model turn, under the session span, and the turn
 * added to the session totals. `gen_ai.usage.input_tokens` counts every
 * input token, cached ones included, as the GenAI conventions ask (the
 * Anthropic API reports cache reads and writes apart from `input_tokens`);
 * the cache counts are also given on their own.
 */
export function emitLlmRequest(context: AdapterContext, turn: ModelTurn): void {
  const { tokens } = turn;
  const inputTokens = tokens.inputTokens + tokens.cacheReadInputTokens + tokens.cacheCreationInputTokens;
  const costUsd = turnCostUsd(turn.responseModel, tokens);
  const span = context.telemetry.tracer.startSpan(
    SPAN_LLM_REQUEST,
    {
      startTime: turn.startMs,
      attributes: {
        [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.chat,
        [ATTR_GEN_AI_PROVIDER_NAME]: PROVIDER,
        [ATTR_GEN_AI_REQUEST_MODEL]: turn.requestModel,
        [ATTR_GEN_AI_RESPONSE_MODEL]: turn.responseModel,
        [ATTR_GEN_AI_RESPONSE_ID]: turn.messageId,
        [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: inputTokens,
        [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: tokens.outputTokens,
        [ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]: tokens.cacheReadInputTokens,
        [ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS]: tokens.cacheCreationInputTokens,
        ...(turn.finishReason !== undefined ? { [ATTR_GEN_AI_RESPONSE_FINISH_REASONS]: [turn.finishReason] } : {}),
        ...(costUsd !== undefined ? { [ATTR_AGENTFLEET_LLM_COST_USD]: costUsd } : {}),
      },
    },
    context.telemetry.sessionContext,
  );
  span.end(turn.endMs);
  context.totals.inputTokens += inputTokens;
  context.totals.outputTokens += tokens.outputTokens;
  context.totals.costUsd += costUsd ?? 0;
}
