import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchAlerts } from '../../orchestrator/alerts-report.js';
import { formatAlertList } from '../../orchestrator/alerts-format.js';
import type { Alert, AlertKind } from '../../orchestrator/collisions/alert.js';
import { createLogger } from '../../orchestrator/log.js';
import { startServer, type RunningServer } from '../../orchestrator/server.js';
import type { ServerConfig } from '../../orchestrator/server-config.js';
import { commitAll, numberedLines, replaceLines, writeFiles } from '../helpers/git-fleet.js';
import { reportedAgent, reportEdits, scenarioRepo, waitForStreamedAlert } from '../helpers/reported-agents.js';
import { gitIn } from '../helpers/shim-cli.js';
import { followStream, type StreamFollower } from '../helpers/stream-follower.js';
import { tempDir } from '../helpers/temp-dir.js';
import { testServerConfig } from '../helpers/test-server.js';

/**
 * What the collision engine learns from git beyond the fleet state — the
 * hunks of every agent's unmerged change, and moves of the target branch —
 * against real work trees, the real server, and sessions reported over OTLP
 * as the shim reports them. Merges come without spans, and the interval
 * checks are an hour apart here: what the engine notices of a merge, it
 * noticed through the watch of the target branch.
 */

const HOUR_MS = 3_600_000;
const dataDir = tempDir('agentfleet-git-evidence-');

function serverConfig(): ServerConfig {
  const config = testServerConfig(dataDir);
  return { ...config, fleet: { ...config.fleet, mergeCheckIntervalMs: HOUR_MS }, collisions: { ...config.collisions, recheckIntervalMs: HOUR_MS } };
}

let server: RunningServer;
let stream: StreamFollower;

beforeAll(async () => {
  server = await startServer(serverConfig(), createLogger('warn'));
  stream = await followStream(server.controlPlaneUrl, ['alert']);
});
afterAll(async () => {
  stream?.close();
  await server?.shutdown();
});

const agent = (name: string, worktree: string, repositoryUrl: string) => reportedAgent(server.otlpUrl, name, worktree, repositoryUrl);
const waitForAlert = (kind: AlertKind, agents: readonly string[], ready?: (alert: Alert) => boolean, file?: string) => waitForStreamedAlert(stream, kind, agents, ready, file);
const resolved = (alert: Alert) => alert.state === 'resolved';

/** Each cited change's session and hunks, for the alert's first file. */
const hunksOf = (alert: Alert) => (alert.evidence.files[0]?.changes ?? []).map((c) => [c.sessionId, c.hunks]);

describe('hunks and target-branch moves in the collision engine, on real git work trees', () => {
  it("names each agent's hunks in an overlap, gives an intent the hunks git already read, and lists them in `agentfleet alerts`", async () => {
    const lines = numberedLines(30);
    const repo = scenarioRepo('hunks', { 'src/y.ts': lines, 'README.md': 'readme\n' });
    const [aliceTree, bobTree, carolTree] = ['alice', 'bob', 'carol'].map((name) => repo.addWorktree(name)) as [string, string, string];
    const [alice, bob, carol] = [agent('alice', aliceTree, repo.url), agent('bob', bobTree, repo.url), agent('carol', carolTree, repo.url)];
    // alice rewrites line 2; bob turns lines 24–26 into two lines.
    await reportEdits(alice, aliceTree, { 'src/y.ts': replaceLines(lines, 2, 2, ['alice 2']) });
    await reportEdits(bob, bobTree, { 'src/y.ts': replaceLines(lines, 24, 26, ['bob 24', 'bob 25']) });

    const overlap = await waitForAlert('overlap', ['alice', 'bob'], (a) => a.state === 'open' && hunksOf(a).every(([, hunks]) => hunks !== undefined));
    const aliceHunks = [{ oldStart: 2, oldLines: 1, newStart: 2, newLines: 1 }];
    const bobHunks = [{ oldStart: 24, oldLines: 3, newStart: 24, newLines: 2 }];
    expect(hunksOf(overlap)).toEqual([
      ['run-alice', aliceHunks],
      ['run-bob', bobHunks],
    ]);

    // carol is about to edit y.ts: the intent alerts carry the hunks the git pass has read, at once.
    await reportEdits(carol, carolTree, { 'README.md': 'carol was here\n' });
    const response = await fetch(`${server.controlPlaneUrl}/api/v1/intents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sessionId: 'run-carol', paths: ['src/y.ts'] }),
    });
    const intents = ((await response.json()) as { alerts: Alert[] }).alerts;
    expect(intents.map((a) => [a.kind, a.parties[1]!.agentName, hunksOf(a)])).toEqual([
      ['intent', 'alice', [['run-alice', aliceHunks]]],
      ['intent', 'bob', [['run-bob', bobHunks]]],
    ]);

    const query = { kind: new Set(['overlap'] as const), agent: 'alice' };
    const listed = formatAlertList(await fetchAlerts(server.controlPlaneUrl, undefined, { ...query, limit: 10 }), query).split('\n');
    expect(listed[listed.findIndex((line) => line.includes(overlap.id)) + 1]).toBe('    src/y.ts — alice: -2 +2; bob: -24,3 +24,2');
  });

  it('re-checks as soon as the target branch moves: a commit on main raises a stale base, a merge resolves the merged work’s alerts', async () => {
    const x = numberedLines(20);
    const z = numberedLines(20);
    const repo = scenarioRepo('target-moves', { 'src/x.ts': x, 'src/z.ts': z });
    const [daveTree, erinTree] = [repo.addWorktree('dave'), repo.addWorktree('erin')];
    const [dave, erin] = [agent('dave', daveTree, repo.url), agent('erin', erinTree, repo.url)];
    await reportEdits(dave, daveTree, { 'src/x.ts': replaceLines(x, 3, 5, ['dave 3', 'dave 4', 'dave 5']), 'src/z.ts': replaceLines(z, 10, 10, ['dave 10']) });
    await reportEdits(erin, erinTree, { 'src/x.ts': replaceLines(x, 3, 5, ['erin 3', 'erin 4', 'erin 5']) });
    const overlap = await waitForAlert('overlap', ['dave', 'erin']);
    const conflict = await waitForAlert('merge_conflict', ['dave', 'erin']);

    // Someone commits to main what conflicts with dave's z.ts: no span, no file change of any agent.
    writeFiles(repo.repo, { 'src/z.ts': replaceLines(z, 10, 10, ['main 10']) });
    commitAll(repo.repo, 'main changes z');
    const staleZ = await waitForAlert('merge_conflict', ['dave', 'main'], undefined, 'src/z.ts');
    expect(staleZ.parties.map((p) => [p.agentName, p.sessionId])).toEqual([
      ['dave', 'run-dave'],
      ['main', ''],
    ]);

    // erin's work is merged into main: what was built on it is resolved, and dave's x.ts now conflicts with main itself.
    commitAll(erinTree, 'erin edits x');
    gitIn(repo.repo, 'merge', '-q', '--no-edit', 'erin');
    expect((await waitForAlert('merge_conflict', ['dave', 'erin'], (a) => a.id === conflict.id && resolved(a))).resolution).toBe('merged');
    await waitForAlert('overlap', ['dave', 'erin'], (a) => a.id === overlap.id && resolved(a));
    await waitForAlert('merge_conflict', ['dave', 'main'], undefined, 'src/x.ts');
    expect(Object.values(server.fleet.state.session('run-erin')!.files).filter((f) => f.unmerged)).toEqual([]);
  });
});
