import { request, type IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createControlPlane, type ControlPlane } from '../../orchestrator/control-plane.js';
import { STREAM_API, streamEventsRoute } from '../../orchestrator/routes/stream.js';
import { createSseHub, defaultSseHubConfig, type SseHub, type SseHubConfig } from '../../orchestrator/stream/sse-hub.js';
import { openSse, type SseFrame } from '../helpers/sse-client.js';
import { waitFor } from '../helpers/shim-cli.js';

/** The control plane with only the stream route, on a free loopback port. */
async function startStream(config: Partial<SseHubConfig> = {}, token?: string): Promise<{ hub: SseHub; url: string; stop: () => Promise<void> }> {
  const hub = createSseHub({ ...defaultSseHubConfig(), firstId: 1, ...config });
  const controlPlane: ControlPlane = createControlPlane({ host: '127.0.0.1', port: 0, token, routes: [streamEventsRoute(hub)] });
  const { url } = await controlPlane.start();
  return {
    hub,
    url: `${url}${STREAM_API}`,
    stop: async () => {
      hub.shutdown();
      await controlPlane.shutdown();
    },
  };
}

const event = (frame: SseFrame | undefined) => frame && { id: Number(frame.id), event: frame.event, data: JSON.parse(frame.data ?? 'null') as unknown };

