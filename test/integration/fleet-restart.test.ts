import { describe, expect, it } from 'vitest';
import { startFleetService } from '../../orchestrator/fleet/fleet-service.js';
import { createLogger } from '../../orchestrator/log.js';
import {
  ATTR_AGENTFLEET_ASSUMPTION_SUBJECT,
  ATTR_AGENTFLEET_ASSUMPTION_TEXT,
  ATTR_AGENTFLEET_FILE_LINES_ADDED,
  ATTR_AGENTFLEET_FILE_OP,
  ATTR_AGENTFLEET_FILE_PATH,
  ATTR_AGENTFLEET_LLM_COST_USD,
  ATTR_AGENTFLEET_TASK,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  EVENT_HEARTBEAT,
  EVENT_SESSION_START,
  EVENT_TOOL_END,
  EVENT_TOOL_START,
  EVENT_USER_PROMPT,
  SPAN_ASSUMPTION,
  SPAN_FILE_EDIT,
  SPAN_LLM_REQUEST,
  executeToolSpanName,
} from '../../semconv/index.js';
import { SdkSession } from '../helpers/sdk-session.js';
import { tempDir } from '../helpers/temp-dir.js';
import { startTestServer } from '../helpers/test-server.js';

const T0 = Date.now() - 10 * 60_000;
/** One clock for both lives of the orchestrator, so time-based statuses cannot differ between them. */
const NOW = T0 + 5 * 60_000;
const CONFIG = { idleAfterMs: 60_000, heartbeatIntervalMs: 30_000 };
const log = createLogger('warn');
/** The agents run on another host: the merge tracker leaves their (absent) work trees alone, so nothing changes with time. */
const hostName = 'agent-host';

describe('restarting the orchestrator in the middle of a run', () => {
  it('rebuilds from storage exactly the fleet state it had, and carries on from there', async () => {
    const dataDir = tempDir();
    const first = await startTestServer(dataDir);
    const firstFleet = await startFleetService({ feed: first.feed, storage: first.storage, log, config: CONFIG, clock: () => NOW });
    const call = { [ATTR_GEN_AI_TOOL_NAME]: 'Edit', [ATTR_GEN_AI_TOOL_CALL_ID]: 'toolu_1' };

    // alice is in the middle of an Edit; bob has been quiet for a while; carol finished.
    const alice = new SdkSession({ otlpUrl: first.otlpUrl, sessionId: 'run-alice', agentName: 'alice', worktree: '/trees/a', startMs: T0, hostName });
    alice.event(EVENT_SESSION_START, T0, { [ATTR_AGENTFLEET_TASK]: 'rename the cart API' });
    alice.event(EVENT_USER_PROMPT, T0 + 10, { [ATTR_AGENTFLEET_TASK]: 'rename the cart API' });
    alice.span(SPAN_LLM_REQUEST, T0 + 20, T0 + 900, { [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 5000, [ATTR_AGENTFLEET_LLM_COST_USD]: 0.07 });
    alice.event(EVENT_TOOL_START, T0 + 1_000, call);
    alice.span(SPAN_FILE_EDIT, T0 + 1_100, T0 + 1_100, { [ATTR_AGENTFLEET_FILE_PATH]: 'src/cart.ts', [ATTR_AGENTFLEET_FILE_OP]: 'modify', [ATTR_AGENTFLEET_FILE_LINES_ADDED]: 12 });
    alice.span(SPAN_ASSUMPTION, T0 + 1_200, T0 + 1_200, { [ATTR_AGENTFLEET_ASSUMPTION_TEXT]: 'nobody else calls cartTotal', [ATTR_AGENTFLEET_ASSUMPTION_SUBJECT]: 'cartTotal' });
    alice.event(EVENT_HEARTBEAT, NOW - 1_000);
    const bob = new SdkSession({ otlpUrl: first.otlpUrl, sessionId: 'run-bob', agentName: 'bob', worktree: '/trees/b', startMs: T0, hostName });
    bob.event(EVENT_SESSION_START, T0);
    bob.span(SPAN_FILE_EDIT, T0 + 50, T0 + 50, { [ATTR_AGENTFLEET_FILE_PATH]: 'README.md', [ATTR_AGENTFLEET_FILE_OP]: 'create', [ATTR_AGENTFLEET_FILE_LINES_ADDED]: 3 });
    bob.event(EVENT_HEARTBEAT, NOW - 10_000);
    const carol = new SdkSession({ otlpUrl: first.otlpUrl, sessionId: 'run-carol', agentName: 'carol', worktree: '/trees/a', startMs: T0 + 5, hostName });
    carol.event(EVENT_SESSION_START, T0 + 5);
    carol.end(T0 + 60_000, 3);
    for (const session of [alice, bob, carol]) await session.send();

    const before = firstFleet.state.sessions();
    expect(before.map((s) => [s.id, s.status, s.currentTool?.callId])).toEqual([
      ['run-alice', 'running', 'toolu_1'],
      ['run-bob', 'idle', undefined],
      ['run-carol', 'crashed', undefined],
    ]);
    const agentsBefore = firstFleet.state.agents();
    await firstFleet.shutdown();
    await first.shutdown();

    const second = await startTestServer(dataDir);
    const secondFleet = await startFleetService({ feed: second.feed, storage: second.storage, log, config: CONFIG, clock: () => NOW });
    try {
      expect(secondFleet.state.sessions()).toEqual(before);
      expect(secondFleet.state.agents()).toEqual(agentsBefore);

      // The run goes on against the new server: its tool call ends, then the session.
      const aliceGoesOn = new SdkSession({ otlpUrl: second.otlpUrl, sessionId: 'run-alice', agentName: 'alice', worktree: '/trees/a', startMs: T0, hostName });
      aliceGoesOn.event(EVENT_TOOL_END, T0 + 2_000, call);
      aliceGoesOn.span(executeToolSpanName('Edit'), T0 + 1_000, T0 + 2_000, call);
      aliceGoesOn.end(NOW, 0);
      await aliceGoesOn.send();
      expect(secondFleet.state.session('run-alice')).toMatchObject({
        status: 'done',
        currentTool: undefined,
        exitCode: 0,
        task: 'rename the cart API',
        files: { 'src/cart.ts': { linesAdded: 12, edits: 1, unmerged: true } },
        assumptions: [{ text: 'nobody else calls cartTotal', subject: 'cartTotal' }],
        usage: { inputTokens: 5000, costUsd: 0.07, toolCalls: 1, llmRequests: 1 },
      });
    } finally {
      await secondFleet.shutdown();
      await second.shutdown();
    }
  });
});
