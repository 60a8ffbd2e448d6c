import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, onTestFinished, test } from 'vitest';
import type { OtlpTracesRequest } from '../../bench/otlp-protobufjs.js';
import { defaultCollectorConfig, validateCollectorConfig, type CollectorConfig } from '../../collector/config.js';
import { GrpcCode } from '../../collector/http-failure.js';
import { createOtlpHttpReceiver, type OtlpHttpReceiver } from '../../collector/receiver.js';
import { createChdbStorage } from '../../ingest/chdb-storage.js';
import { createIngest } from '../../ingest/ingest-pipeline.js';
import type { Ingest } from '../../ingest/ingest.js';
import type { Storage } from '../../ingest/storage.js';
import { SIGNAL_TABLE, type Signal } from '../../ingest/schema/otel-tables.js';
import { abortMidBody, httpRequest, type HttpResponse } from '../helpers/http-client.js';
import { encodeRequest, sampleRequest, type SampleRequest } from '../helpers/otlp-requests.js';
import { parseExportResponse, parseStatus } from '../helpers/otlp-responses.js';

const PROTOBUF = { 'Content-Type': 'application/x-protobuf' };
const JSON_TYPE = { 'Content-Type': 'application/json' };

let dir: string;
let storage: Storage;
let ingest: Ingest;
let lastSeed = 0;

/** A valid request no other test sends (ingest would answer a repeat as a duplicate). */
function freshRequest(signal: Signal, items = 3): SampleRequest {
  lastSeed += 1;
  return sampleRequest(signal, lastSeed, items);
}

/** A receiver on a free loopback port, shut down when the test ends. */
async function startReceiver(
  options: { config?: Partial<CollectorConfig>; ingest?: Ingest } = {},
): Promise<{ receiver: OtlpHttpReceiver; url: string }> {
  const receiver = createOtlpHttpReceiver({
    ingest: options.ingest ?? ingest,
    config: { ...defaultCollectorConfig(), port: 0, ...options.config },
  });
  const { url } = await receiver.start();
  onTestFinished(() => receiver.shutdown());
  return { receiver, url };
}

/** The real ingest with `accept` replaced: start, flush and stats still reach it; shutdown is left to afterAll. */
function withAccept(accept: Ingest['accept']): Ingest {
  return {
    start: () => ingest.start(),
    accept,
    flush: () => ingest.flush(),
    shutdown: () => Promise.resolve(),
    stats: () => ingest.stats(),
  };
}

function expectStatusBody(response: HttpResponse, status: number, grpcCode: number, contentType: string): string {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toBe(contentType);
  const body = parseStatus(response);
  expect(body.code).toBe(grpcCode);
  expect(body.message.length).toBeGreaterThan(0);
  return body.message;
}

/** Rows of one request (all its items share a trace id) once ingest has inserted everything. */
async function storedRows(request: SampleRequest): Promise<number> {
  await ingest.flush();
  const [row] = await storage.query<{ n: string }>(
    `SELECT count() AS n FROM otel.${SIGNAL_TABLE[request.signal]} WHERE TraceId = {traceId:String}`,
    { traceId: request.traceId },
  );
  return Number(row?.n);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'agentfleet-receiver-'));
  storage = createChdbStorage({ path: join(dir, 'chdb'), database: 'otel' });
  await storage.start();
  ingest = createIngest({ storage, walDir: join(dir, 'wal'), config: { syncMode: 'none', flushIntervalMs: 50 } });
  await ingest.start();
});

afterAll(async () => {
  await ingest?.shutdown();
  await storage?.shutdown();
  await rm(dir, { recursive: true, force: true });
});

