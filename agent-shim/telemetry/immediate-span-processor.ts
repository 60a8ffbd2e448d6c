import type { Context, Span } from '@opentelemetry/api';
import type { ReadableSpan, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';

/**
 * Routes finished spans: most go to the batch processor; spans marked with
 * `exportOnEnd` are exported on their own the moment they end (a
 * `file.intent` must reach the orchestrator before the edit lands, not up to
 * a batch delay later). Both paths share one exporter, so immediate spans
 * are spooled like the rest when the collector is down.
 */
export class ImmediateSpanProcessor implements SpanProcessor {
  private readonly immediate = new WeakSet<object>();

  constructor(
    private readonly batch: SpanProcessor,
    private readonly exporter: SpanExporter,
  ) {}

  /** Marks `span` to be exported alone when it ends. */
  exportOnEnd(span: Span): void {
    this.immediate.add(span);
  }

  onStart(span: Parameters<SpanProcessor['onStart']>[0], parentContext: Context): void {
    this.batch.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    if (this.immediate.has(span)) this.exporter.export([span], () => undefined);
    else this.batch.onEnd(span);
  }

  forceFlush(): Promise<void> {
    return this.batch.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.batch.shutdown();
  }
}
