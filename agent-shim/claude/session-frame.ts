import { trace } from '@opentelemetry/api';
import {
  ATTR_AGENTFLEET_EVENT_DETAIL,
  ATTR_AGENTFLEET_TASK,
  ATTR_GEN_AI_CONVERSATION_ID,
  EVENT_COMPACT,
  EVENT_NOTIFICATION,
  EVENT_SESSION_END,
  EVENT_SESSION_START,
  EVENT_SUBAGENT_END,
  EVENT_TURN_END,
  EVENT_USER_PROMPT,
} from '../../semconv/index.js';
import type { AdapterContext } from '../agent-adapter.js';
import { agentTextAttributes, textPolicyOf } from '../telemetry/agent-text.js';
import type { HookEvent, HookPayload } from './hook-payload.js';

/**
 * The session frame on the `invoke_agent` span. Claude Code 2.1.x does not
 * call HTTP hooks for SessionStart, so the session is known from the first
 * hook that carries a `session_id` (the shim itself started the span when
 * it started the agent): that id becomes `gen_ai.conversation.id`, and each
 * new id (a `/clear` in an interactive session) adds a `session.start`
 * event. Moments without a duration (a prompt, the end of a turn, a
 * notification, a compaction, the session's end) are span events rather
 * than spans; they reach storage with the session span, when the agent
 * exits — so they are also sent at once as event log records, except
 * `session.start` and `session.end`: the live ones are the shim's own, for
 * the whole run (with the exit code), not for one conversation.
 */
export interface SessionFrame {
  /** Every payload passes here first. */
  see(payload: HookPayload): void;
  /** Records a non-tool hook event as a span event (and as a live event log record). */
  record(payload: HookPayload): void;
}

/** Event name, its free-text detail, and whether it is also sent live, for each non-tool hook. */
const EVENTS: Partial<Record<HookEvent, { name: string; detail: (p: HookPayload) => string | undefined; live: boolean }>> = {
  UserPromptSubmit: { name: EVENT_USER_PROMPT, detail: () => undefined, live: true },
  Stop: { name: EVENT_TURN_END, detail: () => undefined, live: true },
  SubagentStop: { name: EVENT_SUBAGENT_END, detail: () => undefined, live: true },
  Notification: { name: EVENT_NOTIFICATION, detail: (p) => p.message, live: true },
  PreCompact: { name: EVENT_COMPACT, detail: (p) => p.trigger, live: true },
  SessionEnd: { name: EVENT_SESSION_END, detail: (p) => p.reason, live: false },
};

export function createSessionFrame(context: AdapterContext): SessionFrame {
  const sessionSpan = trace.getSpan(context.telemetry.sessionContext);
  const seen = new Set<string>();
  const policy = textPolicyOf(context);

  return {
    see(payload) {
      if (seen.has(payload.session_id)) return;
      if (seen.size === 0) sessionSpan?.setAttribute(ATTR_GEN_AI_CONVERSATION_ID, payload.session_id);
      seen.add(payload.session_id);
      sessionSpan?.addEvent(EVENT_SESSION_START, { [ATTR_GEN_AI_CONVERSATION_ID]: payload.session_id });
    },
    record(payload) {
      const event = EVENTS[payload.hook_event_name as HookEvent];
      if (event === undefined) return;
      const attributes = {
        [ATTR_GEN_AI_CONVERSATION_ID]: payload.session_id,
        ...agentTextAttributes({ [ATTR_AGENTFLEET_TASK]: payload.prompt, [ATTR_AGENTFLEET_EVENT_DETAIL]: event.detail(payload) }, policy),
      };
      sessionSpan?.addEvent(event.name, attributes);
      if (event.live) context.telemetry.emitEvent(event.name, attributes);
    },
  };
}