describe('successful exports', () => {
  test('a protobuf traces request is stored and answered with an empty ExportTraceServiceResponse in protobuf', async () => {
    const { url } = await startReceiver();
    const request = freshRequest('traces', 4);
    const response = await httpRequest(url, { path: '/v1/traces', headers: PROTOBUF, body: request.protobuf });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/x-protobuf');
    expect(response.body.length).toBe(0);
    expect(parseExportResponse('traces', response)).toEqual({});
    expect(await storedRows(request)).toBe(4);
  });

  test('a JSON logs request is stored and answered with {} in JSON', async () => {
    const { url } = await startReceiver();
    const request = freshRequest('logs', 2);
    const response = await httpRequest(url, { path: '/v1/logs', headers: JSON_TYPE, body: request.json });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(parseExportResponse('logs', response)).toEqual({});
    expect(await storedRows(request)).toBe(2);
  });

  test('a Content-Type with parameters and other letter case is accepted', async () => {
    const { url } = await startReceiver();
    const response = await httpRequest(url, {
      path: '/v1/traces',
      headers: { 'Content-Type': 'Application/JSON; charset=utf-8' },
      body: freshRequest('traces').json,
    });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
  });

  test('a gzip-compressed request is decompressed and stored', async () => {
    const { url } = await startReceiver();
    const request = freshRequest('traces', 3);
    const response = await httpRequest(url, {
      path: '/v1/traces',
      headers: { ...PROTOBUF, 'Content-Encoding': 'gzip' },
      body: gzipSync(request.protobuf),
    });
    expect(response.status).toBe(200);
    expect(await storedRows(request)).toBe(3);
  });

  test('a retried request is stored once, even when the retry is compressed differently', async () => {
    const { url } = await startReceiver();
    const request = freshRequest('logs', 5);
    for (const body of [request.protobuf, gzipSync(request.protobuf, { level: 1 }), gzipSync(request.protobuf, { level: 9 })]) {
      const encoding = body === request.protobuf ? 'identity' : 'gzip';
      const response = await httpRequest(url, { path: '/v1/logs', headers: { ...PROTOBUF, 'Content-Encoding': encoding }, body });
      expect(response.status).toBe(200);
    }
    expect(await storedRows(request)).toBe(5);
  });

  test('an empty request is a success', async () => {
    const { url } = await startReceiver();
    const protobuf = await httpRequest(url, { path: '/v1/traces', headers: PROTOBUF, body: Buffer.alloc(0) });
    expect(protobuf.status).toBe(200);
    const json = await httpRequest(url, { path: '/v1/logs', headers: JSON_TYPE, body: Buffer.from('{}') });
    expect(json.status).toBe(200);
    expect(parseExportResponse('logs', json)).toEqual({});
  });
});

describe('partial success', () => {
  /** 3 spans, the first with an all-zero trace id (which the decoder rejects on its own); the other 2 keep `request.traceId`. */
  function requestWithOneBadSpan(): { request: SampleRequest; json: Buffer; protobuf: Buffer } {
    const request = freshRequest('traces', 3);
    const object = structuredClone(request.object) as OtlpTracesRequest;
    object.resourceSpans![0]!.scopeSpans![0]!.spans![0]!.traceId = Buffer.alloc(16);
    return { request, ...encodeRequest('traces', object) };
  }

  test('rejected spans are reported in partial_success (protobuf) and the rest is stored', async () => {
    const { receiver, url } = await startReceiver();
    const { request, protobuf } = requestWithOneBadSpan();
    const response = await httpRequest(url, { path: '/v1/traces', headers: PROTOBUF, body: protobuf });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/x-protobuf');
    const body = parseExportResponse('traces', response) as { partialSuccess: { rejectedSpans: string; errorMessage: string } };
    expect(body.partialSuccess.rejectedSpans).toBe('1');
    expect(body.partialSuccess.errorMessage).toMatch(/trace_id/);
    expect(await storedRows(request)).toBe(2);
    expect(receiver.stats()).toMatchObject({ spansAccepted: 2, spansRejected: 1 });
  });

  test('rejected spans are reported in partial_success (JSON, int64 as a string)', async () => {
    const { url } = await startReceiver();
    const { request, json } = requestWithOneBadSpan();
    const response = await httpRequest(url, { path: '/v1/traces', headers: JSON_TYPE, body: json });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(JSON.parse(response.body.toString('utf8'))).toEqual({
      partialSuccess: { rejectedSpans: '1', errorMessage: expect.stringMatching(/trace_id/) },
    });
    expect(await storedRows(request)).toBe(2);
  });
});

