import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Logger } from '../../orchestrator/log.js';
import { sleepUntil } from '../deadline.js';
import { classifyStatus } from './otlp-post.js';
import type { Spool } from './spool.js';

type ExportResult = Parameters<Parameters<SpanExporter['export']>[1]>[0];

/** Handed back to the SDK at once: from here on the shim owns the spans (delivered, or spooled). */
const TAKEN_OVER: ExportResult = { code: 0 };

export interface SpoolingExporterStats {
  readonly spansSentLive: number;
  readonly spansSpooled: number;
  /** Spans the collector refused for good (a 4xx): sending them again cannot help. */
  readonly spansRefused: number;
}

export interface SpoolingExporter extends SpanExporter {
  /**
   * Waits for live exports in flight until `deadline` (epoch ms); what has
   * not been delivered by then is spooled. Resolves once the spool has it.
   */
  settle(deadline: number): Promise<void>;
  stats(): SpoolingExporterStats;
}

interface Attempt {
  readonly spans: ReadableSpan[];
  readonly done: Promise<void>;
  /** Spooled at `settle` while still in flight: its late outcome no longer matters. */
  abandoned: boolean;
}

/**
 * A SpanExporter that never makes the SDK (or the agent) wait on the
 * collector. Spans go live through `live` (the official OTLP/HTTP JSON
 * exporter) while this run's spool is empty; once a live export fails —
 * collector down, slow, overloaded — they are serialized with the same
 * `JsonTraceSerializer` the live exporter uses and spooled, and new spans go
 * straight to the spool until the replayer has emptied it. The same spans
 * always serialize to the same bytes, so a body that did reach the
 * collector before its live export timed out is recognised as a retry by the
 * collector's request digest and stored once.
 */
export function createSpoolingExporter(live: SpanExporter, spool: Spool, log: Logger): SpoolingExporter {
  const inFlight = new Set<Attempt>();
  let lastWrite: Promise<void> = Promise.resolve();
  let spansSentLive = 0;
  let spansSpooled = 0;
  let spansRefused = 0;
  let warnedDown = false;

  const toSpool = (spans: ReadableSpan[]) => {
    const body = JsonTraceSerializer.serializeRequest(spans);
    if (body === undefined) return;
    spansSpooled += spans.length;
    lastWrite = spool.append(body);
  };

  const onLiveResult = (attempt: Attempt, result: ExportResult) => {
    if (attempt.abandoned) return;
    if (result.code === TAKEN_OVER.code) {
      spansSentLive += attempt.spans.length;
      warnedDown = false;
      return;
    }
    // OTLPExporterError carries the HTTP status as `code`; network errors and spent retries do not.
    const status = (result.error as { code?: unknown } | undefined)?.code;
    if (typeof status === 'number' && classifyStatus(status).status === 'permanent') {
      spansRefused += attempt.spans.length;
      log.warn(`export: the collector refused ${attempt.spans.length} spans (HTTP ${status}): ${result.error?.message ?? ''}`);
      return;
    }
    if (!warnedDown) log.info(`export: collector unavailable (${result.error?.message ?? 'export failed'}); spooling until it is back`);
    warnedDown = true;
    toSpool(attempt.spans);
  };

  const sendLive = (spans: ReadableSpan[]) => {
    let finish!: () => void;
    const attempt: Attempt = { spans, abandoned: false, done: new Promise<void>((resolve) => (finish = resolve)) };
    inFlight.add(attempt);
    // The callback may come synchronously (the exporter's concurrency limit): the attempt is registered first.
    live.export(spans, (result) => {
      inFlight.delete(attempt);
      onLiveResult(attempt, result);
      finish();
    });
  };

  return {
    export(spans, resultCallback) {
      if (spool.isEmpty()) sendLive(spans);
      else toSpool(spans);
      resultCallback(TAKEN_OVER);
    },
    async settle(deadline) {
      await Promise.race([Promise.all([...inFlight].map((attempt) => attempt.done)), sleepUntil(deadline)]);
      for (const attempt of inFlight) {
        attempt.abandoned = true;
        toSpool(attempt.spans);
      }
      inFlight.clear();
      await lastWrite;
    },
    stats: () => ({ spansSentLive, spansSpooled, spansRefused }),
    forceFlush: () => Promise.resolve(),
    shutdown: () => live.shutdown(),
  };
}
