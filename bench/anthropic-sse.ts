import { randomBytes } from 'node:crypto';

/**
 * The Anthropic Messages API's streaming wire format: one assistant message
 * as the server-sent events a real `POST /v1/messages` with `stream: true`
 * sends (message_start, a start/delta/stop triple per content block,
 * message_delta with the stop reason and output tokens, message_stop).
 */

export interface ToolUseBlock {
  readonly type: 'tool_use';
  readonly name: string;
  readonly input: Readonly<Record<string, unknown>>;
}
export interface TextBlock {
  readonly type: 'text';
  readonly text: string;
}
export type AssistantBlock = ToolUseBlock | TextBlock;

/** Token counts reported for one message (what the transcript and `llm.request` carry). */
export interface MessageUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cacheReadInputTokens: number;
  readonly cacheCreationInputTokens: number;
}

export interface AssistantMessage {
  readonly id: string;
  readonly model: string;
  readonly blocks: readonly AssistantBlock[];
  readonly usage: MessageUsage;
}

/** Assistant message and tool-call ids in the shapes the real API uses (`msg_…`, `toolu_…`). */
export function newMessageId(): string {
  return `msg_${randomBytes(12).toString('hex')}`;
}
export function newToolUseId(): string {
  return `toolu_${randomBytes(12).toString('hex')}`;
}

/** A tool input streamed as several `input_json_delta` fragments, as the real API cuts it. */
const JSON_FRAGMENT_CHARS = 24;

function event(type: string, data: object): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
}

/** The stream of events for `message`, tool_use ids assigned by the caller (`toolUseIds[i]` for the i-th tool block). */
export function messageEvents(message: AssistantMessage, toolUseIds: readonly string[]): string[] {
  const events = [
    event('message_start', {
      message: {
        id: message.id,
        type: 'message',
        role: 'assistant',
        model: message.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: {
          input_tokens: message.usage.inputTokens,
          cache_read_input_tokens: message.usage.cacheReadInputTokens,
          cache_creation_input_tokens: message.usage.cacheCreationInputTokens,
          output_tokens: 1,
        },
      },
    }),
  ];
  let toolIndex = 0;
  message.blocks.forEach((block, index) => {
    if (block.type === 'text') {
      events.push(event('content_block_start', { index, content_block: { type: 'text', text: '' } }));
      events.push(event('content_block_delta', { index, delta: { type: 'text_delta', text: block.text } }));
    } else {
      const id = toolUseIds[toolIndex++];
      events.push(event('content_block_start', { index, content_block: { type: 'tool_use', id, name: block.name, input: {} } }));
      const json = JSON.stringify(block.input);
      for (let at = 0; at < json.length; at += JSON_FRAGMENT_CHARS) {
        events.push(event('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: json.slice(at, at + JSON_FRAGMENT_CHARS) } }));
      }
    }
    events.push(event('content_block_stop', { index }));
  });
  const stopReason = message.blocks.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn';
  events.push(event('message_delta', { delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: message.usage.outputTokens } }));
  events.push(event('message_stop', {}));
  return events;
}