describe('malformed input', () => {
  test('a truncated protobuf body is a 400 with INVALID_ARGUMENT in protobuf', async () => {
    const { url } = await startReceiver();
    const valid = freshRequest('traces').protobuf;
    const response = await httpRequest(url, { path: '/v1/traces', headers: PROTOBUF, body: valid.subarray(0, valid.length - 3) });
    expectStatusBody(response, 400, GrpcCode.INVALID_ARGUMENT, 'application/x-protobuf');
  });

  test('invalid JSON is a 400 with INVALID_ARGUMENT in JSON', async () => {
    const { url } = await startReceiver();
    const response = await httpRequest(url, { path: '/v1/logs', headers: JSON_TYPE, body: Buffer.from('{"resourceLogs": [') });
    expectStatusBody(response, 400, GrpcCode.INVALID_ARGUMENT, 'application/json');
  });

  test('a corrupt gzip body is a 400', async () => {
    const { url } = await startReceiver();
    const gz = gzipSync(freshRequest('traces').protobuf);
    const response = await httpRequest(url, {
      path: '/v1/traces',
      headers: { ...PROTOBUF, 'Content-Encoding': 'gzip' },
      body: gz.subarray(0, gz.length - 4),
    });
    const message = expectStatusBody(response, 400, GrpcCode.INVALID_ARGUMENT, 'application/x-protobuf');
    expect(message).toMatch(/gzip/);
  });
});

describe('size limits', () => {
  const limits = { maxRequestBodyBytes: 4096, maxDecompressedBodyBytes: 16_384 };

  test('a Content-Length over maxRequestBodyBytes is a 413 and the connection stays usable', async () => {
    const { url } = await startReceiver({ config: limits });
    const response = await httpRequest(url, { path: '/v1/traces', headers: PROTOBUF, body: Buffer.alloc(4097) });
    const message = expectStatusBody(response, 413, GrpcCode.RESOURCE_EXHAUSTED, 'application/x-protobuf');
    expect(message).toMatch(/4096/);
    const next = await httpRequest(url, { path: '/v1/traces', headers: PROTOBUF, body: freshRequest('traces').protobuf });
    expect(next.status).toBe(200);
  });

  test('a chunked body that grows past maxRequestBodyBytes is a 413', async () => {
    const { url } = await startReceiver({ config: limits });
    const chunks = Array.from({ length: 5 }, () => Buffer.alloc(1000));
    const response = await httpRequest(url, { path: '/v1/logs', headers: JSON_TYPE, body: chunks });
    expectStatusBody(response, 413, GrpcCode.RESOURCE_EXHAUSTED, 'application/json');
  });

  test('a gzip body that inflates past maxDecompressedBodyBytes is a 413', async () => {
    const { url } = await startReceiver({ config: limits });
    const bomb = gzipSync(Buffer.alloc(16_385));
    expect(bomb.length).toBeLessThan(limits.maxRequestBodyBytes);
    const response = await httpRequest(url, { path: '/v1/traces', headers: { ...PROTOBUF, 'Content-Encoding': 'gzip' }, body: bomb });
    const message = expectStatusBody(response, 413, GrpcCode.RESOURCE_EXHAUSTED, 'application/x-protobuf');
    expect(message).toMatch(/decompressed/);
  });
});

