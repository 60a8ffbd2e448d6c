import type { AdapterContext, ShimRouteHandler } from '../agent-adapter.js';
import { BASH_TOOL, commandFacts } from './bash-command.js';
import { emitCommand } from './command-span.js';
import { EDITING_TOOLS, editedPath, fileEditFacts, intendedOp, repoRelativePath } from './file-edit.js';
import { isPartialRead, redactReadWindow, redactStructuredPatch } from './file-context-redaction.js';
import { snapshotFileNow, type FileSnapshot } from './file-snapshot.js';
import { emitFileEdit, emitFileIntent } from './file-spans.js';
import { isToolHookPayload, parseHookPayload, type HookPayload, type ToolHookPayload } from './hook-payload.js';
import { preToolUseAnswer, type PermissionGate } from './permission.js';
import { createHookQueue, type HookReply } from './hook-queue.js';
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
  /** Resolves when the work of every hook received so far is done (answers may go out before it is). */
  settled(): Promise<void>;
  /** After the agent exited: last transcript read, open calls ended. */
  stop(): Promise<void>;
}

/**
 * Claude Code's hook events → spans. Each hook is answered as soon as its
 * answer is known, and the rest of its work runs after (see `HookQueue`).
 * What decides the answer happens first (PreToolUse of an edit: the file
 * before and, while the gate can hold edits, the intent and the gate); and
 * a Bash call's watch window opens before Claude Code may run it. Spans,
 * diffs, redaction, the files a call left behind and transcript reads come
 * after the answer — before the next hook's work, so before any later call
 * can change those files.
 */
