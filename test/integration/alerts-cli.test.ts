import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertFilterOf, selectAlerts } from '../../orchestrator/collisions/alert-filter.js';
import { createAlertStore } from '../../orchestrator/collisions/alert-store.js';
import { ALERT_EVENT } from '../../orchestrator/collisions/alert.js';
import { createControlPlane, type ControlPlane } from '../../orchestrator/control-plane.js';
import { alertRoutes, type AlertList } from '../../orchestrator/routes/alerts.js';
import { streamEventsRoute } from '../../orchestrator/routes/stream.js';
import { createSseHub, type SseHub } from '../../orchestrator/stream/sse-hub.js';
import { FIXTURE_T0, fleetFixture, type FleetFixture } from '../helpers/fleet-fixture.js';
import { jsonKeyPaths } from '../helpers/json-keys.js';
import { freePort, startAgentfleet, waitFor, type ProcessResult, type RunningProcess } from '../helpers/shim-cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { startTestServer } from '../helpers/test-server.js';

/** A control plane serving the alert routes over `fixture`'s book and `hub`'s stream on `port` (0: any). */
function alertsControlPlane(fixture: FleetFixture, hub: SseHub, port: number): ControlPlane {
  return createControlPlane({ host: '127.0.0.1', port, token: undefined, routes: [...alertRoutes(fixture.book), streamEventsRoute(hub)] });
}

/** Whatever a test left running: the watcher, the control plane, the stream. */
async function stopAll(watch: RunningProcess, controlPlane: ControlPlane, hub: SseHub): Promise<void> {
  watch.child.kill('SIGTERM');
  await controlPlane.shutdown();
  hub.shutdown();
}

/** What `alerts --watch --json` printed so far, as [change, id, state, version]; `printed(n)` waits for n lines. */
function watchedChanges(watch: RunningProcess) {
  const lines = () =>
    watch
      .stdout()
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as { change: string; alert: { id: string; state: string; version: number } })
      .map(({ change, alert }) => [change, alert.id, alert.state, alert.version]);
  const printed = (count: number) => waitFor(`${count} lines from --watch`, () => (lines().length >= count ? lines() : undefined));
  return { lines, printed };
}

/** Ends `--watch` as Ctrl-C would; it must end cleanly. */
async function endWatch(watch: RunningProcess): Promise<ProcessResult> {
  watch.child.kill('SIGTERM');
  const result = await watch.result;
  expect(result.code).toBe(0);
  return result;
}

/**
 * `agentfleet alerts` (the real CLI, dist/) against a control plane serving
 * the real alert routes and stream over an alert book whose changes are
 * published as the collision service publishes them.
 */
