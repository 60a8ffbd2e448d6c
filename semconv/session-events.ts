/**
 * Span events on the session's `invoke_agent` span: moments in a session
 * that have no duration of their own (a prompt arrives, a turn ends, the
 * agent asks for attention, the context is compacted). Events, not spans,
 * so the span vocabulary stays the fixed set of `span-names.ts`.
 */

/**
 * Span event: a session id was seen for the first time (Claude Code: first hook carrying it; a `/clear` starts another).
 * Log event: the shim launched the agent (`agentfleet.task`).
 */
export const EVENT_SESSION_START = 'session.start';
/**
 * Span event: the agent's session ended (Claude Code `SessionEnd`).
 * Log event: the agent process exited (`agentfleet.exit_code` or `agentfleet.exit_signal`).
 */
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

/**
 * The same moments are also sent as OTLP log records (`EventName` = the
 * constants above, trace and span id of the session's root span) the moment
 * they happen: the root span, and its events, reach the collector only when
 * the session ends, but the live fleet view needs them now.
 */

/** A tool call starts (Claude Code `PreToolUse`): `gen_ai.tool.name`, `gen_ai.tool.call.id`. Log event only. */
export const EVENT_TOOL_START = 'tool.start';
/** A tool call finished (Claude Code `PostToolUse` / `PostToolUseFailure`). Log event only. */
export const EVENT_TOOL_END = 'tool.end';
/** The shim is alive; sent every `heartbeat` interval so a crashed shim can be told from a quiet agent. Log event only. */
export const EVENT_HEARTBEAT = 'heartbeat';
