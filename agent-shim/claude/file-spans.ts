import type { Context } from '@opentelemetry/api';
import {
  ATTR_AGENTFLEET_FILE_HASH_AFTER,
  ATTR_AGENTFLEET_FILE_HASH_BEFORE,
  ATTR_AGENTFLEET_FILE_LINES_ADDED,
  ATTR_AGENTFLEET_FILE_LINES_REMOVED,
  ATTR_AGENTFLEET_FILE_OP,
  ATTR_AGENTFLEET_FILE_PATH,
  ATTR_GEN_AI_TOOL_CALL_ID,
  SPAN_FILE_EDIT,
  SPAN_FILE_INTENT,
  type FileOp,
} from '../../semconv/index.js';
import type { AdapterContext } from '../agent-adapter.js';
import type { FileEditFacts } from './file-edit.js';
import type { RunWindow } from './tool-call-spans.js';

/**
 * `file.intent`: the agent is about to edit `path`. Exported at once, not
 * batched: the orchestrator must know before the edit lands.
 */
export function emitFileIntent(context: AdapterContext, parent: Context, path: string, op: FileOp, toolCallId: string | undefined): void {
  const span = context.telemetry.tracer.startSpan(
    SPAN_FILE_INTENT,
    { attributes: { [ATTR_AGENTFLEET_FILE_PATH]: path, [ATTR_AGENTFLEET_FILE_OP]: op, ...(toolCallId ? { [ATTR_GEN_AI_TOOL_CALL_ID]: toolCallId } : {}) } },
    parent,
  );
  context.telemetry.endNow(span);
}

export interface FileEdit {
  readonly path: string;
  readonly toolCallId: string;
  readonly facts: FileEditFacts;
  readonly hashBefore: string | undefined;
  readonly hashAfter: string | undefined;
  /** When the tool that changed the file ran. */
  readonly ran: RunWindow;
}

/** `file.edit` under its tool call's span; counts the file in the session's totals. */
export function emitFileEdit(context: AdapterContext, parent: Context, edit: FileEdit): void {
  const span = context.telemetry.tracer.startSpan(
    SPAN_FILE_EDIT,
    {
      startTime: edit.ran.startMs,
      attributes: {
        [ATTR_AGENTFLEET_FILE_PATH]: edit.path,
        [ATTR_AGENTFLEET_FILE_OP]: edit.facts.op,
        [ATTR_GEN_AI_TOOL_CALL_ID]: edit.toolCallId,
        ...(edit.facts.lines ? { [ATTR_AGENTFLEET_FILE_LINES_ADDED]: edit.facts.lines.added, [ATTR_AGENTFLEET_FILE_LINES_REMOVED]: edit.facts.lines.removed } : {}),
        ...(edit.hashBefore ? { [ATTR_AGENTFLEET_FILE_HASH_BEFORE]: edit.hashBefore } : {}),
        ...(edit.hashAfter ? { [ATTR_AGENTFLEET_FILE_HASH_AFTER]: edit.hashAfter } : {}),
      },
    },
    parent,
  );
  span.end(edit.ran.endMs);
  context.totals.filesChanged.add(edit.path);
}
