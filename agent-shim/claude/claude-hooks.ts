import type { AdapterContext, ShimRouteHandler } from '../agent-adapter.js';
import { BASH_TOOL, commandFacts } from './bash-command.js';
import { emitCommand } from './command-span.js';
import { EDITING_TOOLS, editedPath, fileEditFacts, intendedOp, repoRelativePath } from './file-edit.js';
import { isPartialRead, redactReadWindow, redactStructuredPatch } from './file-context-redaction.js';
import { snapshotFile, type FileSnapshot } from './file-snapshot.js';
import { emitFileEdit, emitFileIntent } from './file-spans.js';
import { hookPayloadSchema, isToolHookPayload, type HookPayload, type ToolHookPayload } from './hook-payload.js';
import { preToolUseAnswer, type PermissionGate } from './permission.js';
import { createSessionFrame } from './session-frame.js';
import { createToolCallSpans, type EditTarget, type RunWindow, type ToolCall, type ToolOutcome } from './tool-call-spans.js';
import { createTranscriptSpans } from './transcript-turns-spans.js';

/** Hooks after which the transcript has new model turns (read then, as the turn that led to them is complete). */
const TRANSCRIPT_EVENTS: ReadonlySet<string> = new Set(['PostToolUse', 'PostToolUseFailure', 'Stop', 'SubagentStop', 'SessionEnd']);

/** Claude Code's file reading tool. */
const READ_TOOL = 'Read';

/** Why an open tool call is ended without a result. */
const NO_RESULT = 'no PostToolUse: the call was refused or interrupted';

export interface ClaudeHooks {
  /** The route handler for Claude Code's HTTP hooks. Answers `{}` unless a gate decides; never throws. */
  readonly handle: ShimRouteHandler;
  /** After the agent exited: last transcript read, open calls ended. */
  stop(): Promise<void>;
}

/**
 * Claude Code's hook events → spans. Work that decides what the answer is
 * (PreToolUse: the file before the edit, the intent, a gate) happens before
 * answering; so does the few-millisecond file read after an edit, because
 * the next tool call may change the file again; transcript reads happen
 * after answering.
 */
