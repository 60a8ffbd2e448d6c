import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createClaudeHooks, type ClaudeHooks } from '../../../../agent-shim/claude/claude-hooks.js';
import { contentHash } from '../../../../agent-shim/claude/file-snapshot.js';
import type { GatedToolCall, PermissionDecision, PermissionGate } from '../../../../agent-shim/claude/permission.js';
import {
  ATTR_AGENTFLEET_COMMAND_EXIT_CODE,
  ATTR_AGENTFLEET_COMMAND_OUTPUT_BYTES,
  ATTR_AGENTFLEET_COMMAND_TEXT,
  ATTR_AGENTFLEET_EVENT_DETAIL,
  ATTR_AGENTFLEET_FILE_HASH_AFTER,
  ATTR_AGENTFLEET_FILE_HASH_BEFORE,
  ATTR_AGENTFLEET_FILE_LINES_ADDED,
  ATTR_AGENTFLEET_FILE_LINES_REMOVED,
  ATTR_AGENTFLEET_FILE_OP,
  ATTR_AGENTFLEET_FILE_PATH,
  ATTR_AGENTFLEET_GATE_DECISION,
  ATTR_AGENTFLEET_GATE_REASON,
  ATTR_AGENTFLEET_TASK,
  ATTR_AGENTFLEET_TRUNCATED,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_RESPONSE_ID,
  EVENT_NOTIFICATION,
  EVENT_SESSION_END,
  EVENT_SESSION_START,
  EVENT_TOOL_END,
  EVENT_TOOL_START,
  EVENT_TURN_END,
  EVENT_USER_PROMPT,
  SPAN_COMMAND,
  SPAN_FILE_EDIT,
  SPAN_FILE_INTENT,
  SPAN_LLM_REQUEST,
} from '../../../../semconv/index.js';
import * as hook from '../../../helpers/claude-hook-payloads.js';
import { TEST_SECRET_MARKER, fakeAdapterContext, type FakeAdapterContext } from '../../../helpers/fake-adapter-context.js';
import { tempDir } from '../../../helpers/temp-dir.js';

const spanId = (span: ReadableSpan) => span.spanContext().spanId;
const parentId = (span: ReadableSpan) => span.parentSpanContext?.spanId;

/** A gate that holds every call it checks until it decides. */
const held = (decide: (call: GatedToolCall) => PermissionDecision | undefined): PermissionGate => ({ holds: () => true, check: async (call) => decide(call) });

/** A gate that holds nothing and decides when the test says so. */
function notHolding(): { gate: PermissionGate; checked: Array<[string, boolean]>; decide: (decision: PermissionDecision) => void } {
  const checked: Array<[string, boolean]> = [];
  let decide: (decision: PermissionDecision) => void = () => undefined;
  const gate: PermissionGate = {
    holds: () => false,
    check: (call, isHeld) => {
      checked.push([call.toolUseId, isHeld]);
      return new Promise((resolve) => (decide = resolve));
    },
  };
  return { gate, checked, decide: (decision) => decide(decision) };
}