describe('unsupported requests', () => {
  test('a missing Content-Type is a 415 answered in JSON', async () => {
    const { url } = await startReceiver();
    const response = await httpRequest(url, { path: '/v1/traces', body: freshRequest('traces').protobuf });
    const message = expectStatusBody(response, 415, GrpcCode.INVALID_ARGUMENT, 'application/json');
    expect(message).toMatch(/application\/x-protobuf/);
  });

  test('another Content-Type is a 415', async () => {
    const { url } = await startReceiver();
    const response = await httpRequest(url, { path: '/v1/logs', headers: { 'Content-Type': 'text/plain' }, body: Buffer.from('hi') });
    expectStatusBody(response, 415, GrpcCode.INVALID_ARGUMENT, 'application/json');
  });

  test('an unsupported Content-Encoding is a 415 listing the supported ones', async () => {
    const { url } = await startReceiver();
    const response = await httpRequest(url, {
      path: '/v1/traces',
      headers: { ...PROTOBUF, 'Content-Encoding': 'br' },
      body: freshRequest('traces').protobuf,
    });
    const message = expectStatusBody(response, 415, GrpcCode.INVALID_ARGUMENT, 'application/x-protobuf');
    expect(message).toMatch(/gzip, identity/);
  });

  test('GET on an OTLP path is a 405 with Allow: POST', async () => {
    const { url } = await startReceiver();
    const response = await httpRequest(url, { method: 'GET', path: '/v1/traces' });
    expectStatusBody(response, 405, GrpcCode.UNIMPLEMENTED, 'application/json');
    expect(response.headers.allow).toBe('POST');
  });

  test('an unknown path is a 404', async () => {
    const { url } = await startReceiver();
    const response = await httpRequest(url, { path: '/v1/metrics', headers: PROTOBUF, body: Buffer.alloc(0) });
    const message = expectStatusBody(response, 404, GrpcCode.UNIMPLEMENTED, 'application/x-protobuf');
    expect(message).toMatch(/\/v1\/traces/);
  });
});

