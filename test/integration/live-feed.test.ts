import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedBatch } from '../../collector/live-feed.js';
import type { RunningServer } from '../../orchestrator/server.js';
import { httpRequest } from '../helpers/http-client.js';
import { sampleRequest } from '../helpers/otlp-requests.js';
import { tempDir } from '../helpers/temp-dir.js';
import { startTestServer } from '../helpers/test-server.js';

const PROTOBUF = { 'Content-Type': 'application/x-protobuf' };

describe('the live feed of a running server', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startTestServer(tempDir());
  });
  afterAll(() => server?.shutdown());

  it('feeds a stored request once, not its retry, and nothing of requests without agentfleet items', async () => {
    const batches: FeedBatch[] = [];
    const unsubscribe = server.feed.subscribe((batch) => batches.push(batch));
    const traces = sampleRequest('traces', 101, 4);
    const logs = sampleRequest('logs', 102, 4);

    expect((await httpRequest(server.otlpUrl, { path: '/v1/traces', headers: PROTOBUF, body: traces.protobuf })).status).toBe(200);
    // The 200 came after the batch was fed: no waiting needed.
    expect(batches.map((b) => (b.signal === 'traces' ? b.spans.map((s) => s.traceId) : []))).toEqual([Array(4).fill(traces.traceId)]);

    expect((await httpRequest(server.otlpUrl, { path: '/v1/traces', headers: PROTOBUF, body: traces.protobuf })).status).toBe(200);
    // The agent-like log fixtures carry no session event names: stored, not fed.
    expect((await httpRequest(server.otlpUrl, { path: '/v1/logs', headers: PROTOBUF, body: logs.protobuf })).status).toBe(200);
    expect(batches).toHaveLength(1);
    expect((await server.status()).ingest.traces.duplicatesDropped).toBe(1);
    unsubscribe();
    const next = sampleRequest('traces', 103, 2);
    expect((await httpRequest(server.otlpUrl, { path: '/v1/traces', headers: PROTOBUF, body: next.protobuf })).status).toBe(200);
    expect(batches).toHaveLength(1);
    // The server's own fleet state still listens.
    expect(server.feed.active).toBe(true);
  });
});
