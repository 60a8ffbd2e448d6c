import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, AlertKind } from '../../orchestrator/collisions/alert.js';
import { snapshotWorktree } from '../../orchestrator/git/snapshot.js';
import { createLogger } from '../../orchestrator/log.js';
import { startServer, type RunningServer } from '../../orchestrator/server.js';
import { commitAll, makeGitFleet, numberedLines, replaceLines, writeFiles, type GitFleet } from '../helpers/git-fleet.js';
import { CLI, gitIn, startAgentfleet, waitFor } from '../helpers/shim-cli.js';
import { followStream, type StreamFollower } from '../helpers/stream-follower.js';
import { tempDir } from '../helpers/temp-dir.js';
import { gitWatchingServerConfig } from '../helpers/test-server.js';

/**
 * The collision engine against real git: repositories with agents'
 * worktrees made here, real `agentfleet run` generic agents (shell scripts)
 * whose file watcher reports their edits, the real server, and the alerts
 * as `/api/v1/stream` delivers them. Each scenario has its own repository
 * with its own remote URL, so scenarios never collide with each other.
 */

const dataDir = tempDir('agentfleet-collisions-');
const spoolDir = tempDir('agentfleet-spool-');

let server: RunningServer;
let stream: StreamFollower;

beforeAll(async () => {
  server = await startServer(gitWatchingServerConfig(dataDir), createLogger('warn'));
  stream = await followStream(server.controlPlaneUrl, ['alert', 'session']);
});
afterAll(async () => {
  stream?.close();
  await server?.shutdown();
});

/** A repository of `files` whose `origin` is its own (so sessions of other scenarios are another repository). */
function scenarioRepo(name: string, files: Readonly<Record<string, string>>): GitFleet {
  const fleet = makeGitFleet(files);
  gitIn(fleet.repo, 'remote', 'set-url', 'origin', `https://example.com/acme/${name}.git`);
  return fleet;
}

/** Runs agent `agent` in `worktree`: a shell script that copies `files` over the work tree (and runs `then`, if given). */
async function runAgent(agent: string, worktree: string, files: Readonly<Record<string, string>>, then = ''): Promise<void> {
  const stage = tempDir('agentfleet-stage-');
  writeFiles(stage, files);
  const script = `cp -R "$STAGE"/. . ${then === '' ? '' : `&& ${then}`}`;
  const result = await startAgentfleet(['run', '--agent', agent, '--server', server.otlpUrl, '--spool-dir', spoolDir, '--', 'sh', '-c', script], {
    cwd: worktree,
    env: { STAGE: stage, CLI },
  }).result;
  expect(result, result.stderr).toMatchObject({ code: 0 });
}

function alertsOf(kind: AlertKind, ...agents: string[]): Alert[] {
  return [...stream.alerts().values()].filter((alert) => alert.kind === kind && agents.every((agent) => alert.parties.some((party) => party.agentName === agent)));
}

function waitForAlert(what: string, predicate: (alert: Alert) => boolean): Promise<Alert> {
  return waitFor(what, () => [...stream.alerts().values()].find(predicate), 60_000);
}

function sessionIdOf(agent: string): string {
  const session = server.fleet.state.sessions().find((s) => s.agentName === agent);
  if (session === undefined) throw new Error(`no session of ${agent}`);
  return session.id;
}

