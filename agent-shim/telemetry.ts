import path from 'node:path';
import { ROOT_CONTEXT, trace, type Span } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Logger } from '../orchestrator/log.js';
import { VERSION } from '../orchestrator/version.js';
import { ATTR_GEN_AI_AGENT_ID, SCOPE_NAME } from '../semconv/index.js';
import type { SessionTotals, ShimTelemetry } from './agent-adapter.js';
import type { ChildExit } from './child-process.js';
import type { ShimConfig } from './config.js';
import { sleepUntil } from './deadline.js';
import { postTraces, type CollectorTarget } from './spool/otlp-post.js';
import { prepareSpoolRoot, spoolDirName } from './spool/spool-root.js';
import { openSpool, type SpoolStats } from './spool/spool.js';
import { createSpoolReplayer } from './spool/spool-replayer.js';
import { createSpoolingExporter, type SpoolingExporterStats } from './spool/spooling-exporter.js';
import type { AgentTextPolicy } from './telemetry/agent-text.js';
import { ImmediateSpanProcessor } from './telemetry/immediate-span-processor.js';
import { sessionResourceAttributes, type SessionIdentity } from './telemetry/resource.js';
import { endSessionSpan, startSessionSpan } from './telemetry/session-span.js';

export interface SessionTelemetryOptions {
  readonly config: ShimConfig;
  readonly identity: SessionIdentity;
  readonly task: string | undefined;
  readonly policy: AgentTextPolicy;
  readonly log: Logger;
}

export interface TelemetryReport {
  readonly export: SpoolingExporterStats;
  /** What is left in this run's spool after the exit flush (replayed by a later run). */
  readonly spool: SpoolStats;
}

/** The session's telemetry: the root span is open from `startSessionTelemetry` until `finish`. */
export interface SessionTelemetry extends ShimTelemetry {
  readonly rootSpan: Span;
  /**
   * Ends the root span with how the agent ended and the totals, then
   * delivers what it can until `deadline` (epoch ms); the rest stays in the
   * spool for a later run. Never rejects.
   */
  finish(exit: ChildExit, totals: SessionTotals, deadline: number): Promise<TelemetryReport>;
}

/** `http://host:4318` or `http://host:4318/` → the OTLP/HTTP traces endpoint. */
export function tracesUrl(collectorUrl: string): string {
  return `${collectorUrl.replace(/\/+$/, '')}/v1/traces`;
}

/**
 * Sets up the session's tracer and opens the `invoke_agent` root span.
 * Finished spans are batched for `exportDelayMs` and handed to a spooling
 * exporter: live to `<collector>/v1/traces` while the collector answers,
 * into this run's spool (`<spoolDir>/<start time>-<run id>/`) while it does
 * not; a replayer sends spooled bodies — this run's and those left by runs
 * that died — once it answers again.
 */
export async function startSessionTelemetry(options: SessionTelemetryOptions): Promise<SessionTelemetry> {
  const { config, identity, log } = options;
  const spoolRoot = path.resolve(config.spoolDir);
  await prepareSpoolRoot(spoolRoot);
  const spool = await openSpool(path.join(spoolRoot, spoolDirName(new Date(), identity.runId)), config.maxSpoolBytes, log);

  const target: CollectorTarget = { tracesUrl: tracesUrl(config.collectorUrl), token: config.token };
  const live = new OTLPTraceExporter({
    url: target.tracesUrl,
    headers: target.token === undefined ? {} : { Authorization: `Bearer ${target.token}` },
    timeoutMillis: config.exportTimeoutMs,
  });
  const exporter = createSpoolingExporter(live, spool, log);
  const processor = new ImmediateSpanProcessor(new BatchSpanProcessor(exporter, { scheduledDelayMillis: config.exportDelayMs }), exporter);
  const resourceAttributes = sessionResourceAttributes(identity);
  const provider = new BasicTracerProvider({ resource: resourceFromAttributes(resourceAttributes), spanProcessors: [processor] });
  const tracer = provider.getTracer(SCOPE_NAME, VERSION);

  const replayer = createSpoolReplayer({
    root: spoolRoot,
    own: spool,
    maxSpoolBytes: config.maxSpoolBytes,
    post: (body, timeoutMs) => postTraces(target, body, timeoutMs),
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

  return {
    tracer,
    sessionContext: trace.setSpan(ROOT_CONTEXT, rootSpan),
    resourceAttributes,
    rootSpan,
    endNow(span) {
      processor.exportOnEnd(span);
      span.end();
    },
    async finish(exit, totals, deadline) {
      endSessionSpan(rootSpan, exit, totals);
      try {
        await Promise.race([provider.forceFlush(), sleepUntil(deadline)]);
        await exporter.settle(deadline);
        // A replay post already in flight may run past the deadline: the exit does not wait for it.
        await Promise.race([replayer.replayUntil(deadline).then(() => replayer.stop()), sleepUntil(deadline)]);
        await spool.close();
      } catch (error) {
        log.warn(`telemetry: flushing at exit failed: ${String(error)}`);
      }
      // The provider and the live exporter are not shut down: the process
      // exits next, and their shutdown would wait on exports already spooled.
      return { export: exporter.stats(), spool: spool.stats() };
    },
  };
}
