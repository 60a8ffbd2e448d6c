import { SpanStatusCode, type Context } from '@opentelemetry/api';
import {
  ATTR_AGENTFLEET_COMMAND_EXIT_CODE,
  ATTR_AGENTFLEET_COMMAND_OUTPUT_BYTES,
  ATTR_AGENTFLEET_COMMAND_TEXT,
  ATTR_GEN_AI_TOOL_CALL_ID,
  SPAN_COMMAND,
} from '../../semconv/index.js';
import type { AdapterContext } from '../agent-adapter.js';
import { agentTextAttributes, textPolicyOf } from '../telemetry/agent-text.js';
import type { CommandFacts } from './bash-command.js';
import type { RunWindow } from './tool-call-spans.js';

/** `command` under its Bash tool call, spanning the command's run (Claude Code's `duration_ms`). */
export function emitCommand(context: AdapterContext, parent: Context, toolCallId: string, facts: CommandFacts, ran: RunWindow): void {
  const span = context.telemetry.tracer.startSpan(
    SPAN_COMMAND,
    {
      startTime: ran.startMs,
      attributes: {
        [ATTR_GEN_AI_TOOL_CALL_ID]: toolCallId,
        [ATTR_AGENTFLEET_COMMAND_OUTPUT_BYTES]: facts.outputBytes,
        ...(facts.exitCode !== undefined ? { [ATTR_AGENTFLEET_COMMAND_EXIT_CODE]: facts.exitCode } : {}),
        ...agentTextAttributes({ [ATTR_AGENTFLEET_COMMAND_TEXT]: facts.text }, textPolicyOf(context)),
      },
    },
    parent,
  );
  if (facts.exitCode !== 0) span.setStatus({ code: SpanStatusCode.ERROR, message: facts.exitCode === undefined ? 'no exit code' : `exit code ${facts.exitCode}` });
  span.end(ran.endMs);
}
