import { context, trace, type Attributes, type Context, type Span } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { sessionResourceAttributes } from '../../agent-shim/telemetry/resource.js';
import { ATTR_AGENTFLEET_EXIT_CODE, EVENT_SESSION_END, SCOPE_NAME, invokeAgentSpanName } from '../../semconv/index.js';

/**
 * One agent session sent by the official OpenTelemetry JS SDK the way the
 * shim sends it: the shim's resource, an `invoke_agent` root span ended
 * last, child spans, and session events as log records of the root span.
 * What is recorded goes out on `send()`, one traces and one logs request,
 * through the official OTLP exporters.
 */
export interface SdkSessionOptions {
  readonly otlpUrl: string;
  readonly sessionId: string;
  readonly agentName: string;
  readonly worktree: string;
  readonly startMs: number;
  readonly branch?: string;
  /** `vcs.repository.url.full`; sessions without one may be of any repository. */
  readonly repositoryUrl?: string;
  readonly hostName?: string;
  /** Attributes of the `invoke_agent` root span (task, totals …). */
  readonly rootAttributes?: Attributes;
}

type Encoding = 'protobuf' | 'json';

export class SdkSession {
  private readonly spans = new InMemorySpanExporter();
  private readonly logs = new InMemoryLogRecordExporter();
  private readonly tracerProvider: BasicTracerProvider;
  private readonly loggerProvider: LoggerProvider;
  private readonly root: Span;
  private readonly rootContext: Context;
  private lastSent: { spans: ReadableSpan[]; logs: ReadableLogRecord[] } = { spans: [], logs: [] };

  constructor(private readonly options: SdkSessionOptions) {
    const resource = resourceFromAttributes(
      sessionResourceAttributes({
        agentName: options.agentName,
        kind: 'generic',
        fleetId: 'default',
        runId: options.sessionId,
        workTree: { path: options.worktree, branch: options.branch, baseCommit: undefined, repositoryUrl: options.repositoryUrl, isGit: true },
        ...(options.hostName !== undefined ? { hostName: options.hostName } : {}),
      }),
    );
    this.tracerProvider = new BasicTracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor(this.spans)] });
    this.loggerProvider = new LoggerProvider({ resource, processors: [new SimpleLogRecordProcessor({ exporter: this.logs })] });
    this.root = this.tracerProvider.getTracer(SCOPE_NAME).startSpan(invokeAgentSpanName(options.agentName), { startTime: options.startMs, attributes: options.rootAttributes });
    this.rootContext = trace.setSpan(context.active(), this.root);
  }

  /** A finished child span of the session. */
  span(name: string, startMs: number, endMs: number, attributes: Attributes = {}): void {
    this.tracerProvider.getTracer(SCOPE_NAME).startSpan(name, { startTime: startMs, attributes }, this.rootContext).end(endMs);
  }

  /** A session event (log record with `EventName`) of the root span. */
  event(eventName: string, timeMs: number, attributes: Attributes = {}): void {
    this.loggerProvider.getLogger(SCOPE_NAME).emit({
      eventName,
      timestamp: timeMs,
      severityNumber: SeverityNumber.INFO,
      severityText: 'INFO',
      attributes,
      context: this.rootContext,
    });
  }

  /** `session.end` and the root span with the exit code. */
  end(timeMs: number, exitCode: number): void {
    this.event(EVENT_SESSION_END, timeMs, { [ATTR_AGENTFLEET_EXIT_CODE]: exitCode });
    this.root.setAttribute(ATTR_AGENTFLEET_EXIT_CODE, exitCode);
    this.root.end(timeMs);
  }

  /** Exports what was recorded since the last send (one request per signal). */
  async send(encoding: Encoding = 'protobuf'): Promise<void> {
    this.lastSent = { spans: this.spans.getFinishedSpans(), logs: this.logs.getFinishedLogRecords() };
    this.spans.reset();
    this.logs.reset();
    await this.export(encoding);
  }

  /** Exports the last sent items again, as a client retrying would (`protobuf`: the same bytes) or as another encoding. */
  resend(encoding: Encoding): Promise<void> {
    return this.export(encoding);
  }

  private async export(encoding: Encoding): Promise<void> {
    const { spans, logs } = this.lastSent;
    const url = this.options.otlpUrl;
    if (spans.length > 0) {
      const exporter = encoding === 'protobuf' ? new ProtoTraceExporter({ url: `${url}/v1/traces` }) : new JsonTraceExporter({ url: `${url}/v1/traces` });
      await exportOrThrow((done) => exporter.export(spans, done));
      await exporter.shutdown();
    }
    if (logs.length > 0) {
      const exporter = encoding === 'protobuf' ? new ProtoLogExporter({ url: `${url}/v1/logs` }) : new JsonLogExporter({ url: `${url}/v1/logs` });
      await exportOrThrow((done) => exporter.export(logs, done));
      await exporter.shutdown();
    }
  }
}

function exportOrThrow(run: (done: (result: { code: number; error?: Error }) => void) => void): Promise<void> {
  return new Promise((resolve, reject) =>
    run((result) => (result.code === 0 ? resolve() : reject(result.error ?? new Error(`export failed with code ${result.code}`)))),
  );
}