describe('collisions between agents in real git worktrees', () => {
  it('predicts a merge conflict with its line ranges, an overlap without a conflict for separate hunks, and resolves both once the work is merged', async () => {
    const base = { 'src/x.ts': numberedLines(20), 'src/y.ts': numberedLines(30) };
    const repo = scenarioRepo('conflicts', base);
    const alice = repo.addWorktree('alice');
    const bob = repo.addWorktree('bob');
    // Both change lines 3–5 of x.ts; of y.ts, alice line 2 and bob line 25.
    await Promise.all([
      runAgent('alice', alice, {
        'src/x.ts': replaceLines(base['src/x.ts'], 3, 5, ['alice 3', 'alice 4', 'alice 5']),
        'src/y.ts': replaceLines(base['src/y.ts'], 2, 2, ['alice 2']),
      }),
      runAgent('bob', bob, {
        'src/x.ts': replaceLines(base['src/x.ts'], 3, 5, ['bob 3', 'bob 4', 'bob 5']),
        'src/y.ts': replaceLines(base['src/y.ts'], 25, 25, ['bob 25']),
      }),
    ]);

    // The alert of the work trees as they are now: its snapshots are the final ones, so that check has seen y.ts too.
    const snapshots = [(await snapshotWorktree(alice)).commit, (await snapshotWorktree(bob)).commit];
    const conflict = await waitForAlert('the merge conflict of the final work trees', (a) => a.kind === 'merge_conflict' && isDeepEqual(a.evidence.commits, snapshots));
    expect(conflict).toMatchObject({
      severity: 'critical',
      state: 'open',
      files: ['src/x.ts'],
      parties: [expect.objectContaining({ agentName: 'alice', branch: 'alice' }), expect.objectContaining({ agentName: 'bob', branch: 'bob' })],
    });
    expect(conflict.evidence.files).toEqual([
      expect.objectContaining({ path: 'src/x.ts', ranges: [[{ start: 3, end: 5 }], [{ start: 3, end: 5 }]] }),
    ]);
    expect(conflict.summary).toBe("alice and bob would conflict merging src/x.ts: alice's lines 3–5 vs bob's lines 3–5");
    expect(alertsOf('merge_conflict', 'alice', 'bob').map((a) => a.files)).toEqual([['src/x.ts']]);
    const overlaps = await waitFor('overlap alerts on x.ts and y.ts', () => {
      const found = alertsOf('overlap', 'alice', 'bob').filter((a) => a.state === 'open');
      return found.length === 2 ? found : undefined;
    });
    expect(overlaps.map((a) => a.files[0]).sort()).toEqual(['src/x.ts', 'src/y.ts']);

    // alice's work is merged into main: the pair's conflict is resolved as merged, and bob now conflicts with main itself.
    commitAll(alice, 'alice edits x and y');
    gitIn(repo.repo, 'merge', '-q', '--ff-only', 'alice');
    const resolved = await waitForAlert('the pair conflict resolved', (a) => a.id === conflict.id && a.state === 'resolved');
    expect(resolved.resolution).toBe('merged');
    const staleBase = await waitForAlert("bob's conflict with main", (a) => a.kind === 'merge_conflict' && a.parties[1]?.branch === 'main' && a.state === 'open');
    expect(staleBase).toMatchObject({ files: ['src/x.ts'], parties: [expect.objectContaining({ agentName: 'bob' }), expect.objectContaining({ sessionId: '', branch: 'main' })] });
    expect(staleBase.evidence.files[0]!.ranges).toEqual([[{ start: 3, end: 5 }], [{ start: 3, end: 5 }]]);
    await waitFor('the overlaps resolved', () => (overlaps.every((o) => stream.alerts().get(o.id)?.state === 'resolved') ? true : undefined));

    // bob drops his change to x.ts, keeping his y.ts edit: nothing conflicts any more.
    gitIn(bob, 'checkout', '--', 'src/x.ts');
    const gone = await waitForAlert("bob's conflict with main resolved", (a) => a.id === staleBase.id && a.state === 'resolved');
    expect(gone.resolution).toBe('reverted');
    expect(alertsOf('merge_conflict', 'bob').filter((a) => a.state !== 'resolved')).toEqual([]);

    const sessionEvents = stream.events().filter((e) => e.type === 'session').map((e) => (e.data as { agentName: string }).agentName);
    expect(new Set(sessionEvents)).toEqual(new Set(['alice', 'bob']));
  });

  it('raises a dependency alert for a changed exported function another agent uses, assumption alerts for its path and symbol, intent decisions, and keeps every alert as it was across a restart', async () => {
    const cart = 'export function total(items: number[]): number {\n  return items.reduce((sum, x) => sum + x, 0);\n}\n';
    const checkout = "import { total } from './cart.js';\n\nexport function checkout(items: number[]): string {\n  return `pay ${total(items)}`;\n}\n";
    const notes = numberedLines(20);
    const repo = scenarioRepo('dependencies', { 'src/cart.ts': cart, 'src/checkout.ts': checkout, 'notes.md': notes });
    const [erin, frank, grace] = [repo.addWorktree('erin'), repo.addWorktree('frank'), repo.addWorktree('grace')];
    await Promise.all([
      // erin adds a parameter to total: a signature change.
      runAgent('erin', erin, { 'src/cart.ts': cart.replace('items: number[]): number', 'items: number[], taxRate: number): number'), 'notes.md': replaceLines(notes, 2, 2, ['erin']) }),
      // frank is editing a file that calls total.
      runAgent('frank', frank, { 'src/checkout.ts': checkout.replace('`pay ', '`to pay ') }),
      // grace declares assumptions about cart.ts and total, and edits notes.md (another part of it than erin).
      runAgent('grace', grace, { 'notes.md': replaceLines(notes, 18, 18, ['grace']) }, `node "$CLI" assume "cart totals are plain sums" --about src/cart.ts && node "$CLI" assume "total takes only the items" --about total`),
    ]);

    const dependency = await waitForAlert('the dependency alert', (a) => a.kind === 'dependency');
    expect(dependency).toMatchObject({
      severity: 'warning',
      state: 'open',
      parties: [expect.objectContaining({ agentName: 'frank' }), expect.objectContaining({ agentName: 'erin' })],
      files: ['src/cart.ts', 'src/checkout.ts'],
      summary: "erin changed total in src/cart.ts (signature), used by frank's src/checkout.ts",
    });
    expect(dependency.evidence.symbols).toEqual([
      expect.objectContaining({ path: 'src/cart.ts', symbol: 'total', symbolKind: 'function', change: 'signature', usedIn: ['src/checkout.ts'] }),
    ]);

    const bySubject = await waitFor('assumption alerts about the path and the symbol', () => {
      const found = alertsOf('assumption', 'grace', 'erin');
      return found.length === 2 ? new Map(found.map((a) => [a.evidence.assumption?.subject, a])) : undefined;
    });
    expect(bySubject.get('src/cart.ts')).toMatchObject({ files: ['src/cart.ts'], parties: [expect.objectContaining({ agentName: 'grace' }), expect.objectContaining({ agentName: 'erin' })] });
    expect(bySubject.get('src/cart.ts')!.summary).toContain('"cart totals are plain sums"');
    expect(bySubject.get('total')).toMatchObject({ files: ['src/cart.ts'] });
    expect(bySubject.get('total')!.summary).toContain('defines total');

    // frank is about to edit cart.ts, which erin changed: allowed (the gate is `warn`, which holds no edit), with the reason and an intent alert.
    const intent = await postIntent({ sessionId: sessionIdOf('frank'), paths: ['src/cart.ts'], toolName: 'Edit', toolCallId: 'toolu_1' });
    expect(intent.status).toBe(200);
    expect(intent.body).toMatchObject({ decision: 'allow', alerts: [expect.objectContaining({ kind: 'intent', files: ['src/cart.ts'] })], holdsEdits: false });
    expect(intent.body.reason).toContain('src/cart.ts has unmerged changes by erin');
    const intentAlert = intent.body.alerts[0]!;
    await waitForAlert('the intent alert on the stream', (a) => a.id === intentAlert.id);
    expect(await postIntent({ sessionId: sessionIdOf('frank'), paths: ['README.md'] })).toMatchObject({
      status: 200,
      body: { decision: 'allow', reason: 'agentfleet: no other session has unmerged changes to these files', alerts: [] },
    });

    // grace's work is merged: her overlap with erin is resolved. A rebuilt fleet counts it unmerged until git is asked again.
    const overlap = await waitForAlert('the overlap on notes.md', (a) => a.kind === 'overlap' && a.files[0] === 'notes.md');
    commitAll(grace, 'grace edits notes');
    gitIn(repo.repo, 'merge', '-q', '--ff-only', 'grace');
    await waitForAlert('the overlap resolved', (a) => a.id === overlap.id && a.state === 'resolved');

    // Restart: the book comes back from storage, and detection on the rebuilt fleet finds the same problems — same ids, no new
    // versions — and does not reopen the overlap of merged work.
    const before = alertsAmong(repoAgents);
    expect(before.map((a) => `${a.kind} ${a.state}`).sort()).toEqual(['assumption open', 'assumption open', 'dependency open', 'intent open', 'overlap resolved']);
    stream.close();
    await server.shutdown();
    server = await startServer(gitWatchingServerConfig(dataDir), createLogger('warn'));
    stream = await followStream(server.controlPlaneUrl, ['alert']);
    expect(server.collisions.book.all().filter((a) => before.some((b) => b.id === a.id))).toEqual(before);

    // A new agent's edit conflicting with frank's: its alerts prove both detection passes ran after the restart.
    const ivan = repo.addWorktree('ivan');
    await runAgent('ivan', ivan, { 'src/checkout.ts': checkout.replace('`pay ', '`please pay ') });
    await waitForAlert("ivan's merge conflict with frank", (a) => a.kind === 'merge_conflict' && a.parties.some((p) => p.agentName === 'ivan'));
    await waitForAlert("ivan's overlap with frank", (a) => a.kind === 'overlap' && a.parties.some((p) => p.agentName === 'ivan'));
    expect(server.collisions.book.all().filter((a) => before.some((b) => b.id === a.id))).toEqual(before);
  });
});

const repoAgents = new Set(['erin', 'frank', 'grace']);

/** The server's alerts whose parties are all among `agents`. */
function alertsAmong(agents: ReadonlySet<string>): Alert[] {
  return server.collisions.book.all().filter((a) => a.parties.every((p) => agents.has(p.agentName)));
}

interface IntentBody {
  decision: string;
  reason: string;
  alerts: Alert[];
}

async function postIntent(body: unknown): Promise<{ status: number; body: IntentBody }> {
  const response = await fetch(`${server.controlPlaneUrl}/api/v1/intents`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as IntentBody };
}

function isDeepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
