import path from 'node:path';
import { ROOT_CONTEXT, trace, type Span } from '@opentelemetry/api';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Signal } from '../ingest/schema/otel-tables.js';
import type { Logger } from '../orchestrator/log.js';
import { VERSION } from '../orchestrator/version.js';
import { ATTR_AGENTFLEET_TASK, ATTR_GEN_AI_AGENT_ID, EVENT_SESSION_END, EVENT_SESSION_START, SCOPE_NAME } from '../semconv/index.js';
import type { SessionTotals, ShimTelemetry } from './agent-adapter.js';
import type { ChildExit } from './child-process.js';
import type { ShimConfig } from './config.js';
import { sleepUntil } from './deadline.js';
import { bearerHeaders, otlpSignalUrl, postOtlp, type CollectorTarget } from './spool/otlp-post.js';
import { LOG_RECORDS, SPANS } from './spool/signal-serializers.js';
import { prepareSpoolRoot, spoolDirName } from './spool/spool-root.js';
import { openSpool, type SpoolStats } from './spool/spool.js';
import { createSpoolReplayer } from './spool/spool-replayer.js';
import { createSpoolingExporter, type SpoolingExporterStats } from './spool/spooling-exporter.js';
import { agentTextAttributes, type AgentTextPolicy } from './telemetry/agent-text.js';
import { ImmediateSpanProcessor } from './telemetry/immediate-span-processor.js';
import { sessionResourceAttributes, type SessionIdentity } from './telemetry/resource.js';
import { createSessionEventLog } from './telemetry/session-event-log.js';
import { endSessionSpan, exitAttributes, startSessionSpan } from './telemetry/session-span.js';

export interface SessionTelemetryOptions {
  readonly config: ShimConfig;
  readonly identity: SessionIdentity;
  readonly task: string | undefined;
  readonly policy: AgentTextPolicy;
  readonly log: Logger;
}

export interface TelemetryReport {
  readonly export: Readonly<Record<Signal, SpoolingExporterStats>>;
  /** What is left in this run's spool after the exit flush (replayed by a later run). */
  readonly spool: SpoolStats;
}

/** The session's telemetry: the root span is open from `startSessionTelemetry` until `finish`. */
export interface SessionTelemetry extends ShimTelemetry {
  readonly rootSpan: Span;
  /**
   * Sends `session.end` and ends the root span with how the agent ended and
   * the totals, then delivers what it can until `deadline` (epoch ms); the
   * rest stays in the spool for a later run. Never rejects.
   */
  finish(exit: ChildExit, totals: SessionTotals, deadline: number): Promise<TelemetryReport>;
}

/**
 * Sets up the session's tracer and event log, opens the `invoke_agent` root
 * span and sends `session.start`. Finished spans and event log records are
 * batched for `exportDelayMs` and handed to spooling exporters: live to
 * `<collector>/v1/traces` and `/v1/logs` while the collector answers, into
 * this run's one spool (`<spoolDir>/<start time>-<run id>/`) while it does
 * not; a replayer sends spooled bodies — this run's and those left by runs
 * that died — once it answers again.
 */
export async function startSessionTelemetry(options: SessionTelemetryOptions): Promise<SessionTelemetry> {
  const { config, identity, log } = options;
  const spoolRoot = path.resolve(config.spoolDir);
  await prepareSpoolRoot(spoolRoot);
  const spool = await openSpool(path.join(spoolRoot, spoolDirName(new Date(), identity.runId)), config.maxSpoolBytes, log);

  const target: CollectorTarget = { collectorUrl: config.collectorUrl, token: config.token };
  const liveOptions = (signal: Signal) => ({ url: otlpSignalUrl(config.collectorUrl, signal), headers: bearerHeaders(config.token), timeoutMillis: config.exportTimeoutMs });
  const spanExporter = createSpoolingExporter(SPANS, new OTLPTraceExporter(liveOptions('traces')), spool, log);
  const logExporter = createSpoolingExporter(LOG_RECORDS, new OTLPLogExporter(liveOptions('logs')), spool, log);
  const processor = new ImmediateSpanProcessor(new BatchSpanProcessor(spanExporter, { scheduledDelayMillis: config.exportDelayMs }), spanExporter);
  const resourceAttributes = sessionResourceAttributes(identity);
  const resource = resourceFromAttributes(resourceAttributes);
  const provider = new BasicTracerProvider({ resource, spanProcessors: [processor] });
  const tracer = provider.getTracer(SCOPE_NAME, VERSION);

  const replayer = createSpoolReplayer({
    root: spoolRoot,
    own: spool,
    maxSpoolBytes: config.maxSpoolBytes,
    post: (signal, body, timeoutMs) => postOtlp(target, signal, body, timeoutMs),
    retryIntervalMs: config.spoolRetryIntervalMs,
    postTimeoutMs: config.exportTimeoutMs,
    log,
  });
  replayer.start();

  const rootSpan = startSessionSpan(
    tracer,
    { agentName: identity.agentName, agentId: String(resourceAttributes[ATTR_GEN_AI_AGENT_ID]), task: options.task },
    options.policy,
  );

  const sessionContext = trace.setSpan(ROOT_CONTEXT, rootSpan);
  const events = createSessionEventLog({ exporter: logExporter, resource, sessionContext, exportDelayMs: config.exportDelayMs, log });
  events.emit(EVENT_SESSION_START, agentTextAttributes({ [ATTR_AGENTFLEET_TASK]: options.task }, options.policy));

  return {
    tracer,
    sessionContext,
    resourceAttributes,
    rootSpan,
    endNow(span) {
      processor.exportOnEnd(span);
      span.end();
    },
    emitEvent: events.emit,
    async finish(exit, totals, deadline) {
      events.emit(EVENT_SESSION_END, exitAttributes(exit));
      endSessionSpan(rootSpan, exit, totals);
      try {
        await Promise.race([Promise.all([provider.forceFlush(), events.forceFlush()]), sleepUntil(deadline)]);
        await Promise.all([spanExporter.settle(deadline), logExporter.settle(deadline)]);
        // A replay post already in flight may run past the deadline: the exit does not wait for it.
        await Promise.race([replayer.replayUntil(deadline).then(() => replayer.stop()), sleepUntil(deadline)]);
        await spool.close();
      } catch (error) {
        log.warn(`telemetry: flushing at exit failed: ${String(error)}`);
      }
      // The providers and the live exporters are not shut down: the process
      // exits next, and their shutdown would wait on exports already spooled.
      return { export: { traces: spanExporter.stats(), logs: logExporter.stats() }, spool: spool.stats() };
    },
  };
}
