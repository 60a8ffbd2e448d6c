import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../orchestrator/server.js';
import type { StatusReport } from '../../orchestrator/status-report.js';
import { makeGitFleet } from '../helpers/git-fleet.js';
import { startAgentfleet, waitFor, type ProcessResult } from '../helpers/shim-cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { startTestServer } from '../helpers/test-server.js';

/**
 * `agentfleet status` (the real CLI) with a real server whose fleet is two
 * real `agentfleet run` agents in worktrees of one repository, both
 * changing the same file: the fleet section and the overlap alert it raises.
 */
describe('agentfleet status with agents at work', () => {
  const dataDir = tempDir();
  let server: RunningServer;

  const agentfleet = (args: readonly string[], cwd = dataDir): Promise<ProcessResult> => startAgentfleet(args, { cwd }).result;
  const status = async (): Promise<Extract<StatusReport, { running: true }>> => {
    const result = await agentfleet(['status', '--data-dir', dataDir, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as StatusReport;
    if (!report.running) throw new Error('the server should be running');
    return report;
  };

  beforeAll(async () => {
    server = await startTestServer(dataDir);
  });
  afterAll(() => server?.shutdown());

  it('lists each agent with its status, work tree, branch and unmerged files, and counts the open alerts by kind', async () => {
    const repo = makeGitFleet({ 'src/db.ts': 'export const url = "a";\n' });
    for (const agent of ['alice', 'bob']) {
      const tree = repo.addWorktree(agent);
      const edit = `printf 'export const url = "${agent}";\\n' > src/db.ts`;
      const run = await agentfleet(['run', '--agent', agent, '--server', server.otlpUrl, '--control-plane', server.controlPlaneUrl, '--spool-dir', path.join(dataDir, 'spool'), '--', 'sh', '-c', edit], tree);
      expect(run.code, run.stderr).toBe(0);
    }

    const report = await waitFor('the overlap of alice and bob in status', async () => {
      const r = await status();
      return r.fleet.openAlerts.byKind.overlap === 1 && r.fleet.agents.every((a) => a.status === 'done') ? r : undefined;
    });
    expect(report.fleet.agents.map((a) => [a.agentName, a.status, a.branch, path.basename(a.worktree), a.unmergedFiles])).toEqual([
      ['alice', 'done', 'alice', 'alice', ['src/db.ts']],
      ['bob', 'done', 'bob', 'bob', ['src/db.ts']],
    ]);
    expect(report.fleet.openAlerts.total).toBeGreaterThanOrEqual(1);

    const human = await agentfleet(['status', '--data-dir', dataDir]);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/^fleet: 2 agents; \d+ open alerts? \(.*1 overlap.*\)$/m);
    expect(human.stdout).toMatch(/^ {2}alice +done +\S.* ago +1: src\/db\.ts +\S+\/alice \(alice\)$/m);
  });
});
