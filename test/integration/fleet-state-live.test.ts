import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleetService, type FleetService } from '../../orchestrator/fleet/fleet-service.js';
import { createFleetState } from '../../orchestrator/fleet/fleet-state.js';
import type { FleetChange, Session } from '../../orchestrator/fleet/model.js';
import { rebuildFromStorage } from '../../orchestrator/fleet/rebuild-from-storage.js';
import { createLogger } from '../../orchestrator/log.js';
import type { RunningServer } from '../../orchestrator/server.js';
import {
  ATTR_AGENTFLEET_ASSUMPTION_SUBJECT,
  ATTR_AGENTFLEET_ASSUMPTION_TEXT,
  ATTR_AGENTFLEET_COMMAND_EXIT_CODE,
  ATTR_AGENTFLEET_COMMAND_TEXT,
  ATTR_AGENTFLEET_FILE_LINES_ADDED,
  ATTR_AGENTFLEET_FILE_LINES_REMOVED,
  ATTR_AGENTFLEET_FILE_OP,
  ATTR_AGENTFLEET_FILE_PATH,
  ATTR_AGENTFLEET_LLM_COST_USD,
  ATTR_AGENTFLEET_TASK,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  EVENT_HEARTBEAT,
  EVENT_NOTIFICATION,
  EVENT_SESSION_START,
  EVENT_TOOL_START,
  EVENT_TURN_END,
  EVENT_USER_PROMPT,
  SPAN_ASSUMPTION,
  SPAN_COMMAND,
  SPAN_FILE_EDIT,
  SPAN_LLM_REQUEST,
} from '../../semconv/index.js';
import { SdkSession } from '../helpers/sdk-session.js';
import { makeGitRepo, startShimWith, waitFor } from '../helpers/shim-cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { startTestServer } from '../helpers/test-server.js';

/** Long enough that no session turns idle or crashed while the test runs, however slow the machine. */
const CONFIG = { idleAfterMs: 24 * 3_600_000, heartbeatIntervalMs: 24 * 3_600_000 };
/**
 * The agents run on another host: the merge tracker leaves their work trees
 * (which do not exist here) alone instead of removing their sessions.
 */
const AGENT_HOST = 'agent-host';
const SHARED = '/work/trees/shop';
const OTHER = '/work/trees/shop-docs';

const edit = (path: string, added: number, removed: number) => ({
  [ATTR_AGENTFLEET_FILE_PATH]: path,
  [ATTR_AGENTFLEET_FILE_OP]: 'modify',
  [ATTR_AGENTFLEET_FILE_LINES_ADDED]: added,
  [ATTR_AGENTFLEET_FILE_LINES_REMOVED]: removed,
});

