import path from 'node:path';
import { expect } from 'vitest';
import { contentHash } from '../../agent-shim/claude/file-snapshot.js';
import {
  ATTR_AGENTFLEET_COMMAND_EXIT_CODE,
  ATTR_AGENTFLEET_COMMAND_TEXT,
  ATTR_AGENTFLEET_EXIT_CODE,
  ATTR_AGENTFLEET_FILE_HASH_AFTER,
  ATTR_AGENTFLEET_FILE_LINES_ADDED,
  ATTR_AGENTFLEET_FILE_LINES_REMOVED,
  ATTR_AGENTFLEET_FILE_OP,
  ATTR_AGENTFLEET_FILE_PATH,
  ATTR_AGENTFLEET_TOTAL_FILES_CHANGED,
  ATTR_AGENTFLEET_TOTAL_TOOL_CALLS,
  ATTR_AGENTFLEET_TASK,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  EVENT_HEARTBEAT,
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
  SPAN_PREFIX_EXECUTE_TOOL,
  executeToolSpanName,
  invokeAgentSpanName,
} from '../../semconv/index.js';
import { turnUsage, type ScriptedTurn } from '../../bench/scripted-anthropic.js';
import type { StoredLogEvent } from '../helpers/stored-logs.js';
import { named, sole, type StoredSpan } from '../helpers/stored-spans.js';

/**
 * The end-to-end editing session: what the scripted model asks Claude Code
 * to do, and exactly what agentfleet must store for it.
 */

const NEW_FILE = 'export const a = 1;\nexport const b = 2;\n';
/** README.md is `# demo\n` in the test workspace; the Edit replaces that line by three. */
const README_AFTER = '# Demo\n\nTwo new lines.\n';
export const FINAL_TEXT = 'All done: src/new.ts created, README.md edited.';

/** Write (new file), Read + Edit, MultiEdit (absent in Claude Code 2.1.x), Bash (exit 0), Bash (exit 3), Read, final text. */
export function editingScript(repo: string): ScriptedTurn[] {
  const at = (file: string) => path.join(repo, file);
  return [
    { tools: [{ name: 'Write', input: { file_path: at('src/new.ts'), content: NEW_FILE } }] },
    { tools: [{ name: 'Read', input: { file_path: at('README.md') } }] },
    { tools: [{ name: 'Edit', input: { file_path: at('README.md'), old_string: '# demo', new_string: README_AFTER.trimEnd() } }] },
    { tools: [{ name: 'MultiEdit', input: { file_path: at('README.md'), edits: [{ old_string: 'Two', new_string: '2' }] } }] },
    { tools: [{ name: 'Bash', input: { command: 'echo hello', description: 'greet' } }] },
    { tools: [{ name: 'Bash', input: { command: 'echo about-to-fail; exit 3', description: 'fail' } }] },
    { tools: [{ name: 'Read', input: { file_path: at('src/new.ts') } }] },
    { text: FINAL_TEXT },
  ];
}
export const EDITING_TURNS = 8;

const TOOL_CALLS = ['Write', 'Read', 'Edit', 'Bash', 'Bash', 'Read'].map(executeToolSpanName);

/** How many spans of each name the session leaves: no MultiEdit call (no hook fires for an unknown tool). */
function expectedCensus(agent: string): Record<string, number> {
  const census: Record<string, number> = { [invokeAgentSpanName(agent)]: 1, [SPAN_FILE_INTENT]: 2, [SPAN_FILE_EDIT]: 2, [SPAN_COMMAND]: 2, [SPAN_LLM_REQUEST]: EDITING_TURNS };
  for (const call of TOOL_CALLS) census[call] = (census[call] ?? 0) + 1;
  return census;
}
export const EDITING_SPAN_COUNT = Object.values(expectedCensus('x')).reduce((a, b) => a + b, 0);

function census(names: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of names) counts[name] = (counts[name] ?? 0) + 1;
  return counts;
}

