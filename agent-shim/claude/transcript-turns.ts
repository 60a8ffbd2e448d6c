import { z } from 'zod';
import type { TurnTokens } from './prices.js';

/**
 * Model turns from Claude Code transcript entries (verified with 2.1.x):
 * an `assistant` entry per content block, all blocks of one API response
 * sharing `message.id` and its final `usage` and `stop_reason`; the
 * `api-request` entry it points to (`requestRef`) says when the request
 * started. One turn is reported once, however many blocks and reads it
 * spans; a turn whose `stop_reason` is still null waits for its last block
 * (older versions wrote usage while streaming) or for `drain()`.
 */

export interface ModelTurn {
  readonly messageId: string;
  readonly requestModel: string;
  readonly responseModel: string;
  readonly finishReason: string | undefined;
  readonly tokens: TurnTokens;
  readonly startMs: number;
  readonly endMs: number;
}

const usageSchema = z.object({
  input_tokens: z.number(),
  output_tokens: z.number(),
  cache_read_input_tokens: z.number().nullish(),
  cache_creation_input_tokens: z.number().nullish(),
});
const assistantEntrySchema = z.object({
  type: z.literal('assistant'),
  timestamp: z.string(),
  requestRef: z.string().optional(),
  requestedModel: z.string().optional(),
  message: z.object({ id: z.string(), model: z.string(), stop_reason: z.string().nullish(), usage: usageSchema }),
});
const apiRequestEntrySchema = z.object({ type: z.literal('api-request'), id: z.string(), timestamp: z.string() });

/** Claude Code's placeholder for turns no model answered (API errors, interruptions). */
const SYNTHETIC_MODEL = '<synthetic>';

export interface TurnCollector {
  /** Turns completed by these entries, in transcript order. */
  add(entries: readonly unknown[]): ModelTurn[];
  /** Turns still waiting for their last block (the session is over). */
  drain(): ModelTurn[];
}

/** `sinceMs`: turns that ended earlier belong to an earlier run (a resumed session's transcript) and are skipped. */
export function createTurnCollector(sinceMs: number): TurnCollector {
  const requestStartMs = new Map<string, number>();
  const reported = new Set<string>();
  let pending: ModelTurn | undefined;

  function take(): ModelTurn[] {
    const turn = pending;
    pending = undefined;
    if (turn === undefined || reported.has(turn.messageId)) return [];
    reported.add(turn.messageId);
    return [turn];
  }

  return {
    add(entries) {
      const done: ModelTurn[] = [];
      for (const entry of entries) {
        const request = apiRequestEntrySchema.safeParse(entry);
        if (request.success) {
          requestStartMs.set(request.data.id, Date.parse(request.data.timestamp));
          continue;
        }
        const parsed = assistantEntrySchema.safeParse(entry);
        if (!parsed.success) continue;
        const { message, timestamp, requestRef, requestedModel } = parsed.data;
        const endMs = Date.parse(timestamp);
        if (message.model === SYNTHETIC_MODEL || reported.has(message.id) || !(endMs >= sinceMs)) continue;
        if (pending !== undefined && pending.messageId !== message.id) done.push(...take());
        const startMs = (requestRef !== undefined ? requestStartMs.get(requestRef) : undefined) ?? pending?.startMs ?? endMs;
        pending = {
          messageId: message.id,
          requestModel: requestedModel ?? message.model,
          responseModel: message.model,
          finishReason: message.stop_reason ?? undefined,
          tokens: {
            inputTokens: message.usage.input_tokens,
            outputTokens: message.usage.output_tokens,
            cacheReadInputTokens: message.usage.cache_read_input_tokens ?? 0,
            cacheCreationInputTokens: message.usage.cache_creation_input_tokens ?? 0,
          },
          startMs: Math.min(startMs, endMs),
          endMs,
        };
        if (pending.finishReason !== undefined) {
          if (requestRef !== undefined) requestStartMs.delete(requestRef);
          done.push(...take());
        }
      }
      return done;
    },
    drain: take,
  };
}
