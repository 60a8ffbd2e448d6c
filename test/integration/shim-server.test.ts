import { afterEach, describe, expect, it } from 'vitest';
import { startShimServer, type RunningShimServer } from '../../agent-shim/shim-server.js';
import { createLogger } from '../../orchestrator/log.js';

const HOOK_TIMEOUT_MS = 200;

describe("the shim's loopback server", () => {
  let server: RunningShimServer;
  afterEach(() => server?.close());

  async function start(maxBodyBytes?: number): Promise<RunningShimServer> {
    server = await startShimServer({ hookTimeoutMs: HOOK_TIMEOUT_MS, log: createLogger('error'), ...(maxBodyBytes !== undefined ? { maxBodyBytes } : {}) });
    return server;
  }

  const post = async (url: string, body: string, method = 'POST') => {
    const response = await fetch(url, { method, headers: { 'content-type': 'application/json' }, ...(method === 'POST' ? { body } : {}) });
    return { status: response.status, json: await response.json() };
  };

  it('listens on loopback under a random secret prefix and answers routes with JSON', async () => {
    const { url } = await start();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/s\/[0-9a-f]{32}$/);
    server.route('/echo', async (body) => ({ got: body }));
    expect(await post(`${url}/echo`, '{"a":1}')).toEqual({ status: 200, json: { got: { a: 1 } } });
    expect(await post(`${url}/echo?x=1`, '')).toEqual({ status: 200, json: { got: {} } });
  });

  it('refuses requests without the secret prefix, to unknown routes and with other methods', async () => {
    const { url } = await start();
    server.route('/echo', async () => ({ ok: true }));
    const origin = new URL(url).origin;
    expect((await post(`${origin}/echo`, '{}')).status).toBe(404);
    expect((await post(`${origin}/s/${'0'.repeat(32)}/echo`, '{}')).status).toBe(404);
    expect((await post(`${url}/nope`, '{}')).status).toBe(404);
    expect((await post(`${url}/echo`, '', 'GET')).status).toBe(405);
  });

  it('fails open with {} when a handler throws, hangs past the hook timeout or answers nothing', async () => {
    const { url } = await start();
    server.route('/throws', async () => {
      throw new Error('boom');
    });
    server.route('/hangs', () => new Promise(() => undefined));
    server.route('/silent', async () => undefined);
    expect(await post(`${url}/throws`, '{}')).toEqual({ status: 200, json: {} });
    const started = Date.now();
    expect(await post(`${url}/hangs`, '{}')).toEqual({ status: 200, json: {} });
    expect(Date.now() - started).toBeLessThan(HOOK_TIMEOUT_MS + 1_000);
    expect(await post(`${url}/silent`, '{}')).toEqual({ status: 200, json: {} });
  });

  it('answers malformed JSON with 400 and a body over the limit with 413, {} either way, and keeps serving', async () => {
    const { url } = await start(1024);
    server.route('/echo', async (body) => body);
    expect(await post(`${url}/echo`, '{not json')).toEqual({ status: 400, json: {} });
    expect(await post(`${url}/echo`, JSON.stringify({ big: 'x'.repeat(2048) }))).toEqual({ status: 413, json: {} });
    expect(await post(`${url}/echo`, '{"still":"here"}')).toEqual({ status: 200, json: { still: 'here' } });
  });
});
