import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { postOtlp } from '../../agent-shim/spool/otlp-post.js';
import { LOG_RECORDS, SPANS } from '../../agent-shim/spool/signal-serializers.js';
import { openSpool, type Spool } from '../../agent-shim/spool/spool.js';
import { createSpoolingExporter, type SpoolingExporter } from '../../agent-shim/spool/spooling-exporter.js';
import { createLogger } from '../../orchestrator/log.js';
import { tempDir } from '../helpers/temp-dir.js';

const EXPORT_TIMEOUT_MS = 300;
const log = createLogger('error');

/** A collector stand-in that records each body and answers with `status` after `delayMs`. */
interface FakeCollector {
  readonly url: string;
  readonly bodies: Buffer[];
  /** The URL path of each request, in order. */
  readonly paths: string[];
  status: number;
  delayMs: number;
  close(): Promise<void>;
}

async function fakeCollector(): Promise<FakeCollector> {
  const bodies: Buffer[] = [];
  const paths: string[] = [];
  const fake = { bodies, paths, status: 200, delayMs: 0 } as FakeCollector & { server: Server };
  const server = createServer((req, res) => {
    paths.push(req.url ?? '');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push(Buffer.concat(chunks));
      setTimeout(() => {
        if (res.destroyed) return;
        res.writeHead(fake.status, { 'content-type': 'application/json' }).end('{}');
      }, fake.delayMs);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return Object.assign(fake, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  });
}

function someSpans(count: number): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(memory)] }).getTracer('test');
  for (let i = 0; i < count; i++) tracer.startSpan(`file.edit`, { attributes: { 'agentfleet.file.path': `src/${i}.ts` } }).end();
  return memory.getFinishedSpans() as ReadableSpan[];
}

function someLogRecords(count: number): ReadableLogRecord[] {
  const memory = new InMemoryLogRecordExporter();
  const logger = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter: memory })] }).getLogger('test');
  for (let i = 0; i < count; i++) logger.emit({ eventName: 'heartbeat', timestamp: 1_700_000_000_000 + i });
  return memory.getFinishedLogRecords() as ReadableLogRecord[];
}

describe('the spooling exporter', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  async function setUp(exportTimeoutMs = EXPORT_TIMEOUT_MS): Promise<{ collector: FakeCollector; spool: Spool; exporter: SpoolingExporter<ReadableSpan> }> {
    const collector = await fakeCollector();
    const spool = await openSpool(path.join(tempDir(), 'run'), 1024 * 1024, log);
    const live = new OTLPTraceExporter({ url: `${collector.url}/v1/traces`, timeoutMillis: exportTimeoutMs });
    const exporter = createSpoolingExporter(SPANS, live, spool, log);
    cleanups.push(() => collector.close(), () => spool.close());
    return { collector, spool, exporter };
  }

  const exportNow = <T>(exporter: SpoolingExporter<T>, items: T[]) => new Promise<number>((resolve) => exporter.export(items, (result) => resolve(result.code)));

  it('spools a batch whose live export timed out as the very bytes that were sent, and replays them unchanged', async () => {
    const { collector, spool, exporter } = await setUp();
    collector.delayMs = 2_000;
    expect(await exportNow(exporter, someSpans(3))).toBe(0);
    await exporter.settle(Date.now() + 5_000);

    expect(collector.bodies).toHaveLength(1);
    const entry = spool.oldest()!;
    expect(readFileSync(entry.file).equals(collector.bodies[0]!)).toBe(true);
    expect(entry.signal).toBe('traces');
    expect(exporter.stats()).toEqual({ sentLive: 0, spooled: 3, refused: 0 });

    collector.delayMs = 0;
    expect(await postOtlp({ collectorUrl: collector.url, token: undefined }, entry.signal, await spool.read(entry), 1_000)).toEqual({ status: 'success' });
    expect(collector.bodies[1]!.equals(collector.bodies[0]!)).toBe(true);
    expect(collector.paths).toEqual(['/v1/traces', '/v1/traces']);
  });

  it('does the same for log records: spooled as the bytes the live log exporter sent, replayed to /v1/logs', async () => {
    const { collector, spool } = await setUp();
    const live = new OTLPLogExporter({ url: `${collector.url}/v1/logs`, timeoutMillis: EXPORT_TIMEOUT_MS });
    const exporter = createSpoolingExporter(LOG_RECORDS, live, spool, log);
    collector.delayMs = 2_000;
    expect(await exportNow(exporter, someLogRecords(2))).toBe(0);
    await exporter.settle(Date.now() + 5_000);

    const entry = spool.oldest()!;
    expect(entry.signal).toBe('logs');
    expect(readFileSync(entry.file).equals(collector.bodies[0]!)).toBe(true);
    expect(exporter.stats()).toEqual({ sentLive: 0, spooled: 2, refused: 0 });

    collector.delayMs = 0;
    expect(await postOtlp({ collectorUrl: collector.url, token: undefined }, entry.signal, await spool.read(entry), 1_000)).toEqual({ status: 'success' });
    expect(collector.bodies[1]!.equals(collector.bodies[0]!)).toBe(true);
    expect(collector.paths).toEqual(['/v1/logs', '/v1/logs']);
  });

  it('sends live while the collector answers, and spools behind a failure until the spool is empty again', async () => {
    const { collector, spool, exporter } = await setUp();
    await exportNow(exporter, someSpans(1));
    await exporter.settle(Date.now() + 2_000);
    expect(exporter.stats().sentLive).toBe(1);

    collector.status = 503;
    await exportNow(exporter, someSpans(2));
    await exporter.settle(Date.now() + 5_000);
    const requestsSoFar = collector.bodies.length;
    // The spool is not empty: the next batch queues behind it without trying the collector.
    await exportNow(exporter, someSpans(1));
    await exporter.settle(Date.now() + 2_000);
    expect(collector.bodies).toHaveLength(requestsSoFar);
    expect(spool.stats().batches).toBe(2);
    expect(exporter.stats()).toMatchObject({ sentLive: 1, spooled: 3 });
  });

  it('drops a batch the collector refuses for good instead of spooling it forever', async () => {
    const { collector, spool, exporter } = await setUp();
    collector.status = 400;
    await exportNow(exporter, someSpans(2));
    await exporter.settle(Date.now() + 2_000);
    expect(exporter.stats()).toEqual({ sentLive: 0, spooled: 0, refused: 2 });
    expect(spool.isEmpty()).toBe(true);
  });

  it('spools at the deadline what is still in flight, so exit never waits on a slow collector', async () => {
    const { collector, spool, exporter } = await setUp(10_000);
    collector.delayMs = 10_000;
    await exportNow(exporter, someSpans(2));
    const started = Date.now();
    await exporter.settle(Date.now() + 300);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(spool.stats().batches).toBe(1);
    expect(exporter.stats().spooled).toBe(2);
  });
});
