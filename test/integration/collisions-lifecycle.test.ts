import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, AlertKind } from '../../orchestrator/collisions/alert.js';
import { createLogger } from '../../orchestrator/log.js';
import { startServer, type RunningServer } from '../../orchestrator/server.js';
import { ATTR_AGENTFLEET_ASSUMPTION_SUBJECT, ATTR_AGENTFLEET_ASSUMPTION_TEXT, SPAN_ASSUMPTION } from '../../semconv/index.js';
import { commitAll, numberedLines, replaceLines, writeFiles } from '../helpers/git-fleet.js';
import { nextMs, recordEdits, reportedAgent, reportEdits, scenarioRepo, streamedAlerts, waitForStreamedAlert } from '../helpers/reported-agents.js';
import { gitIn, waitFor } from '../helpers/shim-cli.js';
import { followStream, type StreamFollower } from '../helpers/stream-follower.js';
import { tempDir } from '../helpers/temp-dir.js';
import { gitWatchingServerConfig } from '../helpers/test-server.js';

/**
 * How alerts live and end, against real git: work trees made here, the
 * real server, sessions reported over OTLP by the OpenTelemetry SDK as the
 * shim reports them (file.edit spans from this host), and the alerts as
 * `/api/v1/stream` delivers them. Each scenario is its own repository
 * (its own remote URL), so scenarios never collide with each other.
 */

const dataDir = tempDir('agentfleet-lifecycle-');

let server: RunningServer;
let stream: StreamFollower;

beforeAll(async () => {
  server = await startServer(gitWatchingServerConfig(dataDir), createLogger('warn'));
  stream = await followStream(server.controlPlaneUrl, ['alert']);
});
afterAll(async () => {
  stream?.close();
  await server?.shutdown();
});

const agent = (name: string, worktree: string, repositoryUrl: string) => reportedAgent(server.otlpUrl, name, worktree, repositoryUrl);
const record = recordEdits;
const edit = reportEdits;
const alertsOf = (kind: AlertKind, ...agents: string[]) => streamedAlerts(stream, kind, ...agents);
const waitForAlert = (kind: AlertKind, agents: readonly string[], ready?: (alert: Alert) => boolean, file?: string) => waitForStreamedAlert(stream, kind, agents, ready, file);

const resolved = (alert: Alert) => alert.state === 'resolved';

/** The span ids the fleet state knows for a session's edits of `path`, as evidence cites them. */
function editSpansOf(sessionId: string, path: string): { traceId: string; spanId: string }[] {
  const session = server.fleet.state.session(sessionId)!;
  return session.files[path]!.spanIds.map((spanId) => ({ traceId: session.traceId, spanId }));
}

