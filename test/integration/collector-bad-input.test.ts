import { Agent } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { defaultCollectorConfig } from '../../collector/config.js';
import { GrpcCode } from '../../collector/http-failure.js';
import { createOtlpHttpReceiver, type OtlpHttpReceiver } from '../../collector/receiver.js';
import { createChdbStorage } from '../../ingest/chdb-storage.js';
import { createIngest } from '../../ingest/ingest-pipeline.js';
import type { Ingest } from '../../ingest/ingest.js';
import type { Storage } from '../../ingest/storage.js';
import { SIGNAL_TABLE, type Signal } from '../../ingest/schema/otel-tables.js';
import { abortMidBody, httpRequest, type HttpResponse } from '../helpers/http-client.js';
import { generateMalformedRequests, type MalformedKind, type MalformedRequest } from '../helpers/malformed/index.js';
import { sampleRequest, type SampleRequest } from '../helpers/otlp-requests.js';
import { parseStatus } from '../helpers/otlp-responses.js';

/**
 * Thousands of malformed OTLP/HTTP requests against the real receiver,
 * decoder, ingest pipeline and chDB storage, on loopback with the production
 * size limits. Valid control requests are interleaved: the server must stay
 * up, refuse each bad request with the right 4xx and a readable
 * google.rpc.Status, and store exactly the control requests' rows.
 */

const config = { ...defaultCollectorConfig(), port: 0 };
/** Parallel connections: enough to overlap requests, few enough for a 2-core machine. */
const CONCURRENCY = 8;
/** A valid control request after every this many malformed ones. */
const CONTROL_EVERY = 100;
/** Fixture seeds of control requests: apart from the ones the malformed requests are made from. */
const CONTROL_SEED = 1000;

const EXPECTED_GRPC_CODE: Readonly<Record<MalformedRequest['expectedStatus'], number>> = {
  400: GrpcCode.INVALID_ARGUMENT,
  413: GrpcCode.RESOURCE_EXHAUSTED,
  415: GrpcCode.INVALID_ARGUMENT,
};

let dir: string;
let storage: Storage;
let ingest: Ingest;
let receiver: OtlpHttpReceiver;
let url: string;
const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'agentfleet-bad-input-'));
  storage = createChdbStorage({ path: join(dir, 'chdb'), database: 'otel' });
  await storage.start();
  ingest = createIngest({ storage, walDir: join(dir, 'wal'), config: { syncMode: 'none', flushIntervalMs: 100 } });
  await ingest.start();
  receiver = createOtlpHttpReceiver({ ingest, config });
  ({ url } = await receiver.start());
});

afterAll(async () => {
  agent.destroy();
  await receiver?.shutdown();
  await ingest?.shutdown();
  await storage?.shutdown();
  await rm(dir, { recursive: true, force: true });
});

function countBy(keys: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
  return counts;
}

/** What was wrong with a response, or undefined when it is the expected refusal. */
function problemWith(request: MalformedRequest, response: HttpResponse): string | undefined {
  if (response.status !== request.expectedStatus) {
    return `status ${response.status}, expected ${request.expectedStatus}: ${response.body.toString('utf8').slice(0, 200)}`;
  }
  const contentType = response.headers['content-type'];
  if (contentType !== 'application/x-protobuf' && contentType !== 'application/json') return `Content-Type ${contentType}`;
  try {
    const status = parseStatus(response);
    if (status.code !== EXPECTED_GRPC_CODE[request.expectedStatus]) return `google.rpc.Status code ${status.code}`;
    if (status.message.trim() === '') return 'empty google.rpc.Status message';
  } catch (error) {
    return `unreadable google.rpc.Status body: ${String(error)}`;
  }
  return undefined;
}

/** Sends one valid request (varying signal, encoding and compression) and returns it once acknowledged. */
async function sendControl(index: number): Promise<SampleRequest> {
  const signal: Signal = index % 2 === 0 ? 'traces' : 'logs';
  const request = sampleRequest(signal, CONTROL_SEED + index, 1 + (index % 4));
  const json = index % 3 === 1;
  const body = json ? request.json : request.protobuf;
  const gzip = index % 3 === 2;
  const response = await httpRequest(
    url,
    {
      path: `/v1/${signal}`,
      headers: { 'Content-Type': json ? 'application/json' : 'application/x-protobuf', ...(gzip ? { 'Content-Encoding': 'gzip' } : {}) },
      body: gzip ? gzipSync(body) : body,
    },
    agent,
  );
  expect(response.status, `control request ${index}: ${response.body.toString('utf8')}`).toBe(200);
  return request;
}

async function storedRows(signal: Signal): Promise<number> {
  const [row] = await storage.query<{ n: string }>(`SELECT count() AS n FROM otel.${SIGNAL_TABLE[signal]}`);
  return Number(row?.n);
}

test('thousands of malformed requests are each refused with the right 4xx and none of them is stored', async () => {
  const startedAtMs = Date.now();
  const malformed = generateMalformedRequests(config);
  expect(malformed.length).toBeGreaterThanOrEqual(1000);

  const problems: Array<{ kind: MalformedKind; text: string }> = [];
  const controls: SampleRequest[] = [];
  let next = 0;
  async function worker(): Promise<void> {
    while (next < malformed.length) {
      const index = next++;
      const request = malformed[index]!;
      if (index % CONTROL_EVERY === 0) controls.push(await sendControl(index / CONTROL_EVERY));
      const { headers, body } = request;
      const response = await httpRequest(url, { path: `/v1/${request.signal}`, headers, body }, agent);
      const problem = problemWith(request, response);
      if (problem !== undefined) {
        problems.push({ kind: request.kind, text: `${request.kind} (${request.signal}, ${request.description}): ${problem}` });
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));

  // Then clients that die mid-upload.
  const aborted = sampleRequest('traces', CONTROL_SEED - 1, 3).protobuf;
  let abortCount = 0;
  for (let cut = 1; cut < aborted.length; cut += Math.ceil(aborted.length / 10), abortCount++) {
    await abortMidBody(url, '/v1/traces', { 'Content-Type': 'application/x-protobuf' }, aborted.subarray(0, cut), aborted.length);
  }
  await expect.poll(() => receiver.stats().abortedRequests).toBe(abortCount);

  // The server is still up and still stores valid requests.
  controls.push(await sendControl(controls.length));
  await ingest.flush();

  const expectedRows = (signal: Signal): number =>
    controls.filter((c) => c.signal === signal).reduce((sum, c) => sum + c.items, 0);
  process.stdout.write(
    `collector bad input: ${malformed.length} malformed requests ${JSON.stringify(countBy(malformed.map((m) => m.kind)))}, ` +
      `${abortCount} aborted mid-body, ${controls.length} control requests, ${Date.now() - startedAtMs} ms\n`,
  );
  const wrongByKind = countBy(problems.map((p) => p.kind));
  expect(
    problems.slice(0, 25).map((p) => p.text),
    `${problems.length} of ${malformed.length} requests answered wrongly (${JSON.stringify(wrongByKind)})`,
  ).toEqual([]);
  expect(await storedRows('traces')).toBe(expectedRows('traces'));
  expect(await storedRows('logs')).toBe(expectedRows('logs'));
  const stats = receiver.stats();
  expect(stats.spansAccepted).toBe(expectedRows('traces'));
  expect(stats.logRecordsAccepted).toBe(expectedRows('logs'));
  expect(stats.spansRejected + stats.logRecordsRejected).toBe(0);
});
