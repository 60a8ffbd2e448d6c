import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../bench/otlp-fixtures.js';
import type { FeedLogEvent, FeedSpan } from '../../../../collector/live-feed.js';
import { createFleetState, type FleetState } from '../../../../orchestrator/fleet/fleet-state.js';
import { FILE_CHANGE_SPANS, type FleetChange } from '../../../../orchestrator/fleet/model.js';
import {
  ATTR_AGENTFLEET_ASSUMPTION_SUBJECT,
  ATTR_AGENTFLEET_ASSUMPTION_TEXT,
  ATTR_AGENTFLEET_COMMAND_EXIT_CODE,
  ATTR_AGENTFLEET_EXIT_CODE,
  ATTR_AGENTFLEET_EXIT_SIGNAL,
  ATTR_AGENTFLEET_FILE_LINES_ADDED,
  ATTR_AGENTFLEET_FILE_LINES_REMOVED,
  ATTR_AGENTFLEET_FILE_OLD_PATH,
  ATTR_AGENTFLEET_FILE_OP,
  ATTR_AGENTFLEET_FILE_PATH,
  ATTR_AGENTFLEET_LLM_COST_USD,
  ATTR_AGENTFLEET_TASK,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  EVENT_HEARTBEAT,
  EVENT_NOTIFICATION,
  EVENT_SESSION_END,
  EVENT_SESSION_START,
  EVENT_TOOL_END,
  EVENT_TOOL_START,
  EVENT_TURN_END,
  EVENT_USER_PROMPT,
  SPAN_ASSUMPTION,
  SPAN_COMMAND,
  SPAN_FILE_EDIT,
  SPAN_LLM_REQUEST,
  executeToolSpanName,
  invokeAgentSpanName,
} from '../../../../semconv/index.js';
import { feedBatch, feedEvent, feedSession, feedSpan, type FeedSession } from '../../../helpers/feed-items.js';

const T0 = 1_764_000_000_000;
const CONFIG = { idleAfterMs: 60_000, heartbeatIntervalMs: 10_000 };

function fleetWith(items: readonly (FeedSpan | FeedLogEvent)[]): FleetState {
  const fleet = createFleetState({ config: CONFIG });
  for (const batch of feedBatch(items)) fleet.apply(batch);
  return fleet;
}

function recordChanges(fleet: FleetState): FleetChange[] {
  const changes: FleetChange[] = [];
  fleet.subscribe((change) => changes.push(change));
  return changes;
}

const edit = (session: FeedSession, path: string, atMs: number, added: number, removed: number, op = 'modify') =>
  feedSpan(session, SPAN_FILE_EDIT, {
    startMs: atMs,
    attributes: { [ATTR_AGENTFLEET_FILE_PATH]: path, [ATTR_AGENTFLEET_FILE_OP]: op, [ATTR_AGENTFLEET_FILE_LINES_ADDED]: String(added), [ATTR_AGENTFLEET_FILE_LINES_REMOVED]: String(removed) },
  });
const toolStart = (session: FeedSession, tool: string, callId: string, atMs: number) =>
  feedEvent(session, EVENT_TOOL_START, atMs, { [ATTR_GEN_AI_TOOL_NAME]: tool, [ATTR_GEN_AI_TOOL_CALL_ID]: callId, [ATTR_GEN_AI_CONVERSATION_ID]: 'conv-1' });
const toolEnd = (session: FeedSession, tool: string, callId: string, atMs: number) =>
  feedEvent(session, EVENT_TOOL_END, atMs, { [ATTR_GEN_AI_TOOL_NAME]: tool, [ATTR_GEN_AI_TOOL_CALL_ID]: callId });
const toolSpan = (session: FeedSession, tool: string, callId: string, startMs: number, endMs: number) =>
  feedSpan(session, executeToolSpanName(tool), { startMs, endMs, attributes: { [ATTR_GEN_AI_TOOL_NAME]: tool, [ATTR_GEN_AI_TOOL_CALL_ID]: callId } });

