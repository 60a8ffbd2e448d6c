import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertSchema } from '../../orchestrator/collisions/alert-schema.js';
import { createControlPlane, type ControlPlane } from '../../orchestrator/control-plane.js';
import { agentSummarySchema, sessionSchema } from '../../orchestrator/fleet/fleet-schema.js';
import { agentRoutes } from '../../orchestrator/routes/agents.js';
import { alertRoutes } from '../../orchestrator/routes/alerts.js';
import { FIXTURE_T0, fleetFixture, type FleetFixture } from '../helpers/fleet-fixture.js';
import { strictSchema } from '../helpers/strict-schema.js';

/** As the API sends it: `undefined` fields left out. */
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('the fleet and alert routes, served by the control plane', () => {
  let fixture: FleetFixture;
  let controlPlane: ControlPlane;
  let base: string;

  const get = async (path: string) => {
    const response = await fetch(`${base}${path}`);
    return { status: response.status, body: (await response.json()) as any };
  };
  const post = async (path: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, body === undefined ? { method: 'POST' } : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as any };
  };
  const alertIds = async (query: string) => ((await get(`/api/v1/alerts${query}`)).body.alerts as { id: string }[]).map((a) => a.id);

  beforeAll(async () => {
    fixture = fleetFixture();
    controlPlane = createControlPlane({ host: '127.0.0.1', port: 0, token: undefined, routes: [...agentRoutes(fixture.fleet), ...alertRoutes(fixture.book)] });
    base = (await controlPlane.start()).url;
  });
  afterAll(() => controlPlane?.shutdown());

  it('lists every agent as the fleet state sums it up, in the shape of its schema', async () => {
    const { status, body } = await get('/api/v1/agents');
    expect(status).toBe(200);
    expect(body).toEqual(asJson({ agents: fixture.fleet.agents() }));
    expect(body.agents.map((a: { agentName: string; status: string; unmergedFiles: string[] }) => [a.agentName, a.status, a.unmergedFiles])).toEqual([
      ['alice', 'running', ['src/a.ts', 'src/db.ts']],
      ['bob', 'done', ['src/db.ts']],
      ['carol', 'running', []],
    ]);
    for (const agent of body.agents) expect(strictSchema(agentSummarySchema).safeParse(agent).success).toBe(true);
  });

  it('lists sessions filtered by status, agent and work tree, and answers one by id', async () => {
    const all = await get('/api/v1/sessions');
    expect(all.body).toEqual(asJson({ sessions: fixture.fleet.sessions() }));
    for (const session of all.body.sessions) expect(strictSchema(sessionSchema).safeParse(session).success).toBe(true);

    const ids = async (query: string) => ((await get(`/api/v1/sessions${query}`)).body.sessions as { id: string }[]).map((s) => s.id);
    expect(await ids('?status=done')).toEqual(['run-bob']);
    expect(await ids('?status=running,waiting')).toEqual(['run-alice', 'run-carol']);
    expect(await ids('?agent=carol')).toEqual(['run-carol']);
    expect(await ids(`?agent=${encodeURIComponent(fixture.fleet.session('run-alice')!.agentId)}`)).toEqual(['run-alice']);
    expect(await ids('?worktree=/w/bob')).toEqual(['run-bob']);
    expect(await ids('?agent=alice&status=done')).toEqual([]);

    const carol = await get('/api/v1/sessions/run-carol');
    expect(carol).toEqual({ status: 200, body: asJson(fixture.fleet.session('run-carol')) });
    expect(carol.body.currentTool).toEqual({ name: 'Bash', callId: 'toolu_c1', sinceMs: FIXTURE_T0 + 500 });
  });

  it('answers an unknown session with a 404 and a bad filter with a 400 naming it', async () => {
    expect(await get('/api/v1/sessions/run-nobody')).toEqual({ status: 404, body: { error: 'no session run-nobody in the fleet (unknown, or its work tree was removed)' } });
    const bad = await get('/api/v1/sessions?status=asleep');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^bad query: status: unknown "asleep": expected one or more of running, waiting, idle, done, crashed/);
  });

  it('lists open and acknowledged alerts newest first, with the total and the count per kind', async () => {
    const { status, body } = await get('/api/v1/alerts');
    expect(status).toBe(200);
    expect(body).toEqual(asJson({ alerts: [fixture.book.get(fixture.intentId), fixture.book.get(fixture.overlapId)], total: 2, byKind: { overlap: 1, intent: 1, merge_conflict: 0, dependency: 0, assumption: 0 } }));
    for (const alert of body.alerts) expect(strictSchema(alertSchema).safeParse(alert).success).toBe(true);
    const limited = await get('/api/v1/alerts?limit=1');
    expect(limited.body.alerts.map((a: { id: string }) => a.id)).toEqual([fixture.intentId]);
    expect(limited.body.total).toBe(2);
  });

  it('filters alerts by kind, severity, agent, file and time', async () => {
    expect(await alertIds('?kind=overlap')).toEqual([fixture.overlapId]);
    expect(await alertIds('?kind=overlap,intent')).toEqual([fixture.intentId, fixture.overlapId]);
    expect(await alertIds('?severity=critical')).toEqual([]);
    expect(await alertIds('?severity=warning')).toEqual([fixture.intentId, fixture.overlapId]);
    expect(await alertIds('?agent=carol')).toEqual([fixture.intentId]);
    expect(await alertIds('?agent=alice')).toEqual([fixture.intentId, fixture.overlapId]);
    expect(await alertIds('?file=src/db.ts')).toEqual([fixture.overlapId]);
    expect(await alertIds(`?since=${FIXTURE_T0 + 1_500}`)).toEqual([fixture.intentId]);
    const bad = await get('/api/v1/alerts?kind=gremlins&limit=0');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/kind: unknown "gremlins".*; limit: /);
  });

  it('acknowledges and resolves an alert by hand, saying who, and 404s an unknown id', async () => {
    const acknowledged = await post(`/api/v1/alerts/${fixture.overlapId}/acknowledge`, { by: 'dana' });
    expect(acknowledged).toEqual({ status: 200, body: asJson(fixture.book.get(fixture.overlapId)) });
    expect(acknowledged.body).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'dana', version: 2 });
    expect(await alertIds('?state=open')).toEqual([fixture.intentId]);
    expect(await alertIds('?state=acknowledged')).toEqual([fixture.overlapId]);

    const resolved = await post(`/api/v1/alerts/${fixture.intentId}/resolve`);
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ id: fixture.intentId, state: 'resolved', resolution: 'manual', resolvedBy: 'anonymous', version: 2 });
    // Resolving changes the alert: it comes first among all, and leaves the default list.
    expect(await alertIds('')).toEqual([fixture.overlapId]);
    expect(await alertIds('?state=all')).toEqual([fixture.intentId, fixture.overlapId]);
    expect(await alertIds('?state=resolved')).toEqual([fixture.intentId]);
    // A second resolve answers the alert as it is.
    expect((await post(`/api/v1/alerts/${fixture.intentId}/resolve`, { by: 'erin' })).body).toMatchObject({ resolvedBy: 'anonymous', version: 2 });

    expect(await post('/api/v1/alerts/overlap-0000000000000000/acknowledge', {})).toEqual({ status: 404, body: { error: 'no alert overlap-0000000000000000' } });
    expect((await post(`/api/v1/alerts/${fixture.overlapId}/resolve`, { by: '' })).status).toBe(400);
  });

  it('describes every route in the OpenAPI document', async () => {
    const document = (await get('/api/v1/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/v1/agents', '/api/v1/sessions', '/api/v1/sessions/{id}', '/api/v1/alerts', '/api/v1/alerts/{id}/acknowledge', '/api/v1/alerts/{id}/resolve']),
    );
  });
});