describe('agentfleet alerts against a running control plane', () => {
  let fixture: FleetFixture;
  let hub: SseHub;
  let controlPlane: ControlPlane;
  let port: number;
  let base: string;
  const cwd = tempDir();

  const startControlPlane = async (onPort: number) => {
    controlPlane = alertsControlPlane(fixture, hub, onPort);
    ({ port, url: base } = await controlPlane.start());
  };
  const alerts = (...args: string[]): Promise<ProcessResult> => startAgentfleet(['alerts', '--server', base, ...args], { cwd, env: { TZ: 'UTC' } }).result;

  beforeAll(async () => {
    fixture = fleetFixture();
    hub = createSseHub();
    fixture.book.onChange(({ alert }) => hub.publish(ALERT_EVENT, alert));
    await startControlPlane(0);
  });
  afterAll(async () => {
    await controlPlane?.shutdown();
    hub?.shutdown();
  });

  it('prints the API document with --json, and aligned rows otherwise, filtered as asked', async () => {
    const json = await alerts('--json');
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(await (await fetch(`${base}/api/v1/alerts`)).json());
    // Its keys stay (the evidence is the collision engine's to shape).
    expect(jsonKeyPaths(JSON.parse(json.stdout), ['alerts[].evidence'])).toEqual([
      'alerts', 'alerts[].evidence', 'alerts[].files', 'alerts[].firstSeenMs', 'alerts[].id', 'alerts[].kind', 'alerts[].lastSeenMs',
      'alerts[].parties', 'alerts[].parties[].agentId', 'alerts[].parties[].agentName', 'alerts[].parties[].branch', 'alerts[].parties[].sessionId',
      'alerts[].parties[].worktree', 'alerts[].severity', 'alerts[].state', 'alerts[].summary', 'alerts[].version', 'byKind', 'byKind.assumption',
      'byKind.dependency', 'byKind.intent', 'byKind.merge_conflict', 'byKind.overlap', 'total',
    ]);
    const overlaps = JSON.parse((await alerts('--kind', 'overlap', '--agent', 'bob', '--json')).stdout) as AlertList;
    expect(overlaps.alerts.map((a) => a.id)).toEqual([fixture.overlapId]);

    const human = await alerts('--since', String(FIXTURE_T0));
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout.split('\n').slice(0, 3)).toEqual([
      '2 alerts open or acknowledged: 1 overlap, 1 intent',
      '',
      '  severity  kind     state  last change          id                        summary',
    ]);
    expect(human.stdout).toContain(`  warning   intent   open   2025-11-24 16:00:02  ${fixture.intentId}   carol is about to edit src/a.ts`);
  });

  it('refuses a filter value it does not know, naming the choices', async () => {
    const result = await alerts('--kind', 'gremlins');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('unknown "gremlins": expected one or more of overlap, intent, merge_conflict, dependency, assumption');
  });

  it('--watch lists the alerts, follows every change, resumes with Last-Event-ID after the server went away, and ends cleanly on TERM', async () => {
    const watch = startAgentfleet(['alerts', '--server', base, '--watch', '--json'], { cwd });
    const { lines, printed } = watchedChanges(watch);

    expect(await printed(2)).toEqual([
      ['current', fixture.overlapId, 'open', 1],
      ['current', fixture.intentId, 'open', 1],
    ]);
    // The stream is attached before the list is read: a change now is a line.
    fixture.book.acknowledge(fixture.overlapId, 'dana');
    expect((await printed(3))[2]).toEqual(['acknowledged', fixture.overlapId, 'acknowledged', 2]);

    // The server goes away; what happens meanwhile is kept in the stream's ring and sent on reconnecting.
    await controlPlane.shutdown();
    fixture.book.resolve(fixture.intentId, 'erin', FIXTURE_T0 + 5_000);
    await startControlPlane(port);
    expect((await printed(4))[3]).toEqual(['resolved', fixture.intentId, 'resolved', 2]);

    const result = await endWatch(watch);
    expect(lines()).toHaveLength(4);
    expect(result.stderr).toMatch(/lost http:\/\/127\.0\.0\.1:\d+ \(.+\); reconnecting\n.*reconnected to http:\/\/127\.0\.0\.1:\d+/);
  });

  it('--watch without a running server says it needs one', async () => {
    const result = await startAgentfleet(['alerts', '--watch', '--data-dir', tempDir()], { cwd }).result;
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--watch follows a running server: none found for .+ \(start agentfleet up, or give --server\)/);
  });
});