describe('the life of collision alerts on real git work trees', () => {
  it("raises all five kinds with severity and the spans that caused them, and resolves those built on a change its agent reverts — also after main moved on", async () => {
    const price = 'export function price(n: number): number {\n  return n;\n}\n' + numberedLines(17, '// note');
    const use = "import { price } from './price.js';\n\nexport const total = (xs: number[]) => xs.map(price);\n";
    const repo = scenarioRepo('revert', { 'src/price.ts': price, 'src/use.ts': use });
    const [aliceTree, bobTree, carolTree, daveTree] = ['alice', 'bob', 'carol', 'dave'].map((name) => repo.addWorktree(name)) as [string, string, string, string];
    // Merged into main since the agents started: a far part of price.ts, so nobody conflicts with main.
    writeFiles(repo.repo, { 'src/price.ts': replaceLines(price, 20, 20, ['// main changed this']) });
    commitAll(repo.repo, 'main moves on');

    const [alice, bob, carol, dave] = [agent('alice', aliceTree, repo.url), agent('bob', bobTree, repo.url), agent('carol', carolTree, repo.url), agent('dave', daveTree, repo.url)];
    const assumedAt = nextMs();
    carol.span(SPAN_ASSUMPTION, assumedAt, assumedAt, { [ATTR_AGENTFLEET_ASSUMPTION_TEXT]: 'price takes one number', [ATTR_AGENTFLEET_ASSUMPTION_SUBJECT]: 'src/price.ts' });
    await carol.send();
    // alice and bob both change price's signature line; dave edits a file that calls price.
    await edit(alice, aliceTree, { 'src/price.ts': replaceLines(price, 1, 1, ['export function price(n: number, rate: number): number {']) });
    await edit(bob, bobTree, { 'src/price.ts': replaceLines(price, 1, 1, ['export function price(n: number, cents: boolean): number {']) });
    await edit(dave, daveTree, { 'src/use.ts': use.replace('xs.map(price)', 'xs.map((x) => price(x))') });

    const overlap = await waitForAlert('overlap', ['alice', 'bob']);
    const conflict = await waitForAlert('merge_conflict', ['alice', 'bob']);
    const dependency = await waitForAlert('dependency', ['dave', 'alice']);
    const assumption = await waitForAlert('assumption', ['carol', 'alice']);
    const intentAnswer = await fetch(`${server.controlPlaneUrl}/api/v1/intents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sessionId: 'run-dave', paths: ['src/price.ts'] }),
    });
    const intents = ((await intentAnswer.json()) as { alerts: Alert[] }).alerts;

    const aliceSpans = editSpansOf('run-alice', 'src/price.ts');
    const bobSpans = editSpansOf('run-bob', 'src/price.ts');
    const daveSpans = editSpansOf('run-dave', 'src/use.ts');
    const carolAssumption = { traceId: server.fleet.state.session('run-carol')!.traceId, spanId: server.fleet.state.session('run-carol')!.assumptions[0]!.id };
    expect(aliceSpans).toHaveLength(1);
    expect(overlap).toMatchObject({ severity: 'warning', files: ['src/price.ts'] });
    expect(overlap.evidence.spans).toEqual([...aliceSpans, ...bobSpans]);
    expect(conflict).toMatchObject({ severity: 'critical', files: ['src/price.ts'] });
    expect(conflict.evidence.files[0]!.ranges).toEqual([[{ start: 1, end: 1 }], [{ start: 1, end: 1 }]]);
    expect(conflict.evidence.spans).toEqual([...aliceSpans, ...bobSpans]);
    expect(dependency).toMatchObject({ severity: 'warning', files: ['src/price.ts', 'src/use.ts'] });
    expect(dependency.evidence.symbols).toEqual([expect.objectContaining({ symbol: 'price', change: 'signature', usedIn: ['src/use.ts'] })]);
    expect(dependency.evidence.spans).toEqual([...aliceSpans, ...daveSpans]);
    expect(assumption).toMatchObject({ severity: 'warning', files: ['src/price.ts'] });
    expect(assumption.evidence.spans).toEqual([...aliceSpans, carolAssumption]);
    expect(intents.map((a) => [a.kind, a.severity, a.parties[1]!.agentName, a.evidence.spans])).toEqual([
      ['intent', 'warning', 'alice', aliceSpans],
      ['intent', 'warning', 'bob', bobSpans],
    ]);

    // alice drops her change: her price.ts is her base's again — not main's, which changed it meanwhile.
    gitIn(aliceTree, 'checkout', '--', 'src/price.ts');
    for (const alert of [overlap, conflict, dependency, assumption, intents[0]!]) await waitForAlert(alert.kind, ['alice'], (a) => a.id === alert.id && resolved(a));
    expect(stream.alerts().get(conflict.id)!.resolution).toBe('reverted');
    expect(Object.values(server.fleet.state.session('run-alice')!.files).filter((f) => f.unmerged)).toEqual([]);
    // bob's change stands: what is built on it stays open.
    for (const kind of ['dependency', 'assumption', 'intent'] as const) expect(alertsOf(kind, 'bob').map((a) => a.state)).toEqual(['open']);
  });

  it("keeps an ended session's unmerged work colliding, and resolves its alerts once its work tree is removed", async () => {
    const cart = numberedLines(10);
    const repo = scenarioRepo('removal', { 'src/cart.ts': cart });
    const [erinTree, frankTree] = [repo.addWorktree('erin'), repo.addWorktree('frank')];
    const [erin, frank] = [agent('erin', erinTree, repo.url), agent('frank', frankTree, repo.url)];
    // Each session reports its edit and its end together: the fleet never sees it live.
    record(erin, erinTree, { 'src/cart.ts': replaceLines(cart, 4, 4, ['erin 4']) });
    record(frank, frankTree, { 'src/cart.ts': replaceLines(cart, 4, 4, ['frank 4']) });
    erin.end(nextMs(), 0);
    frank.end(nextMs(), 0);
    await Promise.all([erin.send(), frank.send()]);
    await waitFor('both sessions done', () => (['run-erin', 'run-frank'].every((id) => server.fleet.state.session(id)?.status === 'done') ? true : undefined));

    const overlap = await waitForAlert('overlap', ['erin', 'frank']);
    const conflict = await waitForAlert('merge_conflict', ['erin', 'frank']);

    gitIn(repo.repo, 'worktree', 'remove', '--force', frankTree);
    for (const alert of [overlap, conflict]) {
      const after = await waitForAlert(alert.kind, ['frank'], (a) => a.id === alert.id && resolved(a));
      expect(after.resolution).toBe('worktree_removed');
    }
    expect(server.fleet.state.session('run-frank')).toBeUndefined();
  });

  it('keeps one alert per problem while the agents go on editing, its evidence following the edits', async () => {
    const notes = numberedLines(40);
    const repo = scenarioRepo('flood', { 'notes.md': notes });
    const [ginaTree, hankTree] = [repo.addWorktree('gina'), repo.addWorktree('hank')];
    const [gina, hank] = [agent('gina', ginaTree, repo.url), agent('hank', hankTree, repo.url)];
    await edit(hank, hankTree, { 'notes.md': replaceLines(notes, 35, 35, ['hank']) });
    const edits = 6;
    for (let i = 1; i <= edits; i++) await edit(gina, ginaTree, { 'notes.md': replaceLines(notes, 2, 2, [`gina ${i}`]) });

    // The final edit counts, and the hunks a git pass read once the edits settled.
    const changesOf = (alert: Alert) => alert.evidence.files[0]?.changes ?? [];
    const final = await waitForAlert('overlap', ['gina', 'hank'], (a) => changesOf(a).some((c) => c.edits === edits) && changesOf(a).every((c) => c.hunks !== undefined));
    expect(alertsOf('overlap', 'gina', 'hank')).toHaveLength(1);
    const events = stream.events().filter((e) => e.type === 'alert' && (e.data as Alert).id === final.id);
    // Every event is a change of the one alert: at most one per edit, plus one per git pass that brought new hunks — never a new alert.
    expect(events.map((e) => (e.data as Alert).version)).toEqual(Array.from({ length: events.length }, (_, i) => i + 1));
    const hunksIn = (i: number) => JSON.stringify(changesOf(events[i]!.data as Alert).map((c) => c.hunks));
    const newHunks = events.filter((_, i) => i > 0 && hunksIn(i) !== hunksIn(i - 1)).length;
    // hank's hunks and gina's (the same line each time) arrive in one git pass or two.
    expect(newHunks).toBeLessThanOrEqual(2);
    expect(events.length).toBeLessThanOrEqual(edits + 1 + newHunks);
    expect(changesOf(final).map((c) => [c.sessionId, c.hunks])).toEqual([
      ['run-gina', [{ oldStart: 2, oldLines: 1, newStart: 2, newLines: 1 }]],
      ['run-hank', [{ oldStart: 35, oldLines: 1, newStart: 35, newLines: 1 }]],
    ]);
    expect(final.evidence.spans).toEqual([...editSpansOf('run-hank', 'notes.md'), ...editSpansOf('run-gina', 'notes.md')]);
    expect(editSpansOf('run-gina', 'notes.md')).toHaveLength(3);
  });

  it('finds a dependency in Python through the engine: a changed def that a file another agent edits imports', async () => {
    const pricing = 'def price(item):\n    return item.cost\n';
    const cart = 'from .pricing import price\n\n\ndef total(items):\n    return sum(price(i) for i in items)\n';
    const repo = scenarioRepo('python', { 'shop/__init__.py': '', 'shop/pricing.py': pricing, 'shop/cart.py': cart });
    const [ivanTree, judyTree] = [repo.addWorktree('ivan'), repo.addWorktree('judy')];
    const [ivan, judy] = [agent('ivan', ivanTree, repo.url), agent('judy', judyTree, repo.url)];
    await edit(ivan, ivanTree, { 'shop/pricing.py': pricing.replace('def price(item):', 'def price(item, tax):') });
    await edit(judy, judyTree, { 'shop/cart.py': cart.replace('sum(price(i) for i in items)', 'sum([price(i) for i in items])') });

    const dependency = await waitForAlert('dependency', ['judy', 'ivan']);
    expect(dependency).toMatchObject({
      severity: 'warning',
      parties: [expect.objectContaining({ agentName: 'judy' }), expect.objectContaining({ agentName: 'ivan' })],
      files: ['shop/pricing.py', 'shop/cart.py'],
      summary: "ivan changed price in shop/pricing.py (signature), used by judy's shop/cart.py",
    });
    expect(dependency.evidence.symbols).toEqual([expect.objectContaining({ path: 'shop/pricing.py', symbol: 'price', symbolKind: 'def', change: 'signature', usedIn: ['shop/cart.py'] })]);
    expect(dependency.evidence.spans).toEqual([...editSpansOf('run-ivan', 'shop/pricing.py'), ...editSpansOf('run-judy', 'shop/cart.py')]);
  });
});
