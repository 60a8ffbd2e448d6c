/**
 * What travels on the live feed: agentfleet's own span names
 * (semconv/span-names.ts, the GenAI ones by prefix) and log records whose
 * `EventName` is a session event (semconv/session-events.ts). The fleet
 * state's rebuild selects the same rows from storage with these lists.
 */
import {
  EVENT_COMPACT,
  EVENT_HEARTBEAT,
  EVENT_NOTIFICATION,
  EVENT_SESSION_END,
  EVENT_SESSION_START,
  EVENT_SUBAGENT_END,
  EVENT_TOOL_END,
  EVENT_TOOL_START,
  EVENT_TURN_END,
  EVENT_USER_PROMPT,
  SPAN_ASSUMPTION,
  SPAN_COMMAND,
  SPAN_FILE_EDIT,
  SPAN_FILE_INTENT,
  SPAN_LLM_REQUEST,
  SPAN_PREFIX_EXECUTE_TOOL,
  SPAN_PREFIX_INVOKE_AGENT,
} from '../../semconv/index.js';

export const FEED_SPAN_NAMES: readonly string[] = [SPAN_FILE_EDIT, SPAN_FILE_INTENT, SPAN_ASSUMPTION, SPAN_COMMAND, SPAN_LLM_REQUEST];
export const FEED_SPAN_PREFIXES: readonly string[] = [SPAN_PREFIX_INVOKE_AGENT, SPAN_PREFIX_EXECUTE_TOOL];
export const FEED_EVENT_NAMES: readonly string[] = [
  EVENT_SESSION_START,
  EVENT_SESSION_END,
  EVENT_USER_PROMPT,
  EVENT_TURN_END,
  EVENT_SUBAGENT_END,
  EVENT_NOTIFICATION,
  EVENT_COMPACT,
  EVENT_TOOL_START,
  EVENT_TOOL_END,
  EVENT_HEARTBEAT,
];

const bytesOf = (words: readonly string[]) => words.map((word) => Buffer.from(word, 'utf8'));
const SPAN_NAME_BYTES = bytesOf(FEED_SPAN_NAMES);
const SPAN_PREFIX_BYTES = bytesOf(FEED_SPAN_PREFIXES);
const EVENT_NAME_BYTES = bytesOf(FEED_EVENT_NAMES);

/** Whether `buf[start, end)` begins with `word` (byte by byte: the names are short, and no string is made). */
function startsWith(buf: Buffer, start: number, end: number, word: Buffer): boolean {
  if (end - start < word.length) return false;
  for (let i = 0; i < word.length; i++) if (buf[start + i] !== word[i]) return false;
  return true;
}

function isOneOf(buf: Buffer, start: number, end: number, words: readonly Buffer[]): boolean {
  for (const word of words) if (end - start === word.length && startsWith(buf, start, end, word)) return true;
  return false;
}

/** Whether the span name in `buf[start, end)` is agentfleet's. */
export function isFeedSpanName(buf: Buffer, start: number, end: number): boolean {
  if (isOneOf(buf, start, end, SPAN_NAME_BYTES)) return true;
  for (const prefix of SPAN_PREFIX_BYTES) if (startsWith(buf, start, end, prefix)) return true;
  return false;
}

/** Whether the log `EventName` in `buf[start, end)` is a session event. */
export function isFeedEventName(buf: Buffer, start: number, end: number): boolean {
  return isOneOf(buf, start, end, EVENT_NAME_BYTES);
}
