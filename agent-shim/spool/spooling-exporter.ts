import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Logger } from '../../orchestrator/log.js';
import { sleepUntil } from '../deadline.js';
import { classifyStatus } from './otlp-post.js';
import type { SignalSerializer } from './signal-serializers.js';
import type { Spool } from './spool.js';

/** `ExportResult` of @opentelemetry/core, shared by span and log record exporters. */
type ExportResult = Parameters<Parameters<SpanExporter['export']>[1]>[0];

/** Handed back to the SDK at once: from here on the shim owns the items (delivered, or spooled). */
const TAKEN_OVER: ExportResult = { code: 0 };

/** What the SDK's SpanExporter and LogRecordExporter have in common: an export of items of one signal. */
export interface ItemExporter<T> {
  export(items: T[], resultCallback: (result: ExportResult) => void): void;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

/** Counts of items (spans or log records). */
export interface SpoolingExporterStats {
  readonly sentLive: number;
  readonly spooled: number;
  /** Items the collector refused for good (a 4xx): sending them again cannot help. */
  readonly refused: number;
}

export interface SpoolingExporter<T> extends ItemExporter<T> {
  /**
   * Waits for live exports in flight until `deadline` (epoch ms); what has
   * not been delivered by then is spooled. Resolves once the spool has it.
   */
  settle(deadline: number): Promise<void>;
  stats(): SpoolingExporterStats;
}

interface Attempt<T> {
  readonly items: T[];
  readonly done: Promise<void>;
  /** Spooled at `settle` while still in flight: its late outcome no longer matters. */
  abandoned: boolean;
}

/**
 * An exporter (of spans, or of log records) that never makes the SDK — or
 * the agent — wait on the collector. Items go live through `live` (the
 * official OTLP/HTTP JSON exporter of the signal) while this run's spool is
 * empty; once a live export fails — collector down, slow, overloaded — they
 * are serialized with the same serializer the live exporter uses and
 * spooled, and new items go straight to the spool until the replayer has
 * emptied it. Both signals share the run's one spool, so neither overtakes
 * the other. The same items always serialize to the same bytes, so a body
 * that did reach the collector before its live export timed out is
 * recognised as a retry by the collector's request digest and stored once.
 */
export function createSpoolingExporter<T>(serializer: SignalSerializer<T>, live: Pick<ItemExporter<T>, 'export' | 'shutdown'>, spool: Spool, log: Logger): SpoolingExporter<T> {
  const inFlight = new Set<Attempt<T>>();
  const { signal, noun } = serializer;
  let lastWrite: Promise<void> = Promise.resolve();
  let sentLive = 0;
  let spooled = 0;
  let refused = 0;
  let warnedDown = false;

  const toSpool = (items: T[]) => {
    const body = serializer.serialize(items);
    if (body === undefined) return;
    spooled += items.length;
    lastWrite = spool.append(signal, body);
  };

  const onLiveResult = (attempt: Attempt<T>, result: ExportResult) => {
    if (attempt.abandoned) return;
    if (result.code === TAKEN_OVER.code) {
      sentLive += attempt.items.length;
      warnedDown = false;
      return;
    }
    // OTLPExporterError carries the HTTP status as `code`; network errors and spent retries do not.
    const status = (result.error as { code?: unknown } | undefined)?.code;
    if (typeof status === 'number' && classifyStatus(status).status === 'permanent') {
      refused += attempt.items.length;
      log.warn(`export: the collector refused ${attempt.items.length} ${noun} (HTTP ${status}): ${result.error?.message ?? ''}`);
      return;
    }
    if (!warnedDown) log.info(`export: collector unavailable for ${noun} (${result.error?.message ?? 'export failed'}); spooling until it is back`);
    warnedDown = true;
    toSpool(attempt.items);
  };

  const sendLive = (items: T[]) => {
    let finish!: () => void;
    const attempt: Attempt<T> = { items, abandoned: false, done: new Promise<void>((resolve) => (finish = resolve)) };
    inFlight.add(attempt);
    // The callback may come synchronously (the exporter's concurrency limit): the attempt is registered first.
    live.export(items, (result) => {
      inFlight.delete(attempt);
      onLiveResult(attempt, result);
      finish();
    });
  };

  return {
    export(items, resultCallback) {
      if (spool.isEmpty()) sendLive(items);
      else toSpool(items);
      resultCallback(TAKEN_OVER);
    },
    async settle(deadline) {
      await Promise.race([Promise.all([...inFlight].map((attempt) => attempt.done)), sleepUntil(deadline)]);
      for (const attempt of inFlight) {
        attempt.abandoned = true;
        toSpool(attempt.items);
      }
      inFlight.clear();
      await lastWrite;
    },
    stats: () => ({ sentLive, spooled, refused }),
    forceFlush: () => Promise.resolve(),
    shutdown: () => live.shutdown(),
  };
}
