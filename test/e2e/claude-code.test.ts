import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunningServer } from '../../orchestrator/server.js';
import {
  ATTR_AGENTFLEET_AGENT_KIND,
  ATTR_AGENTFLEET_ASSUMPTION_SUBJECT,
  ATTR_AGENTFLEET_ASSUMPTION_TEXT,
  ATTR_GEN_AI_TOOL_TYPE,
  EVENT_SESSION_END,
  SCOPE_NAME,
  SPAN_ASSUMPTION,
  SPAN_FILE_EDIT,
  SPAN_FILE_INTENT,
  SPAN_PREFIX_EXECUTE_TOOL,
  executeToolSpanName,
  invokeAgentSpanName,
} from '../../semconv/index.js';
import { runScriptedClaude, type ShimTarget } from '../helpers/claude.js';
import type { ScriptedTurn } from '../../bench/scripted-anthropic.js';
import { freePort, waitFor, type ProcessResult } from '../helpers/shim-cli.js';
import { storedLogEvents, waitForLogEvent } from '../helpers/stored-logs.js';
import { sole, storedSpans, waitForSpans } from '../helpers/stored-spans.js';
import { startTestServer } from '../helpers/test-server.js';
import { EDITING_SPAN_COUNT, EDITING_TURNS, FINAL_TEXT, editingScript, expectEditingLogEvents, expectEditingSpans } from './editing-script.js';

/**
 * The real Claude Code CLI (pinned devDependency) against a scripted
 * Anthropic API, wrapped by the real `agentfleet run` (dist/), sending to a
 * real server (collector + ingest + chDB + control plane) in this process.
 * chDB opens one data directory per process: the tests share it (the server
 * is restarted on it) and tell their agents apart by name.
 */

/** What the agent's user sees: its stdout and how it ended (the shim's own stderr lines are not the agent's). */
const outcome = ({ code, signal, stdout }: ProcessResult) => ({ code, signal, stdout });