export function createClaudeHooks(context: AdapterContext, gate: PermissionGate | undefined): ClaudeHooks {
  const calls = createToolCallSpans(context);
  const frame = createSessionFrame(context);
  const transcripts = createTranscriptSpans(context, Date.now());
  const workTree = context.workTree.path;

  async function editTarget(payload: ToolHookPayload): Promise<EditTarget | undefined> {
    if (!EDITING_TOOLS.has(payload.tool_name)) return undefined;
    const absolutePath = editedPath(payload.tool_input, payload.cwd ?? workTree);
    if (absolutePath === undefined) return undefined;
    return { absolutePath, path: repoRelativePath(absolutePath, workTree), before: await snapshotFile(absolutePath) };
  }

  async function preToolUse(payload: ToolHookPayload): Promise<unknown> {
    const target = await editTarget(payload);
    const call = calls.start(payload, target);
    if (target !== undefined) emitFileIntent(context, call.context, target.path, intendedOp(target.before), call.id);
    const decision = await gate?.({ toolName: call.name, toolUseId: call.id, input: payload.tool_input, path: target?.path });
    if (decision !== undefined) calls.gated(call, decision);
    // A refused call gets no PostToolUse: it ends here.
    if (decision?.decision === 'deny') calls.end(calls.take(payload), { error: `denied: ${decision.reason}` });
    return preToolUseAnswer(decision);
  }

  /** `file.edit` for an editing call that succeeded; returns the file after it. */
  async function recordFileEdit(call: ToolCall, payload: ToolHookPayload, ran: RunWindow): Promise<FileSnapshot | undefined> {
    const absolutePath = call.target?.absolutePath ?? editedPath(payload.tool_input, payload.cwd ?? workTree);
    if (absolutePath === undefined) return undefined;
    const path = repoRelativePath(absolutePath, workTree);
    const after = await snapshotFile(absolutePath);
    const before = call.target?.before;
    emitFileEdit(context, call.context, {
      path,
      toolCallId: call.id,
      facts: fileEditFacts(payload.tool_response, before, after),
      hashBefore: before?.hash,
      hashAfter: after.hash,
      ran,
    });
    // Its PreToolUse was missed, so nothing was claimed: still tell the watcher this content is reported.
    if (call.target === undefined) context.fileEdits.settle(path, after.hash);
    return after;
  }

  /** The result as stored: windows of a file (diff hunks, a Read with an offset or limit) are redacted with the whole file as context. */
  async function storedOutcome(call: ToolCall, payload: ToolHookPayload, outcome: ToolOutcome, after: FileSnapshot | undefined): Promise<ToolOutcome> {
    if ('error' in outcome) return outcome;
    if (EDITING_TOOLS.has(call.name)) {
      const originalFile = (outcome.result as { originalFile?: unknown } | undefined)?.originalFile;
      const before = call.target?.before.content ?? (typeof originalFile === 'string' ? originalFile : undefined);
      return { result: redactStructuredPatch(outcome.result, before, after?.content, context.redactor) };
    }
    if (call.name === READ_TOOL && isPartialRead(outcome.result)) {
      const absolutePath = editedPath(payload.tool_input, payload.cwd ?? workTree);
      const file = absolutePath === undefined ? undefined : await snapshotFile(absolutePath);
      return { result: redactReadWindow(outcome.result, file?.content, context.redactor) };
    }
    return outcome;
  }

  async function postToolUse(payload: ToolHookPayload, outcome: ToolOutcome): Promise<void> {
    const call = calls.take(payload);
    const endMs = Date.now();
    const ran: RunWindow = { startMs: endMs - (payload.duration_ms ?? 0), endMs };
    let after: FileSnapshot | undefined;
    if (EDITING_TOOLS.has(call.name) && !('error' in outcome)) after = await recordFileEdit(call, payload, ran);
    if (call.name === BASH_TOOL) {
      const facts = commandFacts(payload);
      // A Bash call refused before it ran (no exit code, no output) is no command.
      if (!('error' in outcome) || facts.exitCode !== undefined) emitCommand(context, call.context, call.id, facts, ran);
    }
    calls.end(call, await storedOutcome(call, payload, outcome, after), after?.hash);
  }

  async function dispatch(payload: HookPayload): Promise<unknown> {
    frame.see(payload);
    if (payload.transcript_path !== undefined && TRANSCRIPT_EVENTS.has(payload.hook_event_name)) transcripts.poll(payload.transcript_path);
    switch (payload.hook_event_name) {
      case 'PreToolUse':
        return isToolHookPayload(payload) ? preToolUse(payload) : {};
      case 'PostToolUse':
        if (isToolHookPayload(payload)) await postToolUse(payload, { result: payload.tool_response });
        return {};
      case 'PostToolUseFailure':
        if (isToolHookPayload(payload)) await postToolUse(payload, { error: payload.error ?? 'failed' });
        return {};
      case 'Stop':
      case 'SessionEnd':
        calls.abandonAll(NO_RESULT);
        break;
      case 'SubagentStop':
        if (payload.agent_transcript_path !== undefined) transcripts.poll(payload.agent_transcript_path);
        break;
    }
    frame.record(payload);
    return {};
  }

  return {
    async handle(body) {
      const parsed = hookPayloadSchema.safeParse(body);
      if (!parsed.success) {
        context.log.debug(`claude-code: ignoring a hook payload that is not Claude Code's: ${parsed.error.message}`);
        return {};
      }
      try {
        return await dispatch(parsed.data);
      } catch (error) {
        context.log.warn(`claude-code: ${parsed.data.hook_event_name} hook: ${String(error)}`);
        return {};
      }
    },
    async stop() {
      calls.abandonAll(NO_RESULT);
      await transcripts.flush();
    },
  };
}
