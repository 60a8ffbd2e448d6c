import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScriptedTurn } from '../../bench/scripted-anthropic.js';
import { defaultGatePolicyConfig } from '../../orchestrator/collisions/gate-policy.js';
import type { Session } from '../../orchestrator/fleet/model.js';
import { createLogger } from '../../orchestrator/log.js';
import type { AlertList } from '../../orchestrator/routes/alerts.js';
import { startServer, type RunningServer } from '../../orchestrator/server.js';
import { ATTR_AGENTFLEET_GATE_DECISION, ATTR_AGENTFLEET_GATE_REASON, SPAN_FILE_INTENT, executeToolSpanName } from '../../semconv/index.js';
import { runScriptedClaude } from '../helpers/claude.js';
import { makeGitFleet } from '../helpers/git-fleet.js';
import { startAgentfleet, waitFor } from '../helpers/shim-cli.js';
import { sole, waitForSpans } from '../helpers/stored-spans.js';
import { tempDir } from '../helpers/temp-dir.js';
import { testServerConfig } from '../helpers/test-server.js';

/**
 * The collision gate end to end: a real server with `--gate deny`; agent
 * bob — a real `agentfleet run` of a shell script — leaves an unmerged
 * change to src/shared.ts in its worktree; then the real Claude Code CLI,
 * wrapped by `agentfleet run` in another worktree of the same repository,
 * is told by the scripted model to edit that file.
 */

const SHARED = 'src/shared.ts';
const ORIGINAL = 'export const shared = 1;\n';

describe('Claude Code wrapped by agentfleet run, under --gate deny', () => {
  let server: RunningServer;

  const api = async <T>(pathAndQuery: string): Promise<T> => (await (await fetch(`${server.controlPlaneUrl}${pathAndQuery}`)).json()) as T;
  const run = (agent: string, cwd: string, command: readonly string[]) =>
    startAgentfleet(['run', '--agent', agent, '--server', server.otlpUrl, '--control-plane', server.controlPlaneUrl, '--spool-dir', path.join(tempDir(), 'spool'), '--', ...command], { cwd }).result;

  beforeAll(async () => {
    server = await startServer({ ...testServerConfig(tempDir('agentfleet-e2e-gate-')), gate: { ...defaultGatePolicyConfig(), mode: 'deny' } }, createLogger('warn'));
  });
  afterAll(() => server?.shutdown());

  it("refuses Claude Code's Edit of a file another agent changed and has not merged: the file stays, the model reads why, an intent alert names both", async () => {
    const fleet = makeGitFleet({ [SHARED]: ORIGINAL, 'README.md': '# shop\n' });
    const bobTree = fleet.addWorktree('bob');
    const claudeTree = fleet.addWorktree('claude-gated');

    const bob = await run('bob', bobTree, ['sh', '-c', `printf 'export const shared = 2;\\nexport const more = 3;\\n' > ${SHARED}`]);
    expect(bob.code, bob.stderr).toBe(0);
    await waitFor("bob's unmerged change in the fleet", async () => {
      const { sessions } = await api<{ sessions: Session[] }>('/api/v1/sessions?agent=bob');
      return sessions[0]?.files[SHARED]?.unmerged ? true : undefined;
    });

    const target = path.join(claudeTree, SHARED);
    const script = (): ScriptedTurn[] => [
      { tools: [{ name: 'Read', input: { file_path: target } }] },
      { tools: [{ name: 'Edit', input: { file_path: target, old_string: 'shared = 1', new_string: 'shared = 10' } }] },
      { text: 'Left it alone.' },
    ];
    const { result, api: model } = await runScriptedClaude(script, { agent: 'claude-gated', otlpUrl: server.otlpUrl, controlPlaneUrl: server.controlPlaneUrl }, { workTree: claudeTree });
    expect({ code: result.code, stdout: result.stdout }).toEqual({ code: 0, stdout: 'Left it alone.\n' });

    // The edit never happened, and the model was told whose work it would have broken.
    expect(readFileSync(target, 'utf8')).toBe(ORIGINAL);
    const editResult = model.toolResults()[1]!;
    expect(editResult.is_error).toBe(true);
    const told = JSON.stringify(editResult.content);
    expect(told).toContain(`agentfleet refused this edit: ${SHARED} has unmerged changes by bob`);
    expect(told).toContain(`branch bob, work tree ${bobTree}`);

    const { alerts } = await api<AlertList>('/api/v1/alerts?kind=intent');
    expect(alerts.map((a) => [a.parties.map((p) => p.agentName), a.files, a.state])).toEqual([[['claude-gated', 'bob'], [SHARED], 'open']]);

    // session, Read, intent, Edit, three model turns
    const spans = await waitForSpans(server.storage, 'claude-gated', 7);
    const edit = sole(spans, executeToolSpanName('Edit'));
    expect(edit.StatusCode).toBe('STATUS_CODE_ERROR');
    expect(edit.SpanAttributes[ATTR_AGENTFLEET_GATE_DECISION]).toBe('deny');
    expect(edit.SpanAttributes[ATTR_AGENTFLEET_GATE_REASON]).toContain('has unmerged changes by bob');
    expect(sole(spans, SPAN_FILE_INTENT).ParentSpanId).toBe(edit.SpanId);
  });
});