describe('Claude Code wrapped by agentfleet run', () => {
  let server: RunningServer;
  let dataDir: string;
  const start = async (otlpPort = 0) => (server = await startTestServer(dataDir, { otlpPort }));
  const shimOf = (agent: string): ShimTarget => ({ agent, otlpUrl: server.otlpUrl, controlPlaneUrl: server.controlPlaneUrl });

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'agentfleet-e2e-'));
    await start();
  });
  afterAll(async () => {
    await server?.shutdown();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('records Write, Read, Edit, Bash and Read calls as exactly the expected spans, and leaves the agent output and exit code as they were', async () => {
    const [wrapped, plain] = await Promise.all([runScriptedClaude(editingScript, shimOf('claude-a')), runScriptedClaude(editingScript, undefined)]);
    expect(outcome(wrapped.result)).toEqual(outcome(plain.result));
    expect(outcome(wrapped.result)).toEqual({ code: 0, signal: null, stdout: `${FINAL_TEXT}\n` });
    // MultiEdit does not exist in Claude Code 2.1.x: it is refused without any hook, so it leaves no span.
    expect(JSON.stringify(wrapped.api.toolResults())).toContain('No such tool available: MultiEdit');

    const spans = await waitForSpans(server.storage, 'claude-a', EDITING_SPAN_COUNT);
    expectEditingSpans(spans, 'claude-a');
    expectEditingLogEvents(await waitForLogEvent(server.storage, 'claude-a', EVENT_SESSION_END), spans, 'claude-a');
  });

  it('runs the same with the collector down for the first half, and delivers every span and session event exactly once after it comes back', async () => {
    await server.shutdown();
    const otlpPort = await freePort();
    let backAtMs = Infinity;
    const comeBackHalfway = async (turn: number) => {
      if (turn !== EDITING_TURNS / 2) return;
      backAtMs = Date.now();
      await start(otlpPort);
    };
    const shim = { agent: 'claude-down', otlpUrl: `http://127.0.0.1:${otlpPort}`, controlPlaneUrl: `http://127.0.0.1:${otlpPort}` };
    const [wrapped, plain] = await Promise.all([runScriptedClaude(editingScript, shim, { beforeTurn: comeBackHalfway }), runScriptedClaude(editingScript, undefined)]);
    expect(outcome(wrapped.result)).toEqual(outcome(plain.result));

    const spans = await waitForSpans(server.storage, 'claude-down', EDITING_SPAN_COUNT);
    expect(new Set(spans.map((s) => s.SpanId)).size).toBe(spans.length);
    expectEditingSpans(spans, 'claude-down');
    // The first half's spans were made while nothing listened on the collector's port.
    const madeWhileDown = spans.filter((s) => s.endMs < backAtMs).map((s) => s.SpanName);
    expect(madeWhileDown).toEqual(expect.arrayContaining([executeToolSpanName('Write'), SPAN_FILE_INTENT, SPAN_FILE_EDIT, executeToolSpanName('Edit')]));
    // Nothing arrives twice later either (a spool replayed twice would).
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await storedSpans(server.storage, 'claude-down')).toHaveLength(spans.length);
    expectEditingLogEvents(await storedLogEvents(server.storage, 'claude-down'), spans, 'claude-down');
    await server.shutdown();
    await start();
  });

  it('lets the agent declare an assumption and ask who is touching a file through the agentfleet MCP server', async () => {
    const writeShared = (repo: string): ScriptedTurn[] => [
      { tools: [{ name: 'Write', input: { file_path: path.join(repo, 'src/shared.ts'), content: 'export const shared = 1;\n' } }] },
      { text: 'Written.' },
    ];
    expect((await runScriptedClaude(writeShared, shimOf('claude-b'))).result.code).toBe(0);
    // session, Write call, intent, edit, two model turns
    await waitForSpans(server.storage, 'claude-b', 6);

    const assumption = 'the shared constant stays a number';
    const assumeAndAsk = (): ScriptedTurn[] => [
      { tools: [{ name: 'mcp__agentfleet__declare_assumption', input: { text: assumption, about: 'src/shared.ts' } }] },
      { tools: [{ name: 'mcp__agentfleet__who_is_touching', input: { path: 'src/shared.ts' } }] },
      { text: 'Checked.' },
    ];
    const { result, api } = await runScriptedClaude(assumeAndAsk, shimOf('claude-c'));
    expect(outcome(result)).toEqual({ code: 0, signal: null, stdout: 'Checked.\n' });
    const answers = api.toolResults().map((r) => JSON.stringify(r.content));
    expect(answers[0]).toContain(`Recorded assumption: ${assumption}`);
    expect(answers[1]).toMatch(/Other agents touching src\/shared\.ts, newest first:.*claude-b: file\.edit \(create\)/);

    // session, assumption, two MCP tool calls, three model turns
    const spans = await waitForSpans(server.storage, 'claude-c', 7);
    const declared = sole(spans, SPAN_ASSUMPTION);
    expect(declared.ParentSpanId).toBe(sole(spans, invokeAgentSpanName('claude-c')).SpanId);
    expect(declared.SpanAttributes).toMatchObject({ [ATTR_AGENTFLEET_ASSUMPTION_TEXT]: assumption, [ATTR_AGENTFLEET_ASSUMPTION_SUBJECT]: 'src/shared.ts' });
    const mcpCalls = spans.filter((s) => s.SpanName.startsWith(SPAN_PREFIX_EXECUTE_TOOL));
    expect(mcpCalls.map((s) => [s.SpanName, s.SpanAttributes[ATTR_GEN_AI_TOOL_TYPE]])).toEqual([
      [executeToolSpanName('mcp__agentfleet__declare_assumption'), 'extension'],
      [executeToolSpanName('mcp__agentfleet__who_is_touching'), 'extension'],
    ]);
  });

  it("adds Claude Code's own telemetry under the agent's name with --native-telemetry, output unchanged", async () => {
    const greet = (): ScriptedTurn[] => [{ tools: [{ name: 'Bash', input: { command: 'echo hi', description: 'greet' } }] }, { text: 'Greeted.' }];
    const shim = { ...shimOf('claude-otel'), runOptions: ['--native-telemetry'] };
    const [wrapped, plain] = await Promise.all([runScriptedClaude(greet, shim), runScriptedClaude(greet, undefined)]);
    expect(outcome(wrapped.result)).toEqual(outcome(plain.result));
    // The shim's own log records are its session events, in scope `agentfleet`: any others under the agent's name are Claude Code's own.
    const logs = await waitFor('Claude Code log records', async () => {
      const rows = await server.storage.query<{ kind: string }>(
        `SELECT ResourceAttributes[{kindKey:String}] AS kind FROM ${server.storage.database}.otel_logs WHERE ServiceName = {agent:String} AND ScopeName != {scope:String}`,
        { kindKey: ATTR_AGENTFLEET_AGENT_KIND, agent: 'claude-otel', scope: SCOPE_NAME },
      );
      return rows.length > 0 ? rows : undefined;
    }, 10_000);
    expect(logs[0]).toEqual({ kind: 'claude-code' });
  });
});
