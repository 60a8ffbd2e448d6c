import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../orchestrator/server.js';
import type { StatusReport } from '../../orchestrator/status-report.js';
import { makeGitFleet } from '../helpers/git-fleet.js';
import { jsonKeyPaths } from '../helpers/json-keys.js';
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
    // The keys of --json stay (responses are counted by route and status: keys of data).
    expect(jsonKeyPaths(report, ['server.receiver.responses'])).toEqual([
      'fleet', 'fleet.agents', 'fleet.agents[].agentId', 'fleet.agents[].agentName', 'fleet.agents[].branch', 'fleet.agents[].host',
      'fleet.agents[].lastActivityMs', 'fleet.agents[].sessionIds', 'fleet.agents[].status', 'fleet.agents[].unmergedFiles', 'fleet.agents[].worktree',
      'fleet.openAlerts', 'fleet.openAlerts.byKind', 'fleet.openAlerts.byKind.assumption', 'fleet.openAlerts.byKind.dependency',
      'fleet.openAlerts.byKind.intent', 'fleet.openAlerts.byKind.merge_conflict', 'fleet.openAlerts.byKind.overlap', 'fleet.openAlerts.total',
      'running', 'server', 'server.controlPlaneUrl', 'server.ingest', 'server.ingest.logs', 'server.ingest.logs.duplicatesDropped',
      'server.ingest.logs.insertErrors', 'server.ingest.logs.lagMs', 'server.ingest.logs.rowsAccepted', 'server.ingest.logs.rowsInserted',
      'server.ingest.logs.walPendingBytes', 'server.ingest.logs.walPendingRows', 'server.ingest.logs.walSegments', 'server.ingest.traces',
      'server.ingest.traces.duplicatesDropped', 'server.ingest.traces.insertErrors', 'server.ingest.traces.lagMs', 'server.ingest.traces.rowsAccepted',
      'server.ingest.traces.rowsInserted', 'server.ingest.traces.walPendingBytes', 'server.ingest.traces.walPendingRows',
      'server.ingest.traces.walSegments', 'server.otlpUrl', 'server.pid', 'server.receiver', 'server.receiver.abortedRequests',
      'server.receiver.bodyBytesDecompressed', 'server.receiver.bodyBytesReceived', 'server.receiver.logRecordsAccepted',
      'server.receiver.logRecordsRejected', 'server.receiver.responses', 'server.receiver.spansAccepted', 'server.receiver.spansRejected',
      'server.receiver.valuesRedacted', 'server.startedAt', 'server.storage', 'server.storage.database', 'server.storage.description',
      'server.storage.kind', 'server.storage.localBytesOnDisk', 'server.storage.tables', 'server.storage.tables[].bytesOnDisk',
      'server.storage.tables[].rows', 'server.storage.tables[].table', 'server.uptimeMs', 'server.version',
    ]);

    const human = await agentfleet(['status', '--data-dir', dataDir]);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/^fleet: 2 agents; \d+ open alerts? \(.*1 overlap.*\)$/m);
    expect(human.stdout).toMatch(/^ {2}alice +done +\S.* ago +1: src\/db\.ts +\S+\/alice \(alice\)$/m);
  });
});
