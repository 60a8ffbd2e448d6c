/**
 * Span events on the session's `invoke_agent` span: moments in a session
 * that have no duration of their own (a prompt arrives, a turn ends, the
 * agent asks for attention, the context is compacted). Events, not spans,
 * so the span vocabulary stays the fixed set of `span-names.ts`.
 */

/** A session id was seen for the first time (Claude Code: first hook carrying it; a `/clear` starts another). */
export const EVENT_SESSION_START = 'session.start';
/** The agent's session ended (Claude Code `SessionEnd`). */
export const EVENT_SESSION_END = 'session.end';
/** The human (or the `-p` prompt) gave the agent a prompt; the text is in `agentfleet.task`. */
export const EVENT_USER_PROMPT = 'user.prompt';
/** The agent finished answering a prompt and waits (Claude Code `Stop`). */
export const EVENT_TURN_END = 'turn.end';
/** A subagent finished (Claude Code `SubagentStop`). */
export const EVENT_SUBAGENT_END = 'subagent.end';
/** The agent asks for the human's attention (Claude Code `Notification`). */
export const EVENT_NOTIFICATION = 'notification';
/** The conversation is about to be compacted (Claude Code `PreCompact`). */
export const EVENT_COMPACT = 'compact';

/** Free text that comes with an event: a notification's message, why a session ended, what triggered a compaction. */
export const ATTR_AGENTFLEET_EVENT_DETAIL = 'agentfleet.event.detail';