describe('the live event stream (SSE) at /api/v1/stream', () => {
  const stops: Array<() => Promise<void>> = [];
  const start = async (config: Partial<SseHubConfig> = {}, token?: string) => {
    const started = await startStream(config, token);
    stops.push(started.stop);
    return started;
  };
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
  });

  it('sends every event with an increasing id, and a client reconnecting with Last-Event-ID gets exactly the events it missed', async () => {
    const { hub, url } = await start();
    const first = await openSse(url);
    expect(first.status).toBe(200);
    expect(await first.next()).toEqual({ retry: '1000', id: '0' });
    expect([hub.publish('alert', { n: 1 }), hub.publish('session', { n: 2 }), hub.publish('alert', { n: 3 })]).toEqual([1, 2, 3]);
    expect([event(await first.nextEvent()), event(await first.nextEvent()), event(await first.nextEvent())]).toEqual([
      { id: 1, event: 'alert', data: { n: 1 } },
      { id: 2, event: 'session', data: { n: 2 } },
      { id: 3, event: 'alert', data: { n: 3 } },
    ]);
    first.close();

    hub.publish('file', { n: 4 });
    hub.publish('alert', { n: 5 });
    const resumed = await openSse(url, { 'last-event-id': '3' });
    hub.publish('alert', { n: 6 });
    expect([event(await resumed.nextEvent()), event(await resumed.nextEvent()), event(await resumed.nextEvent())]).toEqual([
      { id: 4, event: 'file', data: { n: 4 } },
      { id: 5, event: 'alert', data: { n: 5 } },
      { id: 6, event: 'alert', data: { n: 6 } },
    ]);
    resumed.close();
  });

  it('tells a new client the newest id at once, so one that drops before any event resumes from there and misses nothing', async () => {
    const { hub, url } = await start();
    hub.publish('alert', { n: 1 });
    const fresh = await openSse(url);
    // An id without data: a resume point, not an event.
    expect(await fresh.next()).toEqual({ retry: '1000', id: '1' });
    fresh.close();

    hub.publish('alert', { n: 2 });
    hub.publish('session', { n: 3 });
    const resumed = await openSse(url, { 'last-event-id': '1' });
    expect([event(await resumed.nextEvent()), event(await resumed.nextEvent())]).toEqual([
      { id: 2, event: 'alert', data: { n: 2 } },
      { id: 3, event: 'session', data: { n: 3 } },
    ]);
    resumed.close();
  });

  it('answers a Last-Event-ID that is no longer kept, or was never sent, with one reset event carrying the newest id', async () => {
    const { hub, url } = await start({ bufferEvents: 5 });
    for (let n = 1; n <= 10; n++) hub.publish('alert', { n });
    for (const lastEventId of ['1', '4', '11', '99999']) {
      const stream = await openSse(url, { 'last-event-id': lastEventId });
      const reset = await stream.nextEvent();
      expect({ lastEventId, id: reset?.id, event: reset?.event }).toEqual({ lastEventId, id: '10', event: 'reset' });
      expect(JSON.parse(reset!.data!)).toMatchObject({ lastEventId: 10 });
      stream.close();
    }
    // The oldest id still owed in full: events 6..10 are kept, so after 5 comes 6.
    const kept = await openSse(url, { 'last-event-id': '5' });
    expect(event(await kept.nextEvent())).toEqual({ id: 6, event: 'alert', data: { n: 6 } });
    kept.close();
  });

  it('sends only the event types asked for, on replay as live', async () => {
    const { hub, url } = await start();
    hub.publish('session', 's1');
    hub.publish('alert', 'a1');
    const stream = await openSse(`${url}?types=alert,file&lastEventId=0`);
    hub.publish('session', 's2');
    hub.publish('file', 'f1');
    expect([event(await stream.nextEvent()), event(await stream.nextEvent())]).toEqual([
      { id: 2, event: 'alert', data: 'a1' },
      { id: 4, event: 'file', data: 'f1' },
    ]);
    stream.close();
  });

  it('keeps an idle connection open with heartbeat comments', async () => {
    const { url } = await start({ heartbeatMs: 20 });
    const stream = await openSse(url);
    let frame = await stream.next();
    while (frame !== undefined && frame.comment === undefined) frame = await stream.next();
    expect(frame).toEqual({ comment: 'heartbeat' });
    stream.close();
  });

  it('drops a client that stops reading instead of queueing for it without bound, and keeps serving others', async () => {
    const { hub, url } = await start({ maxClientQueueBytes: 256 * 1024, bufferBytes: 1024 * 1024 });
    let stalled: IncomingMessage | undefined;
    const client = request(url, (res) => {
      stalled = res;
      res.pause(); // never reads: its socket fills up, then the server's queue for it
    });
    client.end();
    await waitFor('the client to connect', () => (hub.stats().clients === 1 ? true : undefined));
    const payload = 'x'.repeat(64 * 1024);
    for (let i = 0; i < 2000 && hub.stats().droppedClients === 0; i++) {
      hub.publish('blob', payload);
      await new Promise((r) => setImmediate(r));
    }
    expect(hub.stats()).toMatchObject({ clients: 0, droppedClients: 1 });
    // Reading again, the client drains what reached it and finds the connection closed.
    const ended = new Promise((resolve) => {
      stalled!.on('close', resolve);
      stalled!.on('error', resolve);
    });
    stalled!.resume();
    await ended;
    expect(stalled!.complete).toBe(false);

    const fresh = await openSse(url);
    const id = hub.publish('alert', 'still serving');
    expect(event(await fresh.nextEvent())).toEqual({ id, event: 'alert', data: 'still serving' });
    fresh.close();
  });

  it('refuses a malformed Last-Event-ID or type list with a 400 naming it', async () => {
    const { url } = await start();
    const header = await fetch(url, { headers: { 'last-event-id': 'yesterday' } });
    expect(header.status).toBe(400);
    expect(await header.json()).toEqual({ error: 'bad Last-Event-ID header: expected the id of an event (digits)' });
    const types = await fetch(`${url}?types=alert,,session`);
    expect(types.status).toBe(400);
    expect(((await types.json()) as { error: string }).error).toMatch(/^bad query: types: /);
  });

  it('needs the bearer token when the server has one, like the rest of /api', async () => {
    const { url } = await start({}, 's3cret-token');
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const stream = await openSse(url, { authorization: 'Bearer s3cret-token' });
    expect(stream.status).toBe(200);
    stream.close();
    expect((await fetch(url.replace('/stream', '/openapi.json'))).status).toBe(401);
  });

  it('ends every client when the hub shuts down', async () => {
    const { hub, url } = await start();
    const stream = await openSse(url);
    expect(await stream.next()).toEqual({ retry: '1000', id: '0' });
    hub.shutdown();
    expect(await stream.next()).toBeUndefined();
  });
});