describe('the fleet state fed live by the collector', () => {
  let server: RunningServer;
  let fleet: FleetService;
  let sessions: Record<'alice1' | 'alice2' | 'bob' | 'carol', SdkSession>;
  const t0 = Date.now() - 60_000;

  beforeAll(async () => {
    server = await startTestServer(tempDir());
    fleet = await startFleetService({ feed: server.feed, storage: server.storage, log: createLogger('warn'), config: CONFIG });
    const session = (sessionId: string, agentName: string, worktree: string, startMs: number) =>
      new SdkSession({ otlpUrl: server.otlpUrl, sessionId, agentName, worktree, startMs, branch: `agent/${agentName}`, hostName: AGENT_HOST });
    sessions = {
      // Two runs of one agent and a second agent, all in one work tree; a third agent elsewhere.
      alice1: session('run-alice-1', 'alice', SHARED, t0),
      alice2: session('run-alice-2', 'alice', SHARED, t0 + 5),
      bob: session('run-bob', 'bob', SHARED, t0 + 20),
      carol: session('run-carol', 'carol', OTHER, t0 + 30),
    };
    const { alice1, alice2, bob, carol } = sessions;

    alice1.event(EVENT_SESSION_START, t0, { [ATTR_AGENTFLEET_TASK]: 'fix checkout' });
    alice1.event(EVENT_TOOL_START, t0 + 100, { [ATTR_GEN_AI_TOOL_NAME]: 'Edit', [ATTR_GEN_AI_TOOL_CALL_ID]: 'toolu_a1' });
    alice1.span(SPAN_FILE_EDIT, t0 + 150, t0 + 160, edit('src/cart.ts', 10, 2));
    alice1.event(EVENT_HEARTBEAT, t0 + 170);

    alice2.event(EVENT_SESSION_START, t0 + 5);
    alice2.event(EVENT_USER_PROMPT, t0 + 10, { [ATTR_AGENTFLEET_TASK]: 'write the docs' });
    alice2.span(SPAN_FILE_EDIT, t0 + 200, t0 + 210, edit('docs/cart.md', 30, 0));
    alice2.event(EVENT_TURN_END, t0 + 300);

    bob.event(EVENT_SESSION_START, t0 + 20);
    bob.span(SPAN_FILE_EDIT, t0 + 400, t0 + 410, edit('src/cart.ts', 1, 1));
    bob.span(SPAN_ASSUMPTION, t0 + 420, t0 + 420, { [ATTR_AGENTFLEET_ASSUMPTION_TEXT]: 'cart totals are in cents', [ATTR_AGENTFLEET_ASSUMPTION_SUBJECT]: 'src/cart.ts' });
    bob.event(EVENT_NOTIFICATION, t0 + 500);

    carol.event(EVENT_SESSION_START, t0 + 30);
    carol.span(SPAN_COMMAND, t0 + 40, t0 + 900, { [ATTR_AGENTFLEET_COMMAND_TEXT]: 'npm test', [ATTR_AGENTFLEET_COMMAND_EXIT_CODE]: 0 });
    carol.span(SPAN_LLM_REQUEST, t0 + 50, t0 + 60, { [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 900, [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 40, [ATTR_AGENTFLEET_LLM_COST_USD]: 0.0125 });
    carol.end(t0 + 1_000, 0);

    for (const s of Object.values(sessions)) await s.send();
  });

  afterAll(async () => {
    await fleet?.shutdown();
    await server?.shutdown();
  });

  const byId = (id: string): Session => fleet.state.session(id)!;

  it('knows each session\'s agent, work tree, status, current tool, files and assumptions once the collector acknowledged them', () => {
    expect(fleet.state.sessions().map((s) => [s.id, s.agentName, s.worktree, s.branch, s.status])).toEqual([
      ['run-alice-1', 'alice', SHARED, 'agent/alice', 'running'],
      ['run-alice-2', 'alice', SHARED, 'agent/alice', 'waiting'],
      ['run-bob', 'bob', SHARED, 'agent/bob', 'waiting'],
      ['run-carol', 'carol', OTHER, 'agent/carol', 'done'],
    ]);
    expect(byId('run-alice-1')).toMatchObject({ task: 'fix checkout', currentTool: { name: 'Edit', callId: 'toolu_a1', sinceMs: t0 + 100 } });
    expect(byId('run-alice-2').task).toBe('write the docs');
    expect(byId('run-carol')).toMatchObject({
      exitCode: 0,
      endedMs: t0 + 1_000,
      usage: { inputTokens: 900, outputTokens: 40, costUsd: 0.0125, llmRequests: 1, commands: 1, failedCommands: 0 },
    });
    expect(byId('run-bob').assumptions).toEqual([
      { id: expect.stringMatching(/^[0-9a-f]{16}$/), sessionId: 'run-bob', text: 'cart totals are in cents', subject: 'src/cart.ts', atMs: t0 + 420 },
    ]);
  });

  it('credits each edit to its own session, also in a work tree three sessions share', () => {
    const files = (id: string) => Object.values(byId(id).files).map((f) => [f.path, f.linesAdded, f.linesRemoved, f.unmerged]);
    expect(files('run-alice-1')).toEqual([['src/cart.ts', 10, 2, true]]);
    expect(files('run-alice-2')).toEqual([['docs/cart.md', 30, 0, true]]);
    expect(files('run-bob')).toEqual([['src/cart.ts', 1, 1, true]]);
    expect(files('run-carol')).toEqual([]);
    expect(fleet.state.agents().map((a) => [a.agentName, a.sessionIds, a.status, a.unmergedFiles])).toEqual([
      ['alice', ['run-alice-1', 'run-alice-2'], 'waiting', ['docs/cart.md', 'src/cart.ts']],
      ['bob', ['run-bob'], 'waiting', ['src/cart.ts']],
      ['carol', ['run-carol'], 'done', []],
    ]);
  });

  it('changes nothing when the same requests come again, retried or re-encoded', async () => {
    const before = fleet.state.sessions();
    const changes: FleetChange[] = [];
    const unsubscribe = fleet.state.subscribe((change) => changes.push(change));
    for (const s of Object.values(sessions)) {
      // A retry is answered as a duplicate and never fed; the same items in OTLP/JSON are stored and fed again.
      await s.resend('protobuf');
      await s.resend('json');
    }
    unsubscribe();
    expect(changes).toEqual([]);
    expect(fleet.state.sessions()).toEqual(before);
    expect((await server.status()).ingest.traces.duplicatesDropped).toBe(Object.keys(sessions).length);
  });

  it('rebuilds from storage the same state it built live', async () => {
    await waitFor('every acknowledged row in storage', async () => {
      const { ingest } = await server.status();
      return ingest.traces.walPendingRows === 0 && ingest.logs.walPendingRows === 0 ? true : undefined;
    });
    const rebuilt = createFleetState({ config: CONFIG });
    const result = await rebuildFromStorage({ storage: server.storage, fleet: rebuilt, sinceMs: t0 - 3_600_000, pageRows: 3 });
    // Every item twice: once as protobuf, once as the OTLP/JSON copy.
    expect(result.spans).toBe(2 * 7);
    expect(result.events).toBe(2 * 10);
    const now = Date.now();
    rebuilt.tick(now);
    fleet.state.tick(now);
    // By id first, so a difference shows as the one session that differs.
    const byIdOf = (list: readonly Session[]) => Object.fromEntries(list.map((s) => [s.id, s]));
    expect(byIdOf(rebuilt.sessions())).toEqual(byIdOf(fleet.state.sessions()));
    expect(rebuilt.sessions()).toEqual(fleet.state.sessions());
    expect(rebuilt.agents()).toEqual(fleet.state.agents());
  });

  it('follows a real `agentfleet run` of a generic agent: running with its new file, then done', async () => {
    const repo = tempDir();
    makeGitRepo(repo, { 'README.md': 'shop\n' });
    const marks = tempDir();
    const agent = ['sh', '-c', 'printf "todo\\n" > notes.md; while [ ! -e "$MARKS/go" ]; do sleep 0.05; done'];
    const running = startShimWith({ collectorUrl: server.otlpUrl, spoolDir: tempDir(), heartbeatIntervalMs: 200 }, 'gen-fleet', 'take notes', agent, {
      cwd: repo,
      env: { MARKS: marks },
    });
    try {
      const live = await waitFor('the run with its file change', () =>
        fleet.state.sessions().find((s) => s.agentName === 'gen-fleet' && s.files['notes.md'] !== undefined),
      );
      expect(live).toMatchObject({ status: 'running', task: 'take notes', kind: 'generic', branch: 'main', endedMs: undefined });
      expect(live.files['notes.md']).toMatchObject({ lastOp: 'create', linesAdded: 1, unmerged: true });
      // Untracked and not on main: still unmerged after git has been asked.
      await fleet.mergeTracker.checkNow();
      expect(fleet.state.session(live.id)?.files['notes.md']?.unmerged).toBe(true);
    } finally {
      writeFileSync(path.join(marks, 'go'), '');
    }
    expect((await running.result).code).toBe(0);
    const ended = await waitFor('the run to end', () => fleet.state.sessions().find((s) => s.agentName === 'gen-fleet' && s.status !== 'running'));
    expect(ended).toMatchObject({ status: 'done', exitCode: 0, currentTool: undefined });
  });
});