/** A Claude-like session: prompt, an Edit, a Bash command that fails, a model turn, an assumption, a turn end. */
function claudeRun(session: FeedSession): (FeedSpan | FeedLogEvent)[] {
  return [
    feedEvent(session, EVENT_SESSION_START, T0, { [ATTR_AGENTFLEET_TASK]: 'fix the login bug' }),
    feedEvent(session, EVENT_USER_PROMPT, T0 + 10, { [ATTR_AGENTFLEET_TASK]: 'please fix login', [ATTR_GEN_AI_CONVERSATION_ID]: 'conv-1' }),
    toolStart(session, 'Edit', 'toolu_1', T0 + 100),
    edit(session, 'src/login.ts', T0 + 150, 5, 2),
    toolEnd(session, 'Edit', 'toolu_1', T0 + 200),
    toolSpan(session, 'Edit', 'toolu_1', T0 + 100, T0 + 200),
    toolStart(session, 'Bash', 'toolu_2', T0 + 300),
    feedSpan(session, SPAN_COMMAND, { startMs: T0 + 310, endMs: T0 + 390, statusCode: 'STATUS_CODE_ERROR', attributes: { [ATTR_AGENTFLEET_COMMAND_EXIT_CODE]: '1' } }),
    toolEnd(session, 'Bash', 'toolu_2', T0 + 400),
    toolSpan(session, 'Bash', 'toolu_2', T0 + 300, T0 + 400),
    feedSpan(session, SPAN_LLM_REQUEST, {
      startMs: T0 + 20,
      endMs: T0 + 90,
      attributes: { [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: '1200', [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: '80', [ATTR_AGENTFLEET_LLM_COST_USD]: '0.1' },
    }),
    feedSpan(session, SPAN_LLM_REQUEST, {
      startMs: T0 + 410,
      endMs: T0 + 480,
      attributes: { [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: '1500', [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: '20', [ATTR_AGENTFLEET_LLM_COST_USD]: '0.2' },
    }),
    feedSpan(session, SPAN_ASSUMPTION, { startMs: T0 + 450, attributes: { [ATTR_AGENTFLEET_ASSUMPTION_TEXT]: 'login() returns a promise', [ATTR_AGENTFLEET_ASSUMPTION_SUBJECT]: 'src/auth.ts' } }),
    edit(session, 'src/login.ts', T0 + 460, 1, 1),
    feedEvent(session, EVENT_TURN_END, T0 + 500),
  ];
}

describe('the fleet state', () => {
  it('adds a session\'s spans and events up to who it is, what it did, touched, assumed and cost', () => {
    const alice = feedSession('run-a', { agentName: 'alice', worktree: '/w/shop', branch: 'fix-login' });
    const items = claudeRun(alice);
    const session = fleetWith(items).session('run-a')!;
    expect(session).toMatchObject({
      id: 'run-a',
      traceId: alice.traceId,
      agentName: 'alice',
      kind: 'generic',
      worktree: '/w/shop',
      branch: 'fix-login',
      task: 'fix the login bug',
      conversationId: 'conv-1',
      status: 'waiting',
      currentTool: undefined,
      startedMs: T0,
      lastActivityMs: T0 + 500,
      endedMs: undefined,
      usage: { inputTokens: 2700, outputTokens: 100, costUsd: 0.3, llmRequests: 2, toolCalls: 2, commands: 1, failedCommands: 1 },
    });
    const editSpanIds = items.filter((item) => 'name' in item && item.name === SPAN_FILE_EDIT).map((item) => (item as FeedSpan).spanId);
    expect(session.files).toEqual({
      'src/login.ts': { path: 'src/login.ts', linesAdded: 6, linesRemoved: 3, edits: 2, lastOp: 'modify', firstEditMs: T0 + 150, lastEditMs: T0 + 460, spanIds: editSpanIds, unmerged: true },
    });
    expect(session.assumptions).toEqual([{ id: expect.any(String), sessionId: 'run-a', text: 'login() returns a promise', subject: 'src/auth.ts', atMs: T0 + 450 }]);
  });

  it('takes the first prompt as the task when none was given at launch', () => {
    const bob = feedSession('run-b', { agentName: 'bob', worktree: '/w/b' });
    const fleet = fleetWith([
      feedEvent(bob, EVENT_USER_PROMPT, T0 + 50, { [ATTR_AGENTFLEET_TASK]: 'second' }),
      feedEvent(bob, EVENT_USER_PROMPT, T0 + 10, { [ATTR_AGENTFLEET_TASK]: 'first' }),
    ]);
    expect(fleet.session('run-b')?.task).toBe('first');
  });

  it('follows running, waiting, running again and the current tool', () => {
    const carol = feedSession('run-c', { agentName: 'carol', worktree: '/w/c' });
    const fleet = fleetWith([feedEvent(carol, EVENT_SESSION_START, T0)]);
    const status = () => fleet.session('run-c')!.status;
    expect(status()).toBe('running');
    for (const batch of feedBatch([toolStart(carol, 'Edit', 'call-1', T0 + 10)])) fleet.apply(batch);
    expect(fleet.session('run-c')?.currentTool).toEqual({ name: 'Edit', callId: 'call-1', sinceMs: T0 + 10 });
    // Asking for permission while the tool waits: waiting, the tool still current.
    for (const batch of feedBatch([feedEvent(carol, EVENT_NOTIFICATION, T0 + 20)])) fleet.apply(batch);
    expect(status()).toBe('waiting');
    expect(fleet.session('run-c')?.currentTool?.callId).toBe('call-1');
    for (const batch of feedBatch([toolEnd(carol, 'Edit', 'call-1', T0 + 30)])) fleet.apply(batch);
    expect(status()).toBe('running');
    expect(fleet.session('run-c')?.currentTool).toBeUndefined();
    // A tool call whose end never came is over once the turn ends.
    for (const batch of feedBatch([toolStart(carol, 'Bash', 'call-2', T0 + 40), feedEvent(carol, EVENT_TURN_END, T0 + 50)])) fleet.apply(batch);
    expect(status()).toBe('waiting');
    expect(fleet.session('run-c')?.currentTool).toBeUndefined();
    for (const batch of feedBatch([feedEvent(carol, EVENT_USER_PROMPT, T0 + 60)])) fleet.apply(batch);
    expect(status()).toBe('running');
    // A span that ended before the turn ended arrives late: the session stays as the latest moment says.
    for (const batch of feedBatch([feedEvent(carol, EVENT_TURN_END, T0 + 70), toolSpan(carol, 'Read', 'call-3', T0 + 61, T0 + 65)])) fleet.apply(batch);
    expect(status()).toBe('waiting');
  });

  it('ends a session done on exit code 0 and crashed on another code or a signal, from the event or the root span', () => {
    const sessions = ['ok', 'code', 'signal', 'root'].map((id) => feedSession(id, { agentName: id, worktree: `/w/${id}` }));
    const [ok, code, signal, root] = sessions as [FeedSession, FeedSession, FeedSession, FeedSession];
    const fleet = fleetWith([
      ...sessions.map((s) => feedEvent(s, EVENT_SESSION_START, T0)),
      feedEvent(ok, EVENT_SESSION_END, T0 + 100, { [ATTR_AGENTFLEET_EXIT_CODE]: '0' }),
      feedEvent(code, EVENT_SESSION_END, T0 + 100, { [ATTR_AGENTFLEET_EXIT_CODE]: '2' }),
      feedEvent(signal, EVENT_SESSION_END, T0 + 100, { [ATTR_AGENTFLEET_EXIT_SIGNAL]: 'SIGKILL' }),
      feedSpan(root, invokeAgentSpanName('root'), { spanId: root.rootSpanId, startMs: T0, endMs: T0 + 200, attributes: { [ATTR_AGENTFLEET_EXIT_CODE]: '0' } }),
    ]);
    expect(fleet.sessions().map((s) => [s.id, s.status, s.exitCode, s.exitSignal, s.endedMs])).toEqual([
      ['code', 'crashed', 2, undefined, T0 + 100],
      ['ok', 'done', 0, undefined, T0 + 100],
      ['root', 'done', 0, undefined, T0 + 200],
      ['signal', 'crashed', undefined, 'SIGKILL', T0 + 100],
    ]);
  });

  it('calls a quiet session idle, a silent one crashed, and running again when it speaks', () => {
    const dan = feedSession('run-d', { agentName: 'dan', worktree: '/w/d' });
    const fleet = fleetWith([feedEvent(dan, EVENT_SESSION_START, T0)]);
    const status = () => fleet.session('run-d')!.status;
    const apply = (...items: (FeedSpan | FeedLogEvent)[]) => feedBatch(items).forEach((b) => fleet.apply(b));
    // Heartbeats keep it alive but are no activity.
    for (let n = 1; n <= 9; n++) apply(feedEvent(dan, EVENT_HEARTBEAT, T0 + n * 10_000));
    fleet.tick(T0 + 59_000);
    expect(status()).toBe('running');
    fleet.tick(T0 + 61_000);
    expect(status()).toBe('idle');
    // An open tool call (a long command) is activity.
    apply(toolStart(dan, 'Bash', 'long', T0 + 5_000));
    expect(status()).toBe('running');
    // Three heartbeat intervals without a word: crashed.
    fleet.tick(T0 + 90_000 + 30_001);
    expect(status()).toBe('crashed');
    expect(fleet.session('run-d')?.currentTool).toBeUndefined();
    apply(feedEvent(dan, EVENT_HEARTBEAT, T0 + 120_000));
    expect(status()).toBe('running');
  });

  it('changes nothing, and tells nobody, when the same items come again', () => {
    const erin = feedSession('run-e', { agentName: 'erin', worktree: '/w/e' });
    const items = claudeRun(erin);
    const fleet = fleetWith(items);
    const before = fleet.sessions();
    const changes = recordChanges(fleet);
    for (const batch of feedBatch(items)) fleet.apply(batch);
    for (const batch of feedBatch(items.slice(3, 5))) fleet.apply(batch);
    expect(changes).toEqual([]);
    expect(fleet.sessions()).toBe(before);
  });

  it('reaches the same state whatever order the items arrive in', () => {
    const frank = feedSession('run-f', { agentName: 'frank', worktree: '/w/f' });
    const gina = feedSession('run-g', { agentName: 'gina', worktree: '/w/f' });
    const items = [
      ...claudeRun(frank),
      ...claudeRun(gina).map((item) => ({ ...item, resource: gina.resource })),
      feedSpan(gina, SPAN_LLM_REQUEST, { startMs: T0 + 600, attributes: { [ATTR_AGENTFLEET_LLM_COST_USD]: '0.3' } }),
      feedEvent(frank, EVENT_SESSION_END, T0 + 900, { [ATTR_AGENTFLEET_EXIT_CODE]: '0' }),
      feedSpan(frank, invokeAgentSpanName('frank'), { spanId: frank.rootSpanId, startMs: T0 - 5, endMs: T0 + 901, attributes: { [ATTR_AGENTFLEET_EXIT_CODE]: '0', [ATTR_AGENTFLEET_TASK]: 'fix the login bug' } }),
    ];
    const inOrder = fleetWith(items);
    inOrder.tick(T0 + 1_000);
    for (let seed = 1; seed <= 20; seed++) {
      const random = seededRandom(seed);
      const shuffled = items.map((item) => ({ item, key: random() })).sort((a, b) => a.key - b.key).map(({ item }) => item);
      const fleet = createFleetState({ config: CONFIG });
      // One item per batch: every arrival order is possible.
      for (const item of shuffled) for (const batch of feedBatch([item])) fleet.apply(batch);
      fleet.tick(T0 + 1_000);
      expect(fleet.sessions(), `seed ${seed}`).toEqual(inOrder.sessions());
    }
    // 0.1 + 0.2 + 0.3 in floating point depends on the order; the state's sum does not.
    expect(inOrder.session('run-g')?.usage.costUsd).toBe(0.6);
  });

  it('credits edits to the session that made them when sessions share a work tree', () => {
    const one = feedSession('run-1', { agentName: 'alice', worktree: '/w/shared' });
    const two = feedSession('run-2', { agentName: 'alice', worktree: '/w/shared' });
    const other = feedSession('run-3', { agentName: 'bob', worktree: '/w/shared' });
    const fleet = fleetWith([
      feedEvent(one, EVENT_SESSION_START, T0),
      feedEvent(two, EVENT_SESSION_START, T0 + 1),
      feedEvent(other, EVENT_SESSION_START, T0 + 2),
      edit(one, 'src/a.ts', T0 + 10, 1, 0),
      edit(two, 'src/b.ts', T0 + 11, 2, 0),
      edit(other, 'src/c.ts', T0 + 12, 3, 0),
      edit(other, 'src/a.ts', T0 + 13, 4, 0),
    ]);
    const files = (id: string) => Object.keys(fleet.session(id)!.files);
    expect(files('run-1')).toEqual(['src/a.ts']);
    expect(files('run-2')).toEqual(['src/b.ts']);
    expect(files('run-3')).toEqual(['src/a.ts', 'src/c.ts']);
    expect(fleet.session('run-3')!.files['src/a.ts']!.linesAdded).toBe(4);
    expect(fleet.agents().map((a) => ({ name: a.agentName, sessions: a.sessionIds, unmerged: a.unmergedFiles }))).toEqual([
      { name: 'alice', sessions: ['run-1', 'run-2'], unmerged: ['src/a.ts', 'src/b.ts'] },
      { name: 'bob', sessions: ['run-3'], unmerged: ['src/a.ts', 'src/c.ts'] },
    ]);
  });

  it('tells listeners about the session, each changed file and each new assumption', () => {
    const hal = feedSession('run-h', { agentName: 'hal', worktree: '/w/h' });
    const fleet = fleetWith([edit(hal, 'a.ts', T0, 1, 0), edit(hal, 'b.ts', T0, 1, 0)]);
    const changes = recordChanges(fleet);
    for (const batch of feedBatch([
      edit(hal, 'b.ts', T0 + 5, 2, 1),
      feedSpan(hal, SPAN_ASSUMPTION, { startMs: T0 + 6, attributes: { [ATTR_AGENTFLEET_ASSUMPTION_TEXT]: 'the API is stable' } }),
    ])) fleet.apply(batch);
    expect(changes.map((c) => (c.type === 'file' ? `file ${c.change.path} ${c.change.edits}` : c.type === 'assumption' ? `assumption ${c.assumption.subject}` : c.type))).toEqual([
      'session',
      'file b.ts 2',
      'assumption undefined',
    ]);
  });

  it('marks a file merged until the session edits it again, and ignores a verdict on older edits', () => {
    const ivy = feedSession('run-i', { agentName: 'ivy', worktree: '/w/i' });
    const fleet = fleetWith([edit(ivy, 'x.ts', T0, 1, 0), edit(ivy, 'x.ts', T0 + 1, 1, 0)]);
    const unmerged = () => fleet.session('run-i')!.files['x.ts']!.unmerged;
    fleet.markMerged('run-i', 'x.ts', 1);
    expect(unmerged()).toBe(true);
    fleet.markMerged('run-i', 'x.ts', 2);
    expect(unmerged()).toBe(false);
    expect(fleet.agents()[0]!.unmergedFiles).toEqual([]);
    for (const batch of feedBatch([edit(ivy, 'x.ts', T0 + 2, 1, 0)])) fleet.apply(batch);
    expect(unmerged()).toBe(true);
  });

  it("keeps the newest edits' span ids of a file, oldest first, whatever order they arrive in", () => {
    const lee = feedSession('run-l', { agentName: 'lee', worktree: '/w/l' });
    const edits = [0, 1, 2, 3, 4].map((i) => edit(lee, 'x.ts', T0 + i, 1, 0));
    const newest = edits.slice(-FILE_CHANGE_SPANS).map((span) => span.spanId);

    expect(fleetWith(edits).session('run-l')!.files['x.ts']!.spanIds).toEqual(newest);
    expect(fleetWith([...edits].reverse()).session('run-l')!.files['x.ts']!.spanIds).toEqual(newest);
  });

  it('records a rename as a change of the new path and a deletion of the old one', () => {
    const jo = feedSession('run-j', { agentName: 'jo', worktree: '/w/j' });
    const rename = feedSpan(jo, SPAN_FILE_EDIT, { startMs: T0, attributes: { [ATTR_AGENTFLEET_FILE_PATH]: 'new.ts', [ATTR_AGENTFLEET_FILE_OLD_PATH]: 'old.ts', [ATTR_AGENTFLEET_FILE_OP]: 'rename' } });
    const files = fleetWith([rename]).session('run-j')!.files;
    expect(Object.values(files).map((f) => [f.path, f.lastOp, f.unmerged])).toEqual([
      ['new.ts', 'rename', true],
      ['old.ts', 'delete', true],
    ]);
  });

  it('forgets a removed session and ignores what still comes for it', () => {
    const kim = feedSession('run-k', { agentName: 'kim', worktree: '/w/k' });
    const fleet = fleetWith([feedEvent(kim, EVENT_SESSION_START, T0)]);
    const changes = recordChanges(fleet);
    fleet.removeSession('run-k');
    fleet.removeSession('run-k');
    for (const batch of feedBatch([edit(kim, 'a.ts', T0 + 1, 1, 0)])) fleet.apply(batch);
    expect(changes).toEqual([{ type: 'session-removed', sessionId: 'run-k' }]);
    expect(fleet.sessions()).toEqual([]);
    expect(fleet.agents()).toEqual([]);
  });

  it('ignores items without a session id and keeps going when a listener throws', () => {
    const errors: unknown[] = [];
    const fleet = createFleetState({ onListenerError: (error) => errors.push(error) });
    const lee = feedSession('run-l', { agentName: 'lee', worktree: '/w/l' });
    const anonymous = { ...feedEvent(lee, EVENT_SESSION_START, T0), resource: { 'service.name': 'x' } };
    const heard: string[] = [];
    fleet.subscribe(() => {
      throw new Error('listener bug');
    });
    fleet.subscribe((change) => heard.push(change.type));
    fleet.apply({ signal: 'logs', logs: [anonymous, feedEvent(lee, EVENT_SESSION_START, T0)] });
    expect(fleet.sessions().map((s) => s.id)).toEqual(['run-l']);
    expect(heard).toEqual(['session']);
    expect(errors).toHaveLength(1);
  });
});
