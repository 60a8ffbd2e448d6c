import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError, jsonRoute } from '../../orchestrator/api/route.js';
import { createControlPlane, type ControlPlane } from '../../orchestrator/control-plane.js';

/** A route like the alert routes to come: path parameter, query, JSON body, a 4xx of its own. */
const acknowledge = jsonRoute({
  method: 'post',
  path: '/api/v1/things/:id/ack',
  summary: 'acknowledge a thing',
  params: z.object({ id: z.string().regex(/^t\d+$/, 'expected t<number>') }),
  query: z.object({ note: z.string().max(10).optional() }),
  body: z.object({ by: z.string().min(1) }),
  response: z.object({ id: z.string(), by: z.string(), note: z.string().nullable() }),
  successStatus: 202,
  handle: async ({ params, query, body }) => {
    if (params.id === 't404') throw new ApiError(404, `no thing ${params.id}`);
    if (params.id === 't500') throw new Error('the store is down');
    return { id: params.id, by: body.by, note: query.note ?? null };
  },
});

describe('routes of the registry, served by the control plane', () => {
  let controlPlane: ControlPlane;
  let base: string;
  const post = async (path: string, body: string) => {
    const response = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    return { status: response.status, body: (await response.json()) as unknown };
  };

  beforeAll(async () => {
    controlPlane = createControlPlane({ host: '127.0.0.1', port: 0, token: undefined, routes: [acknowledge] });
    base = (await controlPlane.start()).url;
  });
  afterAll(() => controlPlane?.shutdown());

  it('hands the handler parsed inputs and answers with its success status', async () => {
    expect(await post('/api/v1/things/t1/ack?note=hi', '{"by":"me"}')).toEqual({ status: 202, body: { id: 't1', by: 'me', note: 'hi' } });
  });

  it('answers a bad path parameter, query or body with a 400 naming the part and the field', async () => {
    expect(await post('/api/v1/things/x1/ack', '{"by":"me"}')).toEqual({ status: 400, body: { error: 'bad path parameters: id: expected t<number>' } });
    expect((await post('/api/v1/things/t1/ack?note=far-too-long-a-note', '{"by":"me"}')).body).toEqual({ error: expect.stringMatching(/^bad query: note: /) });
    expect((await post('/api/v1/things/t1/ack', '{"by":""}')).body).toEqual({ error: expect.stringMatching(/^bad body: by: /) });
    expect(await post('/api/v1/things/t1/ack', '{"by":')).toEqual({ status: 400, body: { error: expect.stringMatching(/^bad body: /) } });
  });

  it("answers a handler's ApiError with its status, anything else with a 500, and an unknown path with a 404", async () => {
    expect(await post('/api/v1/things/t404/ack', '{"by":"me"}')).toEqual({ status: 404, body: { error: 'no thing t404' } });
    expect(await post('/api/v1/things/t500/ack', '{"by":"me"}')).toEqual({ status: 500, body: { error: 'the store is down' } });
    expect(await post('/api/v1/nothing', '{}')).toEqual({ status: 404, body: { error: 'no such endpoint: POST /api/v1/nothing' } });
  });

  it('serves health and the OpenAPI document next to the routes it is given', async () => {
    expect(await (await fetch(`${base}/api/v1/health`)).json()).toEqual({ status: 'ok' });
    const document = (await (await fetch(`${base}/api/v1/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toEqual(['/api/v1/health', '/api/v1/things/{id}/ack', '/api/v1/openapi.json']);
  });
});