describe('agentfleet alerts --watch across a server restart', () => {
  it('catches up from the alert list when the server no longer has what it missed, and prints a resolution that happened meanwhile', async () => {
    const fixture = fleetFixture();
    let hub = createSseHub();
    fixture.book.onChange(({ alert }) => hub.publish(ALERT_EVENT, alert));
    const serve = async (port: number) => {
      const controlPlane = alertsControlPlane(fixture, hub, port);
      return { controlPlane, started: await controlPlane.start() };
    };
    const first = await serve(0);
    let controlPlane = first.controlPlane;
    const watch = startAgentfleet(['alerts', '--server', first.started.url, '--watch', '--json'], { cwd: tempDir() });
    try {
      const { lines, printed } = watchedChanges(watch);
      expect(await printed(2)).toEqual([
        ['current', fixture.overlapId, 'open', 1],
        ['current', fixture.intentId, 'open', 1],
      ]);

      // The server restarts: a new process, a new stream whose ids start past the old ones and which keeps nothing from before.
      // No event reached the watcher before: it still resumes from the id it was given on connecting.
      await controlPlane.shutdown();
      hub.shutdown();
      fixture.book.resolve(fixture.overlapId, 'erin', FIXTURE_T0 + 5_000);
      hub = createSseHub();
      ({ controlPlane } = await serve(first.started.port));
      expect((await printed(3))[2]).toEqual(['resolved', fixture.overlapId, 'resolved', 2]);

      // Then it follows the new stream.
      fixture.book.acknowledge(fixture.intentId, 'dana');
      expect((await printed(4))[3]).toEqual(['acknowledged', fixture.intentId, 'acknowledged', 2]);
      const result = await endWatch(watch);
      expect(lines()).toHaveLength(4);
      expect(result.stderr).toMatch(/no longer has the changes missed .*; catching up from its alert list/);
    } finally {
      await stopAll(watch, controlPlane, hub);
    }
  });
});

describe('agentfleet alerts --watch before its server answers', () => {
  it('says it cannot reach the server, keeps trying, and lists the alerts once the server is up', async () => {
    const fixture = fleetFixture();
    const hub = createSseHub();
    const port = await freePort();
    const watch = startAgentfleet(['alerts', '--server', `http://127.0.0.1:${port}`, '--watch', '--json'], { cwd: tempDir() });
    const controlPlane = alertsControlPlane(fixture, hub, port);
    try {
      await waitFor('the note that the server cannot be reached', () => (watch.stderr().includes('cannot reach') ? true : undefined));
      await controlPlane.start();
      const listed = await waitFor('the alerts listed', () => {
        const lines = watch.stdout().split('\n').filter((line) => line !== '');
        return lines.length >= 2 ? lines.map((line) => (JSON.parse(line) as { change: string; alert: { id: string } }).alert.id) : undefined;
      });
      expect(listed).toEqual([fixture.overlapId, fixture.intentId]);
      const result = await endWatch(watch);
      expect(result.stderr).toMatch(new RegExp(`^agentfleet alerts: cannot reach http://127\\.0\\.0\\.1:${port} \\(.+\\); trying until it answers\nagentfleet alerts: connected to http://127\\.0\\.0\\.1:${port}\n$`));
    } finally {
      await stopAll(watch, controlPlane, hub);
    }
  });
});

describe('agentfleet alerts with no server running', () => {
  it('reads the alerts as last stored in the data directory and filters them as the server would', async () => {
    const dataDir = tempDir();
    const fixture = fleetFixture();
    fixture.book.resolve(fixture.intentId, 'erin', FIXTURE_T0 + 5_000);
    const server = await startTestServer(dataDir);
    try {
      await createAlertStore(server.storage).save(fixture.book.all());
    } finally {
      await server.shutdown();
    }

    const offline = (...args: string[]) => startAgentfleet(['alerts', '--data-dir', dataDir, '--json', ...args], { cwd: dataDir }).result;
    const open = await offline();
    expect(open.code, open.stderr).toBe(0);
    expect(JSON.parse(open.stdout)).toEqual(JSON.parse(JSON.stringify(selectAlerts(fixture.book.all(), alertFilterOf({}), 100))));
    expect((JSON.parse(open.stdout) as AlertList).alerts.map((a) => a.id)).toEqual([fixture.overlapId]);
    const resolved = JSON.parse((await offline('--state', 'resolved', '--agent', 'carol')).stdout) as AlertList;
    expect(resolved.alerts.map((a) => [a.id, a.resolvedBy])).toEqual([[fixture.intentId, 'erin']]);
  });
});