export function createClaudeHooks(context: AdapterContext, gate: PermissionGate | undefined): ClaudeHooks {
  const calls = createToolCallSpans(context);
  const frame = createSessionFrame(context);
  const transcripts = createTranscriptSpans(context, Date.now());
  const queue = createHookQueue((error) => context.log.warn(`claude-code: hook: ${String(error)}`));
  const workTree = context.workTree.path;
  /** Decisions of gate checks that did not hold their call, recorded on its span if they come before it ends. */
  const recording = new Set<Promise<unknown>>();
  const recordLater = (work: Promise<unknown>) => {
    const recorded = work.catch((error: unknown) => context.log.warn(`claude-code: gate decision: ${String(error)}`)).finally(() => recording.delete(recorded));
    recording.add(recorded);
  };
  const settled = async () => {
    await queue.idle();
    await Promise.all(recording);
  };

  const absolutePathOf = (payload: ToolHookPayload) => editedPath(payload.tool_input, payload.cwd ?? workTree);

  function editTarget(payload: ToolHookPayload): EditTarget | undefined {
    if (!EDITING_TOOLS.has(payload.tool_name)) return undefined;
    const absolutePath = absolutePathOf(payload);
    if (absolutePath === undefined) return undefined;
    return { absolutePath, path: repoRelativePath(absolutePath, workTree), before: snapshotFileNow(absolutePath) };
  }

  async function preToolUse(payload: ToolHookPayload, reply: HookReply, receivedMs: number): Promise<unknown> {
    const target = editTarget(payload);
    const held = target !== undefined && gate?.holds() === true;
    // Before the answer only what the call may not run without: the file before (read), a held edit's decision, a Bash call's
    // watch window. The rest — the span, the file's claim in the ledger, the intent — runs in the same turn of the event loop
    // as the answer is written, before Claude Code can have made the edit and long before the watcher could report it.
    if (!held && payload.tool_name !== BASH_TOOL) await reply(preToolUseAnswer(undefined));
    const call = calls.start(payload, target, receivedMs);
    if (target === undefined) return preToolUseAnswer(undefined);
    const gated = { toolName: call.name, toolUseId: call.id, input: payload.tool_input, path: target.path };
    // A held edit: the control plane checks the intent while the file.intent span is exported.
    const deciding = held ? gate?.check(gated, true) : undefined;
    emitFileIntent(context, call.context, target.path, intendedOp(target.before), call.id);
    if (deciding === undefined) {
      // Nothing can refuse the edit, answered already; the check leaves now, long before Claude Code has made the edit. Its
      // decision is recorded when it comes, not waited for: a slow control plane must not hold up the hooks after this one.
      if (gate !== undefined) recordLater(gate.check(gated, false).then((decision) => decision !== undefined && calls.gated(call, decision)));
      return {};
    }
    const decision = await deciding;
    if (decision !== undefined) calls.gated(call, decision);
    // A refused call gets no PostToolUse: it ends here.
    if (decision?.decision === 'deny') calls.end(calls.take(payload), { error: `denied: ${decision.reason}` });
    return preToolUseAnswer(decision);
  }

  /** The files a finished call leaves that its spans describe: an edited file, or the whole of a file read in part. */
  function filesAfter(call: ToolCall, payload: ToolHookPayload, outcome: ToolOutcome): FileSnapshot | undefined {
    if ('error' in outcome) return undefined;
    const editing = EDITING_TOOLS.has(call.name);
    if (!editing && !(call.name === READ_TOOL && isPartialRead(outcome.result))) return undefined;
    const absolutePath = call.target?.absolutePath ?? absolutePathOf(payload);
    return absolutePath === undefined ? undefined : snapshotFileNow(absolutePath);
  }

  /** `file.edit` for an editing call that succeeded. */
  function recordFileEdit(call: ToolCall, payload: ToolHookPayload, ran: RunWindow, after: FileSnapshot): void {
    const path = call.target?.path ?? repoRelativePath(absolutePathOf(payload)!, workTree);
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
  }

  /** The result as stored: windows of a file (diff hunks, a Read with an offset or limit) are redacted with the whole file as context. */
  function storedOutcome(call: ToolCall, outcome: ToolOutcome, file: FileSnapshot | undefined): ToolOutcome {
    if ('error' in outcome) return outcome;
    if (EDITING_TOOLS.has(call.name)) {
      const originalFile = (outcome.result as { originalFile?: unknown } | undefined)?.originalFile;
      const before = call.target?.before.content ?? (typeof originalFile === 'string' ? originalFile : undefined);
      return { result: redactStructuredPatch(outcome.result, before, file?.content, context.redactor) };
    }
    if (call.name === READ_TOOL && isPartialRead(outcome.result)) return { result: redactReadWindow(outcome.result, file?.content, context.redactor) };
    return outcome;
  }

  async function postToolUse(payload: ToolHookPayload, outcome: ToolOutcome, reply: HookReply): Promise<void> {
    const call = calls.take(payload);
    const endMs = Date.now();
    await reply({});
    // Read after the answer yet as the call left it: a next call that could change the file needs its PreToolUse answered, which waits for this work.
    const file = filesAfter(call, payload, outcome);
    const ran: RunWindow = { startMs: endMs - (payload.duration_ms ?? 0), endMs };
    const edited = EDITING_TOOLS.has(call.name) ? file : undefined;
    if (edited !== undefined) recordFileEdit(call, payload, ran, edited);
    if (call.name === BASH_TOOL) {
      const facts = commandFacts(payload);
      // A Bash call refused before it ran (no exit code, no output) is no command.
      if (!('error' in outcome) || facts.exitCode !== undefined) emitCommand(context, call.context, call.id, facts, ran);
    }
    calls.end(call, storedOutcome(call, outcome, file), edited?.hash);
  }

  async function dispatch(payload: HookPayload, reply: HookReply, receivedMs: number): Promise<unknown> {
    frame.see(payload);
    const toolCall = isToolHookPayload(payload) ? payload : undefined;
    if (payload.hook_event_name === 'PreToolUse') return toolCall === undefined ? {} : preToolUse(toolCall, reply, receivedMs);
    if (toolCall !== undefined && payload.hook_event_name === 'PostToolUse') await postToolUse(toolCall, { result: payload.tool_response }, reply);
    else if (toolCall !== undefined && payload.hook_event_name === 'PostToolUseFailure') await postToolUse(toolCall, { error: payload.error ?? 'failed' }, reply);
    else await reply({});
    if (payload.transcript_path !== undefined && TRANSCRIPT_EVENTS.has(payload.hook_event_name)) transcripts.poll(payload.transcript_path);
    switch (payload.hook_event_name) {
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
      const payload = parseHookPayload(body);
      if (typeof payload === 'string') {
        context.log.debug(`claude-code: ignoring a hook payload that is not Claude Code's: ${payload}`);
        return {};
      }
      const receivedMs = Date.now();
      return queue.run((reply) => dispatch(payload, reply, receivedMs));
    },
    settled,
    async stop() {
      await settled();
      calls.abandonAll(NO_RESULT);
      await transcripts.flush();
    },
  };
}