/** Checks that `spans` are exactly what the editing session of `agent` must leave: names, parents, paths, ops, counts, exit codes. */
export function expectEditingSpans(spans: readonly StoredSpan[], agent: string): void {
  expect(census(spans.map((s) => s.SpanName))).toEqual(expectedCensus(agent));
  const root = sole(spans, invokeAgentSpanName(agent));
  expect(root.ParentSpanId).toBe('');
  expect(new Set(spans.map((s) => s.TraceId))).toEqual(new Set([root.TraceId]));
  expect(root.SpanAttributes[ATTR_GEN_AI_CONVERSATION_ID]).toMatch(/^[0-9a-f-]{36}$/);
  expect(root.SpanAttributes).toMatchObject({ [ATTR_AGENTFLEET_EXIT_CODE]: '0', [ATTR_AGENTFLEET_TOTAL_TOOL_CALLS]: '6', [ATTR_AGENTFLEET_TOTAL_FILES_CHANGED]: '2' });
  const usage = Array.from({ length: EDITING_TURNS }, (_, i) => turnUsage(i));
  const inputTokens = usage.reduce((sum, u) => sum + u.inputTokens + u.cacheReadInputTokens + u.cacheCreationInputTokens, 0);
  expect(Number(root.SpanAttributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS])).toBe(inputTokens);
  expect(Number(root.SpanAttributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS])).toBe(usage.reduce((sum, u) => sum + u.outputTokens, 0));
  expect(root['Events.Name']).toEqual(expect.arrayContaining([EVENT_USER_PROMPT, EVENT_TURN_END]));
  for (const turn of named(spans, SPAN_LLM_REQUEST)) expect(turn.ParentSpanId).toBe(root.SpanId);

  const calls = spans.filter((s) => s.SpanName.startsWith(SPAN_PREFIX_EXECUTE_TOOL));
  expect(calls.map((c) => c.SpanName)).toEqual(TOOL_CALLS);
  for (const call of calls) expect(call.ParentSpanId).toBe(root.SpanId);
  expect(calls.map((c) => c.StatusCode)).toEqual(['STATUS_CODE_UNSET', 'STATUS_CODE_UNSET', 'STATUS_CODE_UNSET', 'STATUS_CODE_UNSET', 'STATUS_CODE_ERROR', 'STATUS_CODE_UNSET']);
  const callOf = (child: StoredSpan) => calls.find((c) => c.SpanId === child.ParentSpanId)?.SpanName;

  const edits = named(spans, SPAN_FILE_EDIT);
  const attributes = (span: StoredSpan, ...keys: string[]) => keys.map((key) => span.SpanAttributes[key]);
  expect(edits.map((e) => [callOf(e), ...attributes(e, ATTR_AGENTFLEET_FILE_PATH, ATTR_AGENTFLEET_FILE_OP, ATTR_AGENTFLEET_FILE_LINES_ADDED, ATTR_AGENTFLEET_FILE_LINES_REMOVED, ATTR_AGENTFLEET_FILE_HASH_AFTER)])).toEqual([
    [executeToolSpanName('Write'), 'src/new.ts', 'create', '2', '0', contentHash(NEW_FILE)],
    [executeToolSpanName('Edit'), 'README.md', 'modify', '3', '1', contentHash(README_AFTER)],
  ]);

  const intents = named(spans, SPAN_FILE_INTENT);
  expect(intents.map((i) => [callOf(i), ...attributes(i, ATTR_AGENTFLEET_FILE_PATH, ATTR_AGENTFLEET_FILE_OP)])).toEqual([
    [executeToolSpanName('Write'), 'src/new.ts', 'create'],
    [executeToolSpanName('Edit'), 'README.md', 'modify'],
  ]);
  intents.forEach((intent, i) => {
    expect(intent.SpanAttributes[ATTR_GEN_AI_TOOL_CALL_ID]).toBe(edits[i]!.SpanAttributes[ATTR_GEN_AI_TOOL_CALL_ID]);
    expect(intent.startMs).toBeLessThanOrEqual(edits[i]!.endMs);
  });

  const commands = named(spans, SPAN_COMMAND);
  expect(commands.map((c) => [c.ParentSpanId, ...attributes(c, ATTR_AGENTFLEET_COMMAND_TEXT, ATTR_AGENTFLEET_COMMAND_EXIT_CODE), c.StatusCode])).toEqual([
    [calls[3]!.SpanId, 'echo hello', '0', 'STATUS_CODE_UNSET'],
    [calls[4]!.SpanId, 'echo about-to-fail; exit 3', '3', 'STATUS_CODE_ERROR'],
  ]);
}

/** The prompt `runScriptedClaude` gives by default. */
const PROMPT = 'Make the change.';

