import { SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';
import {
  ATTR_AGENTFLEET_GATE_DECISION,
  ATTR_AGENTFLEET_GATE_REASON,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  EVENT_TOOL_END,
  EVENT_TOOL_START,
  GEN_AI_OPERATION,
  executeToolSpanName,
} from '../../semconv/index.js';
import type { AdapterContext } from '../agent-adapter.js';
import { agentTextAttributes, textPolicyOf } from '../telemetry/agent-text.js';
import { attributeText } from './attribute-text.js';
import type { FileSnapshot } from './file-snapshot.js';
import { BASH_TOOL } from './bash-command.js';
import type { ToolHookPayload } from './hook-payload.js';
import type { PermissionDecision } from './permission.js';

/** The file an editing tool call targets, and how it was before the call. */
export interface EditTarget {
  readonly absolutePath: string;
  /** Repository-relative (see `repoRelativePath`). */
  readonly path: string;
  readonly before: FileSnapshot;
}

/**
 * One tool call: its `execute_tool` span, open from PreToolUse to
 * PostToolUse(Failure), and the live `tool.start` / `tool.end` events at
 * those moments (the span itself is exported only when it ends; `tool.end`
 * of a failed, refused or abandoned call is a WARN record). While it is
 * open, the work-tree watcher is told (the shim's file-edit ledger): an
 * editing tool's file is claimed (the hooks report that edit), and a Bash
 * call is a window whose file changes the watcher parents to this span.
 */
export interface ToolCall {
  readonly id: string;
  readonly name: string;
  /** The Claude Code session it belongs to. */
  readonly conversationId: string;
  readonly span: Span;
  /** Context whose active span is this call: the parent of its file.intent, file.edit and command spans. */
  readonly context: Context;
  readonly target: EditTarget | undefined;
  /** Gives the ledger back what the call took: the claim (with the file's hash after, when known) or the watch window. */
  readonly release: (hashAfter: string | undefined) => void;
}

/** When a tool ran, from its PostToolUse: the hook's arrival minus Claude Code's `duration_ms`, to the arrival. */
export interface RunWindow {
  readonly startMs: number;
  readonly endMs: number;
}

export type ToolOutcome = { readonly result: unknown } | { readonly error: string };

/** MCP tools are named `mcp__<server>__<tool>`; GenAI calls them `extension` tools. */
const MCP_TOOL_PREFIX = 'mcp__';

/** Status messages are short: the full text is in the result attribute. */
const STATUS_MESSAGE_MAX_CHARS = 256;

export interface ToolCallSpans {
  /** PreToolUse (received at `startTimeMs`): opens the call (a repeated PreToolUse for the same id returns the open call). `target` is claimed in the ledger. */
  start(payload: ToolHookPayload, target: EditTarget | undefined, startTimeMs: number): ToolCall;
  /**
   * PostToolUse(Failure): removes the call from the open ones, so its
   * children can be added before `end`. A call whose PreToolUse was missed
   * is started now, backdated by the payload's `duration_ms`.
   */
  take(payload: ToolHookPayload): ToolCall;
  /** Records the collision gate's decision about the call: on its span (decision and reason) and on its `tool.end`; too late once the call has ended. */
  gated(call: ToolCall, decision: PermissionDecision): void;
  /** Ends the span and releases the call's ledger entries; `hashAfter` is the edited file's content hash after the call. */
  end(call: ToolCall, outcome: ToolOutcome, hashAfter?: string): void;
  /** Ends every open call as failed: their PostToolUse will not come (the tool was refused, the turn interrupted, the session over). */
  abandonAll(reason: string): void;
}

export function createToolCallSpans(context: AdapterContext): ToolCallSpans {
  const open = new Map<string, ToolCall>();
  /** Gate decisions of calls not yet ended, by call id, for their `tool.end`. */
  const decisions = new Map<string, PermissionDecision['decision']>();
  const policy = textPolicyOf(context);

  function begin(payload: ToolHookPayload, target: EditTarget | undefined, startTimeMs?: number): ToolCall {
    const span = context.telemetry.tracer.startSpan(
      executeToolSpanName(payload.tool_name),
      {
        startTime: startTimeMs,
        attributes: {
          [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.executeTool,
          [ATTR_GEN_AI_TOOL_NAME]: payload.tool_name,
          [ATTR_GEN_AI_TOOL_CALL_ID]: payload.tool_use_id,
          [ATTR_GEN_AI_TOOL_TYPE]: payload.tool_name.startsWith(MCP_TOOL_PREFIX) ? 'extension' : 'function',
        },
      },
      context.telemetry.sessionContext,
    );
    span.setAttributes(agentTextAttributes({ [ATTR_GEN_AI_TOOL_CALL_ARGUMENTS]: payload.tool_input }, policy));
    context.totals.toolCalls++;
    const callContext = trace.setSpan(context.telemetry.sessionContext, span);
    if (target !== undefined) context.fileEdits.claim(target.path);
    const endWatch = payload.tool_name === BASH_TOOL ? context.fileEdits.beginTool(callContext) : undefined;
    const release = (hashAfter: string | undefined) => {
      if (target !== undefined) context.fileEdits.settle(target.path, hashAfter);
      endWatch?.();
    };
    return { id: payload.tool_use_id, name: payload.tool_name, conversationId: payload.session_id, span, context: callContext, target, release };
  }

  const eventAttributes = (call: ToolCall) => ({
    [ATTR_GEN_AI_TOOL_NAME]: call.name,
    [ATTR_GEN_AI_TOOL_CALL_ID]: call.id,
    [ATTR_GEN_AI_CONVERSATION_ID]: call.conversationId,
  });

  function end(call: ToolCall, outcome: ToolOutcome, hashAfter?: string): void {
    call.release(hashAfter);
    const decision = decisions.get(call.id);
    decisions.delete(call.id);
    const gate = decision === undefined ? {} : { [ATTR_AGENTFLEET_GATE_DECISION]: decision };
    context.telemetry.emitEvent(EVENT_TOOL_END, { ...eventAttributes(call), ...gate }, 'error' in outcome ? 'warn' : 'info');
    if ('error' in outcome) {
      call.span.setAttributes(agentTextAttributes({ [ATTR_GEN_AI_TOOL_CALL_RESULT]: outcome.error }, policy));
      call.span.setStatus({ code: SpanStatusCode.ERROR, message: attributeText(outcome.error, policy.redactor, STATUS_MESSAGE_MAX_CHARS).text });
    } else {
      call.span.setAttributes(agentTextAttributes({ [ATTR_GEN_AI_TOOL_CALL_RESULT]: outcome.result }, policy));
    }
    call.span.end();
  }

  return {
    start(payload, target, startTimeMs) {
      const existing = open.get(payload.tool_use_id);
      if (existing !== undefined) return existing;
      const call = begin(payload, target, startTimeMs);
      open.set(call.id, call);
      context.telemetry.emitEvent(EVENT_TOOL_START, eventAttributes(call));
      return call;
    },
    take(payload) {
      const call = open.get(payload.tool_use_id);
      if (call !== undefined) {
        open.delete(call.id);
        return call;
      }
      return begin(payload, undefined, Date.now() - (payload.duration_ms ?? 0));
    },
    gated(call, decision) {
      if (!call.span.isRecording()) return;
      decisions.set(call.id, decision.decision);
      call.span.setAttribute(ATTR_AGENTFLEET_GATE_DECISION, decision.decision);
      call.span.setAttributes(agentTextAttributes({ [ATTR_AGENTFLEET_GATE_REASON]: decision.reason }, policy));
    },
    end,
    abandonAll(reason) {
      for (const call of open.values()) end(call, { error: reason });
      open.clear();
    },
  };
}