describe('back-pressure', () => {
  test('ingest behind is a 429 with Retry-After in seconds', async () => {
    // A real ingest whose write-ahead log may hold 1 byte: the first request fills it, the next is refused.
    const behind = createIngest({
      storage,
      walDir: join(dir, 'wal-behind'),
      config: { syncMode: 'none', maxWalBytes: 1, flushIntervalMs: 60_000 },
    });
    await behind.start();
    onTestFinished(() => behind.shutdown());
    const { url } = await startReceiver({ ingest: behind });
    const first = await httpRequest(url, { path: '/v1/traces', headers: PROTOBUF, body: freshRequest('traces').protobuf });
    expect(first.status).toBe(200);
    const second = await httpRequest(url, { path: '/v1/traces', headers: PROTOBUF, body: freshRequest('traces').protobuf });
    expectStatusBody(second, 429, GrpcCode.RESOURCE_EXHAUSTED, 'application/x-protobuf');
    expect(Number(second.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  test('ingest unavailable is a 503 with Retry-After', async () => {
    // A real ingest that was never started answers IngestUnavailableError.
    const { url } = await startReceiver({ ingest: createIngest({ storage, walDir: join(dir, 'wal-unstarted') }) });
    const response = await httpRequest(url, { path: '/v1/logs', headers: JSON_TYPE, body: freshRequest('logs').json });
    expectStatusBody(response, 503, GrpcCode.UNAVAILABLE, 'application/json');
    expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  test('an unexpected ingest failure is a 503 without Retry-After', async () => {
    // No real ingest fails this way on purpose: a double of the internal Ingest interface throws a plain Error.
    const { url } = await startReceiver({ ingest: withAccept(() => Promise.reject(new Error('disk on fire'))) });
    const response = await httpRequest(url, { path: '/v1/traces', headers: PROTOBUF, body: freshRequest('traces').protobuf });
    const message = expectStatusBody(response, 503, GrpcCode.UNAVAILABLE, 'application/x-protobuf');
    expect(message).toMatch(/disk on fire/);
    expect(response.headers['retry-after']).toBeUndefined();
  });
});

describe('authentication', () => {
  const token = 's3cret-token';

  test('with an auth token set, a request without Authorization is a 401', async () => {
    const { url } = await startReceiver({ config: { authToken: token } });
    const response = await httpRequest(url, { path: '/v1/traces', headers: PROTOBUF, body: freshRequest('traces').protobuf });
    expectStatusBody(response, 401, GrpcCode.UNAUTHENTICATED, 'application/x-protobuf');
    expect(response.headers['www-authenticate']).toBe('Bearer');
  });

  test('with an auth token set, a wrong bearer token is a 401', async () => {
    const { url } = await startReceiver({ config: { authToken: token } });
    for (const authorization of ['Bearer wrong', `Basic ${token}`, `Bearer ${token}x`, 'Bearer']) {
      const response = await httpRequest(url, {
        path: '/v1/logs',
        headers: { ...JSON_TYPE, Authorization: authorization },
        body: freshRequest('logs').json,
      });
      expectStatusBody(response, 401, GrpcCode.UNAUTHENTICATED, 'application/json');
    }
  });

  test('with an auth token set, the right bearer token is accepted', async () => {
    const { url } = await startReceiver({ config: { authToken: token } });
    const response = await httpRequest(url, {
      path: '/v1/traces',
      headers: { ...PROTOBUF, Authorization: `bearer ${token}` },
      body: freshRequest('traces').protobuf,
    });
    expect(response.status).toBe(200);
  });

  test('a non-loopback host without a token is refused at configuration time', () => {
    const config = { ...defaultCollectorConfig(), host: '0.0.0.0' };
    expect(() => validateCollectorConfig(config)).toThrow(/without an auth token/);
    expect(() => createOtlpHttpReceiver({ ingest, config })).toThrow(/without an auth token/);
    expect(validateCollectorConfig({ ...config, authToken: token }).host).toBe('0.0.0.0');
  });
});

describe('lifecycle and counters', () => {
  test('a client that aborts mid-body does not take the receiver down', async () => {
    const { receiver, url } = await startReceiver();
    const valid = freshRequest('traces').protobuf;
    for (let i = 0; i < 5; i++) {
      await abortMidBody(url, '/v1/traces', PROTOBUF, valid.subarray(0, 10), valid.length);
    }
    await expect.poll(() => receiver.stats().abortedRequests).toBe(5);
    const response = await httpRequest(url, { path: '/v1/traces', headers: PROTOBUF, body: valid });
    expect(response.status).toBe(200);
  });

  test('stats count responses by route and status, items and bytes', async () => {
    const { receiver, url } = await startReceiver();
    const traces = freshRequest('traces', 3);
    const logs = freshRequest('logs', 2);
    await httpRequest(url, { path: '/v1/traces', headers: PROTOBUF, body: traces.protobuf });
    await httpRequest(url, { path: '/v1/logs', headers: { ...JSON_TYPE, 'Content-Encoding': 'gzip' }, body: gzipSync(logs.json) });
    await httpRequest(url, { path: '/v1/logs', headers: JSON_TYPE, body: Buffer.from('{') });
    await httpRequest(url, { path: '/nope', headers: JSON_TYPE, body: Buffer.from('{}') });
    const stats = receiver.stats();
    expect(stats.responses).toEqual({ '/v1/traces': { '200': 1 }, '/v1/logs': { '200': 1, '400': 1 }, other: { '404': 1 } });
    expect(stats.spansAccepted).toBe(3);
    expect(stats.logRecordsAccepted).toBe(2);
    expect(stats.bodyBytesReceived).toBe(traces.protobuf.length + gzipSync(logs.json).length + 1);
    expect(stats.bodyBytesDecompressed).toBe(traces.protobuf.length + logs.json.length + 1);
  });

  test('start() with port 0 reports the bound port and URL', async () => {
    const { receiver, url } = await startReceiver();
    const address = await receiver.start();
    expect(address.host).toBe('127.0.0.1');
    expect(address.port).toBeGreaterThan(0);
    expect(url).toBe(`http://127.0.0.1:${address.port}`);
  });

  test('shutdown lets a request in flight finish, then refuses connections, and is idempotent', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inAccept = new Promise<void>((resolve) => (entered = resolve));
    // Wraps the real ingest to hold one request inside accept() while shutdown starts.
    const gated = withAccept(async (request) => {
      entered();
      await gate;
      return ingest.accept(request);
    });
    const { receiver, url } = await startReceiver({ ingest: gated });
    const inFlight = httpRequest(url, { path: '/v1/traces', headers: PROTOBUF, body: freshRequest('traces').protobuf });
    await inAccept;
    const stopped = receiver.shutdown();
    expect(receiver.shutdown()).toBe(stopped);
    release();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(response.headers.connection).toBe('close');
    await stopped;
    await expect(httpRequest(url, { path: '/v1/traces', headers: PROTOBUF, body: Buffer.alloc(0) })).rejects.toThrow(/ECONNREFUSED/);
  });
});
