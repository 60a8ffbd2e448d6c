import { ROOT_CONTEXT, trace, type Attributes, type Context, type Span } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { AdapterContext, EventSeverity, ShimRouteHandler, ShimServer } from '../../agent-shim/agent-adapter.js';
import { defaultShimConfig, type ShimConfig } from '../../agent-shim/config.js';
import type { Redactor } from '../../redaction/redactor.js';
import { createLogger } from '../../orchestrator/log.js';
import { ATTR_SERVICE_NAME } from '../../semconv/index.js';

/** What an adapter told the file-edit ledger, in order. */
export type LedgerCall =
  | { readonly kind: 'claim'; readonly path: string }
  | { readonly kind: 'settle'; readonly path: string; readonly hash: string | undefined }
  | { readonly kind: 'beginTool'; readonly spanId: string | undefined }
  | { readonly kind: 'endTool'; readonly spanId: string | undefined };

/** Secrets in unit tests look like `sk-test-<anything without spaces>`. */
export const TEST_SECRET = /sk-test-\S+/g;
export const TEST_SECRET_MARKER = '[REDACTED:test-key]';

const testRedactor: Redactor = {
  redact: (text) => text.replace(TEST_SECRET, TEST_SECRET_MARKER),
  containsSecret: (text) => new RegExp(TEST_SECRET.source).test(text),
};

/** A session event the adapter sent through `emitEvent`. */
export interface EmittedEvent {
  readonly name: string;
  readonly attributes: Attributes;
  readonly severity: EventSeverity;
}

export interface FakeAdapterContext {
  readonly context: AdapterContext;
  readonly sessionSpan: Span;
  /** Spans ended so far (the session span only once `endSession` ran). */
  finished(): ReadableSpan[];
  /** Spans the adapter exported at once through `endNow`, in order. */
  readonly endedNow: Span[];
  /** Events the adapter sent through `emitEvent`, in order. */
  readonly events: EmittedEvent[];
  readonly ledger: LedgerCall[];
  /** Posts `body` to a route the adapter registered, as the shim server would (without its timeout). */
  post(route: string, body: unknown): Promise<unknown>;
  endSession(): ReadableSpan;
}

/**
 * An AdapterContext for tests: spans in memory, a session span open from
 * the start, routes callable directly (or served by `server` when given, a
 * real shim server), a redactor that knows one secret shape, and a ledger
 * that records what it is told.
 */
export function fakeAdapterContext(workTreePath: string, config: Partial<ShimConfig> = {}, server?: ShimServer): FakeAdapterContext {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracer = provider.getTracer('test');
  const sessionSpan = tracer.startSpan('invoke_agent test-agent');
  const routes = new Map<string, ShimRouteHandler>();
  const endedNow: Span[] = [];
  const events: EmittedEvent[] = [];
  const ledger: LedgerCall[] = [];
  const spanIdOf = (context: Context) => trace.getSpan(context)?.spanContext().spanId;

  const context: AdapterContext = {
    agentName: 'test-agent',
    config: { ...defaultShimConfig(), ...config },
    workTree: { path: workTreePath, branch: 'main', baseCommit: undefined, repositoryUrl: undefined, isGit: true },
    telemetry: {
      tracer,
      sessionContext: trace.setSpan(ROOT_CONTEXT, sessionSpan),
      resourceAttributes: { [ATTR_SERVICE_NAME]: 'test-agent' },
      endNow(span) {
        endedNow.push(span);
        span.end();
      },
      emitEvent: (name, attributes = {}, severity = 'info') => events.push({ name, attributes, severity }),
    },
    redactor: testRedactor,
    log: createLogger('error'),
    server: {
      url: server?.url ?? 'http://127.0.0.1:1/s/test',
      route(path, handler) {
        routes.set(path, handler);
        server?.route(path, handler);
      },
    },
    totals: { toolCalls: 0, filesChanged: new Set(), inputTokens: 0, outputTokens: 0, costUsd: 0 },
    fileEdits: {
      claim: (path) => ledger.push({ kind: 'claim', path }),
      settle: (path, hash) => ledger.push({ kind: 'settle', path, hash }),
      beginTool(toolContext) {
        ledger.push({ kind: 'beginTool', spanId: spanIdOf(toolContext) });
        return () => ledger.push({ kind: 'endTool', spanId: spanIdOf(toolContext) });
      },
    },
  };

  return {
    context,
    sessionSpan,
    finished: () => exporter.getFinishedSpans(),
    endedNow,
    events,
    ledger,
    async post(route, body) {
      const handler = routes.get(route);
      if (handler === undefined) throw new Error(`no route ${route}; registered: ${[...routes.keys()].join(', ')}`);
      return handler(body);
    },
    endSession() {
      sessionSpan.end();
      return exporter.getFinishedSpans().find((s) => s.spanContext().spanId === sessionSpan.spanContext().spanId)!;
    },
  };
}