describe('Claude Code hook handling', () => {
  let repo: string;
  let fake: FakeAdapterContext;
  let hooks: ClaudeHooks;
  let session: hook.HookSession;

  const handled = (payload: unknown) => hook.handleSettled(hooks, payload);

  function setUp(gate?: PermissionGate, maxAttributeChars?: number): void {
    fake = fakeAdapterContext(repo, maxAttributeChars !== undefined ? { maxAttributeChars } : {});
    hooks = createClaudeHooks(fake.context, gate);
  }

  beforeEach(() => {
    repo = tempDir();
    session = hook.hookSession(repo, path.join(repo, '.transcript.jsonl'));
    writeFileSync(path.join(repo, 'README.md'), '# demo\nline2\nline3\n');
    setUp();
  });

  const named = (name: string) => fake.finished().filter((s) => s.name === name);
  const one = (name: string) => {
    const spans = named(name);
    expect(spans.map((s) => s.name)).toEqual([name]);
    return spans[0]!;
  };

  it('opens execute_tool at PreToolUse and closes it at PostToolUse, under the session, with arguments and result', async () => {
    const input = { file_path: path.join(repo, 'README.md') };
    expect(await handled(hook.preToolUse(session, 'toolu_1', 'Read', input))).toEqual({});
    expect(fake.finished()).toEqual([]);
    const response = { type: 'text', file: { filePath: input.file_path, content: '# demo\n', numLines: 2 } };
    expect(await handled(hook.postToolUse(session, 'toolu_1', 'Read', input, response))).toEqual({});

    const call = one('execute_tool Read');
    expect(parentId(call)).toBe(fake.sessionSpan.spanContext().spanId);
    expect(call.attributes).toMatchObject({
      [ATTR_GEN_AI_TOOL_NAME]: 'Read',
      [ATTR_GEN_AI_TOOL_CALL_ID]: 'toolu_1',
      [ATTR_GEN_AI_TOOL_TYPE]: 'function',
      [ATTR_GEN_AI_TOOL_CALL_ARGUMENTS]: JSON.stringify(input),
      [ATTR_GEN_AI_TOOL_CALL_RESULT]: JSON.stringify(response),
    });
    expect(call.status.code).toBe(SpanStatusCode.UNSET);
    expect(fake.context.totals.toolCalls).toBe(1);
  });

  it('sends file.intent at once at PreToolUse of a Write, then file.edit (create, lines, hash) under the call at PostToolUse', async () => {
    const file = path.join(repo, 'src', 'new.ts');
    const content = 'export const a = 1;\nexport const b = 2;\n';
    const input = { file_path: file, content };
    await handled(hook.preToolUse(session, 'toolu_w', 'Write', input));

    expect(fake.endedNow.map((s) => (s as unknown as ReadableSpan).name)).toEqual([SPAN_FILE_INTENT]);
    const intent = one(SPAN_FILE_INTENT);
    expect(intent.attributes).toMatchObject({ [ATTR_AGENTFLEET_FILE_PATH]: 'src/new.ts', [ATTR_AGENTFLEET_FILE_OP]: 'create', [ATTR_GEN_AI_TOOL_CALL_ID]: 'toolu_w' });
    expect(fake.ledger).toEqual([{ kind: 'claim', path: 'src/new.ts' }]);

    mkdirSync(path.dirname(file));
    writeFileSync(file, content);
    await handled(hook.postToolUse(session, 'toolu_w', 'Write', input, { type: 'create', filePath: file, content, structuredPatch: [], originalFile: null }));

    const call = one('execute_tool Write');
    const edit = one(SPAN_FILE_EDIT);
    expect(parentId(intent)).toBe(spanId(call));
    expect(parentId(edit)).toBe(spanId(call));
    expect(edit.attributes).toEqual({
      [ATTR_AGENTFLEET_FILE_PATH]: 'src/new.ts',
      [ATTR_AGENTFLEET_FILE_OP]: 'create',
      [ATTR_GEN_AI_TOOL_CALL_ID]: 'toolu_w',
      [ATTR_AGENTFLEET_FILE_LINES_ADDED]: 2,
      [ATTR_AGENTFLEET_FILE_LINES_REMOVED]: 0,
      [ATTR_AGENTFLEET_FILE_HASH_AFTER]: contentHash(content),
    });
    expect(fake.ledger.at(-1)).toEqual({ kind: 'settle', path: 'src/new.ts', hash: contentHash(content) });
    expect([...fake.context.totals.filesChanged]).toEqual(['src/new.ts']);
  });

  it('counts an Edit from its structuredPatch and records the hashes before and after', async () => {
    const file = path.join(repo, 'README.md');
    const before = '# demo\nline2\nline3\n';
    const after = '# demo\nline two\nline 2.5\nline3\n';
    const input = { file_path: file, old_string: 'line2', new_string: 'line two\nline 2.5', replace_all: false };
    await handled(hook.preToolUse(session, 'toolu_e', 'Edit', input));
    expect(one(SPAN_FILE_INTENT).attributes[ATTR_AGENTFLEET_FILE_OP]).toBe('modify');
    writeFileSync(file, after);
    const structuredPatch = [{ oldStart: 1, oldLines: 3, newStart: 1, newLines: 4, lines: [' # demo', '-line2', '+line two', '+line 2.5', ' line3'] }];
    await handled(hook.postToolUse(session, 'toolu_e', 'Edit', input, { filePath: file, originalFile: before, structuredPatch }));

    expect(one(SPAN_FILE_EDIT).attributes).toMatchObject({
      [ATTR_AGENTFLEET_FILE_PATH]: 'README.md',
      [ATTR_AGENTFLEET_FILE_OP]: 'modify',
      [ATTR_AGENTFLEET_FILE_LINES_ADDED]: 2,
      [ATTR_AGENTFLEET_FILE_LINES_REMOVED]: 1,
      [ATTR_AGENTFLEET_FILE_HASH_BEFORE]: contentHash(before),
      [ATTR_AGENTFLEET_FILE_HASH_AFTER]: contentHash(after),
    });
  });

  it('makes a Bash call a command span (exit 0, output size) and a watch window for the work-tree watcher', async () => {
    const input = { command: 'echo hello && echo err >&2', description: 'say hello' };
    await handled(hook.preToolUse(session, 'toolu_b', 'Bash', input));
    await handled(hook.postToolUse(session, 'toolu_b', 'Bash', input, { stdout: 'hello\nerr', stderr: '', interrupted: false }, 19));

    const call = one('execute_tool Bash');
    const command = one(SPAN_COMMAND);
    expect(parentId(command)).toBe(spanId(call));
    expect(command.attributes).toMatchObject({ [ATTR_AGENTFLEET_COMMAND_TEXT]: input.command, [ATTR_AGENTFLEET_COMMAND_EXIT_CODE]: 0, [ATTR_AGENTFLEET_COMMAND_OUTPUT_BYTES]: 9 });
    expect(command.status.code).toBe(SpanStatusCode.UNSET);
    expect(command.duration).toEqual([0, 19_000_000]);
    expect(fake.ledger).toEqual([
      { kind: 'beginTool', spanId: spanId(call) },
      { kind: 'endTool', spanId: spanId(call) },
    ]);
  });

  it('takes the exit code of a failing Bash call from PostToolUseFailure and marks both spans as errors', async () => {
    const input = { command: 'echo about-to-fail; exit 3', description: 'fail' };
    await handled(hook.preToolUse(session, 'toolu_f', 'Bash', input));
    await handled(hook.postToolUseFailure(session, 'toolu_f', 'Bash', input, 'Exit code 3\nabout-to-fail'));

    const call = one('execute_tool Bash');
    const command = one(SPAN_COMMAND);
    expect(command.attributes).toMatchObject({ [ATTR_AGENTFLEET_COMMAND_EXIT_CODE]: 3, [ATTR_AGENTFLEET_COMMAND_OUTPUT_BYTES]: 13 });
    expect(command.status).toEqual({ code: SpanStatusCode.ERROR, message: 'exit code 3' });
    expect(call.status).toEqual({ code: SpanStatusCode.ERROR, message: 'Exit code 3\nabout-to-fail' });
    expect(call.attributes[ATTR_GEN_AI_TOOL_CALL_RESULT]).toBe('Exit code 3\nabout-to-fail');
  });

  it('records no file.edit for a failed edit and gives its claim back', async () => {
    const input = { file_path: path.join(repo, 'README.md'), old_string: 'absent', new_string: 'x' };
    await handled(hook.preToolUse(session, 'toolu_x', 'Edit', input));
    await handled(hook.postToolUseFailure(session, 'toolu_x', 'Edit', input, 'String to replace not found in file.'));
    expect(named(SPAN_FILE_EDIT)).toEqual([]);
    expect(one('execute_tool Edit').status.code).toBe(SpanStatusCode.ERROR);
    expect(fake.ledger).toEqual([
      { kind: 'claim', path: 'README.md' },
      { kind: 'settle', path: 'README.md', hash: undefined },
    ]);
  });

  it('redacts secrets and cuts long values, marking the span truncated', async () => {
    setUp(undefined, 64);
    const input = { command: 'curl -H "x-api-key: sk-test-abc123" https://example.invalid', description: 'call' };
    await handled(hook.preToolUse(session, 'toolu_s', 'Bash', input));
    await handled(hook.postToolUse(session, 'toolu_s', 'Bash', input, { stdout: 'y'.repeat(500), stderr: '' }));
    const call = one('execute_tool Bash');
    const stored = JSON.stringify([call.attributes, one(SPAN_COMMAND).attributes]);
    expect(stored).not.toContain('sk-test-abc123');
    expect(stored).toContain(TEST_SECRET_MARKER);
    expect(String(call.attributes[ATTR_GEN_AI_TOOL_CALL_RESULT]).length).toBe(64);
    expect(call.attributes[ATTR_AGENTFLEET_TRUNCATED]).toBe(true);
  });

  it('starts a call whose PreToolUse was missed at PostToolUse, backdated by its duration', async () => {
    const input = { command: 'true', description: 'noop' };
    await handled(hook.postToolUse(session, 'toolu_late', 'Bash', input, { stdout: '', stderr: '' }, 1500));
    const call = one('execute_tool Bash');
    expect(call.duration[0]).toBe(1);
  });

  it('ends calls that never got a PostToolUse at Stop, as errors', async () => {
    await handled(hook.preToolUse(session, 'toolu_open', 'Bash', { command: 'sleep 100' }));
    await handled(hook.stop(session));
    expect(one('execute_tool Bash').status.code).toBe(SpanStatusCode.ERROR);
  });

  it('sends tool.start and tool.end live for each call, tool.end a warning when the call failed, was refused or was abandoned', async () => {
    setUp(held((call) => (call.toolName === 'Write' ? { decision: 'deny', reason: 'agent b is editing README.md' } : undefined)));
    const read = { file_path: path.join(repo, 'README.md') };
    const failing = { command: 'exit 3', description: 'fail' };
    await handled(hook.preToolUse(session, 'toolu_r', 'Read', read));
    await handled(hook.postToolUse(session, 'toolu_r', 'Read', read, { type: 'text' }));
    await handled(hook.preToolUse(session, 'toolu_f', 'Bash', failing));
    await handled(hook.postToolUseFailure(session, 'toolu_f', 'Bash', failing, 'Exit code 3'));
    await handled(hook.preToolUse(session, 'toolu_w', 'Write', { file_path: read.file_path, content: 'x' }));
    await handled(hook.preToolUse(session, 'toolu_open', 'Bash', { command: 'sleep 100' }));
    await handled(hook.stop(session));

    const toolEvents = fake.events.filter((e) => e.name === EVENT_TOOL_START || e.name === EVENT_TOOL_END);
    expect(toolEvents.map((e) => [e.name, e.attributes[ATTR_GEN_AI_TOOL_CALL_ID], e.severity])).toEqual([
      [EVENT_TOOL_START, 'toolu_r', 'info'],
      [EVENT_TOOL_END, 'toolu_r', 'info'],
      [EVENT_TOOL_START, 'toolu_f', 'info'],
      [EVENT_TOOL_END, 'toolu_f', 'warn'],
      [EVENT_TOOL_START, 'toolu_w', 'info'],
      [EVENT_TOOL_END, 'toolu_w', 'warn'],
      [EVENT_TOOL_START, 'toolu_open', 'info'],
      [EVENT_TOOL_END, 'toolu_open', 'warn'],
    ]);
    expect(toolEvents[0]!.attributes).toEqual({ [ATTR_GEN_AI_TOOL_NAME]: 'Read', [ATTR_GEN_AI_TOOL_CALL_ID]: 'toolu_r', [ATTR_GEN_AI_CONVERSATION_ID]: session.sessionId });
    // Each live event matches its execute_tool span by call id.
    expect(named('execute_tool Read').map((c) => c.attributes[ATTR_GEN_AI_TOOL_CALL_ID])).toEqual(['toolu_r']);
  });

  it('answers a gate decision in the PreToolUse shape Claude Code obeys, and ends a denied call at once', async () => {
    setUp(held((call) => (call.path === 'README.md' ? { decision: 'deny', reason: 'agent b is editing README.md' } : undefined)));
    const input = { file_path: path.join(repo, 'README.md'), content: 'x' };
    expect(await handled(hook.preToolUse(session, 'toolu_d', 'Write', input))).toEqual({
      hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: 'agent b is editing README.md' },
    });
    expect(one('execute_tool Write').status).toEqual({ code: SpanStatusCode.ERROR, message: 'denied: agent b is editing README.md' });
    expect(await handled(hook.preToolUse(session, 'toolu_ok', 'Read', { file_path: 'x' }))).toEqual({});
  });

  it('answers at once when the gate does not hold the call, records its decision when it comes, and lets later hooks by meanwhile', async () => {
    const { gate, checked, decide } = notHolding();
    setUp(gate);
    const input = { file_path: path.join(repo, 'README.md'), content: 'x' };
    // The hook is answered while the decision is outstanding (handle, not handleSettled: the decision is not in yet).
    expect(await hooks.handle(hook.preToolUse(session, 'toolu_w', 'Write', input))).toEqual({});
    expect(await hooks.handle(hook.preToolUse(session, 'toolu_r', 'Read', { file_path: input.file_path }))).toEqual({});
    expect(checked).toEqual([['toolu_w', false]]);
    let settled = false;
    void hooks.settled().then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toBe(false);
    decide({ decision: 'allow', reason: 'no other session has unmerged changes to these files' });
    await hooks.settled();
    await handled(hook.postToolUse(session, 'toolu_w', 'Write', input, { type: 'update', filePath: input.file_path, content: 'x', structuredPatch: [], originalFile: '# demo\nline2\nline3\n' }));
    expect(one('execute_tool Write').attributes).toMatchObject({ [ATTR_AGENTFLEET_GATE_DECISION]: 'allow', [ATTR_AGENTFLEET_GATE_REASON]: 'no other session has unmerged changes to these files' });
    expect(fake.events.find((e) => e.name === EVENT_TOOL_END && e.attributes[ATTR_GEN_AI_TOOL_CALL_ID] === 'toolu_w')!.attributes[ATTR_AGENTFLEET_GATE_DECISION]).toBe('allow');
  });

  it('drops a decision that comes after its call ended', async () => {
    const { gate, decide } = notHolding();
    setUp(gate);
    const input = { file_path: path.join(repo, 'README.md'), content: 'x' };
    await hooks.handle(hook.preToolUse(session, 'toolu_w', 'Write', input));
    await hooks.handle(hook.postToolUseFailure(session, 'toolu_w', 'Write', input, 'interrupted'));
    await vi.waitFor(() => expect(named('execute_tool Write')).toHaveLength(1));
    decide({ decision: 'allow', reason: 'late' });
    await hooks.settled();
    expect(one('execute_tool Write').attributes[ATTR_AGENTFLEET_GATE_DECISION]).toBeUndefined();
  });

  it('answers {} to anything that is not a Claude Code hook payload, and to a handler failure', async () => {
    expect(await handled('not json object')).toEqual({});
    expect(await handled({ hook_event_name: 'PreToolUse' })).toEqual({});
    setUp({
      holds: () => true,
      check: () => {
        throw new Error('gate down');
      },
    });
    expect(await handled(hook.preToolUse(session, 'toolu_g', 'Write', { file_path: path.join(repo, 'README.md'), content: 'x' }))).toEqual({});
  });

  it('frames the session: conversation id from the first hook, prompt, turn end and notifications as events', async () => {
    await handled(hook.userPromptSubmit(session, 'refactor with key sk-test-zzz'));
    await handled(hook.notification(session, 'Claude needs your permission'));
    await handled(hook.stop(session));
    const root = fake.endSession();
    expect(root.attributes[ATTR_GEN_AI_CONVERSATION_ID]).toBe(session.sessionId);
    expect(root.events.map((e) => e.name)).toEqual([EVENT_SESSION_START, EVENT_USER_PROMPT, EVENT_NOTIFICATION, EVENT_TURN_END]);
    expect(root.events[1]!.attributes).toEqual({ [ATTR_GEN_AI_CONVERSATION_ID]: session.sessionId, [ATTR_AGENTFLEET_TASK]: `refactor with key ${TEST_SECRET_MARKER}` });
  });

  it('sends the prompt, notifications and turn ends live as events too, but not session.start or session.end (the shim sends those for the whole run)', async () => {
    await handled(hook.userPromptSubmit(session, 'refactor with key sk-test-zzz'));
    await handled(hook.notification(session, 'Claude needs your permission'));
    await handled(hook.stop(session));
    await handled({ ...hook.stop(session), hook_event_name: 'SessionEnd', reason: 'other' });
    expect(fake.events.map((e) => [e.name, e.severity])).toEqual([
      [EVENT_USER_PROMPT, 'info'],
      [EVENT_NOTIFICATION, 'info'],
      [EVENT_TURN_END, 'info'],
    ]);
    expect(fake.events[0]!.attributes).toEqual({ [ATTR_GEN_AI_CONVERSATION_ID]: session.sessionId, [ATTR_AGENTFLEET_TASK]: `refactor with key ${TEST_SECRET_MARKER}` });
    expect(fake.events[1]!.attributes).toMatchObject({ [ATTR_AGENTFLEET_EVENT_DETAIL]: 'Claude needs your permission' });
    expect(fake.endSession().events.map((e) => e.name)).toContain(EVENT_SESSION_END);
  });

  it('reports each model turn of the transcript once as llm.request, however many blocks and reads it spans', async () => {
    const now = Date.now();
    const turn = (id: string, offsetMs: number) =>
      hook.transcriptTurn({
        messageId: id,
        model: 'claude-sonnet-4-5-20250929',
        startedAt: new Date(now + offsetMs),
        endedAt: new Date(now + offsetMs + 300),
        blocks: 2,
        stopReason: 'tool_use',
        usage: { input: 10, output: 5, cacheRead: 100, cacheCreation: 1 },
      });
    writeFileSync(session.transcriptPath, turn('msg_1', 1000));
    await handled(hook.postToolUse(session, 'toolu_r', 'Read', { file_path: 'x' }, {}));
    appendFileSync(session.transcriptPath, turn('msg_2', 2000) + '{"type":"assistant","partial');
    await handled(hook.stop(session));
    await hooks.stop();

    const requests = named(SPAN_LLM_REQUEST);
    expect(requests.map((s) => s.attributes[ATTR_GEN_AI_RESPONSE_ID])).toEqual(['msg_1', 'msg_2']);
    expect(requests[0]!.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBe(111);
    expect(fake.context.totals).toMatchObject({ inputTokens: 222, outputTokens: 10 });
    expect(fake.context.totals.costUsd).toBeGreaterThan(0);
  });
});