/**
 * Checks the live session events (`otel_logs`) the editing session of
 * `agent` leaves beside its `spans`: each exactly once, on the root span
 * with its resource; a tool.start and a tool.end per tool call, with the
 * calls' ids (a WARN end for the failing Bash); in the order they happened.
 */
export function expectEditingLogEvents(events: readonly StoredLogEvent[], spans: readonly StoredSpan[], agent: string): void {
  const root = sole(spans, invokeAgentSpanName(agent));
  // A run slower than the 30 s heartbeat interval has a heartbeat or two in between.
  const live = events.filter((e) => e.EventName !== EVENT_HEARTBEAT);
  expect(census(live.map((e) => e.EventName))).toEqual({
    [EVENT_SESSION_START]: 1,
    [EVENT_USER_PROMPT]: 1,
    [EVENT_TOOL_START]: TOOL_CALLS.length,
    [EVENT_TOOL_END]: TOOL_CALLS.length,
    [EVENT_TURN_END]: 1,
    [EVENT_SESSION_END]: 1,
  });
  for (const event of events) {
    expect(event).toMatchObject({ TraceId: root.TraceId, SpanId: root.SpanId });
    expect(event.ResourceAttributes).toEqual(root.ResourceAttributes);
  }
  const one = (name: string) => live.find((e) => e.EventName === name)!;
  const conversation = root.SpanAttributes[ATTR_GEN_AI_CONVERSATION_ID];
  expect(one(EVENT_USER_PROMPT).LogAttributes).toEqual({ [ATTR_GEN_AI_CONVERSATION_ID]: conversation, [ATTR_AGENTFLEET_TASK]: PROMPT });
  expect(one(EVENT_TURN_END).LogAttributes).toEqual({ [ATTR_GEN_AI_CONVERSATION_ID]: conversation });
  expect(one(EVENT_SESSION_END).LogAttributes).toEqual({ [ATTR_AGENTFLEET_EXIT_CODE]: '0' });

  // Per call id: the tool's name at start, how it ended (the Bash that exits 3 is the failure).
  const calls = spans.filter((s) => s.SpanName.startsWith(SPAN_PREFIX_EXECUTE_TOOL));
  const byCall = (name: string) => new Map(live.filter((e) => e.EventName === name).map((e) => [e.LogAttributes[ATTR_GEN_AI_TOOL_CALL_ID]!, e]));
  const starts = byCall(EVENT_TOOL_START);
  const ends = byCall(EVENT_TOOL_END);
  const summary = (e: StoredLogEvent) => [e.LogAttributes[ATTR_GEN_AI_TOOL_NAME], e.LogAttributes[ATTR_GEN_AI_CONVERSATION_ID], e.SeverityText];
  const callIds = calls.map((c) => c.SpanAttributes[ATTR_GEN_AI_TOOL_CALL_ID]!);
  expect(callIds.map((id) => starts.get(id) && summary(starts.get(id)!))).toEqual(calls.map((c) => [c.SpanAttributes[ATTR_GEN_AI_TOOL_NAME], conversation, 'INFO']));
  expect(callIds.map((id) => ends.get(id) && summary(ends.get(id)!))).toEqual(
    calls.map((c) => [c.SpanAttributes[ATTR_GEN_AI_TOOL_NAME], conversation, c.StatusCode === 'STATUS_CODE_ERROR' ? 'WARN' : 'INFO']),
  );

  // Timestamps are milliseconds: moments in the same millisecond may tie, never go backwards.
  const times = callIds.map((id) => [starts.get(id)!.timeMs, ends.get(id)!.timeMs] as const);
  const first = Math.min(...times.map(([start]) => start));
  const last = Math.max(...times.map(([, end]) => end));
  expect(one(EVENT_SESSION_START).timeMs).toBeLessThanOrEqual(one(EVENT_USER_PROMPT).timeMs);
  expect(one(EVENT_USER_PROMPT).timeMs).toBeLessThanOrEqual(first);
  for (const [start, end] of times) expect(start).toBeLessThanOrEqual(end);
  expect(last).toBeLessThanOrEqual(one(EVENT_TURN_END).timeMs);
  expect(one(EVENT_TURN_END).timeMs).toBeLessThanOrEqual(one(EVENT_SESSION_END).timeMs);
}
