import type { Attributes, Context } from '@opentelemetry/api';
import {
  ATTR_AGENTFLEET_FILE_BINARY,
  ATTR_AGENTFLEET_FILE_HASH_AFTER,
  ATTR_AGENTFLEET_FILE_HASH_BEFORE,
  ATTR_AGENTFLEET_FILE_LINES_ADDED,
  ATTR_AGENTFLEET_FILE_LINES_REMOVED,
  ATTR_AGENTFLEET_FILE_OLD_PATH,
  ATTR_AGENTFLEET_FILE_OP,
  ATTR_AGENTFLEET_FILE_PATH,
  FILE_OP,
  SPAN_FILE_EDIT,
} from '../../semconv/index.js';
import type { ShimTelemetry } from '../agent-adapter.js';
import { diffLineCounts } from '../claude/line-diff.js';
import { agentTextAttributes, type AgentTextPolicy } from '../telemetry/agent-text.js';
import type { FileChange } from './file-changes.js';

const isBinary = (content: string | undefined) => content?.includes('\0') ?? false;

/** Line counts of a change, when both sides' contents are known; binary files count 0 and say so. */
export function lineAttributes(change: FileChange): Attributes {
  const before = change.op === FILE_OP.create ? '' : change.before?.content;
  const after = change.op === FILE_OP.delete ? '' : change.after?.content;
  if (isBinary(before) || isBinary(after)) {
    return { [ATTR_AGENTFLEET_FILE_LINES_ADDED]: 0, [ATTR_AGENTFLEET_FILE_LINES_REMOVED]: 0, [ATTR_AGENTFLEET_FILE_BINARY]: true };
  }
  if (before === undefined || after === undefined) return {};
  const counts = change.op === FILE_OP.rename ? { added: 0, removed: 0 } : diffLineCounts(before, after);
  return { [ATTR_AGENTFLEET_FILE_LINES_ADDED]: counts.added, [ATTR_AGENTFLEET_FILE_LINES_REMOVED]: counts.removed };
}

/** Emits the `file.edit` span of a change the watcher saw, under `parent` (its tool call, or the session). */
export function emitFileEdit(telemetry: ShimTelemetry, policy: AgentTextPolicy, change: FileChange, parent: Context): void {
  const attributes: Attributes = {
    ...agentTextAttributes({ [ATTR_AGENTFLEET_FILE_PATH]: change.path, [ATTR_AGENTFLEET_FILE_OLD_PATH]: change.oldPath }, policy),
    [ATTR_AGENTFLEET_FILE_OP]: change.op,
    ...lineAttributes(change),
  };
  if (change.before?.hash !== undefined && change.op !== FILE_OP.create) attributes[ATTR_AGENTFLEET_FILE_HASH_BEFORE] = change.before.hash;
  if (change.after?.hash !== undefined && change.op !== FILE_OP.delete) attributes[ATTR_AGENTFLEET_FILE_HASH_AFTER] = change.after.hash;
  telemetry.tracer.startSpan(SPAN_FILE_EDIT, { startTime: change.firstSeenMs, attributes }, parent).end();
}
