import type { Attributes, Context } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import type { Resource } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider, type LogRecordExporter } from '@opentelemetry/sdk-logs';
import type { Logger } from '../../orchestrator/log.js';
import { VERSION } from '../../orchestrator/version.js';
import { SCOPE_NAME } from '../../semconv/index.js';
import type { EventSeverity } from '../agent-adapter.js';

const SEVERITY: Readonly<Record<EventSeverity, { severityNumber: SeverityNumber; severityText: string }>> = {
  info: { severityNumber: SeverityNumber.INFO, severityText: 'INFO' },
  warn: { severityNumber: SeverityNumber.WARN, severityText: 'WARN' },
};

export interface SessionEventLogOptions {
  readonly exporter: LogRecordExporter;
  /** The session's resource, the same object its spans carry. */
  readonly resource: Resource;
  /** Context whose active span is the session's root span: every record carries its trace and span id. */
  readonly sessionContext: Context;
  readonly exportDelayMs: number;
  readonly log: Logger;
}

/** The session's moments as OTLP log records (see `ShimTelemetry.emitEvent`). */
export interface SessionEventLog {
  emit(name: string, attributes?: Attributes, severity?: EventSeverity): void;
  forceFlush(): Promise<void>;
}

/**
 * The live half of the session events: the root span (and its span events)
 * is exported only when the agent exits, so each moment is also sent the
 * moment it happens as a log record with `EventName` = the event, batched
 * for `exportDelayMs` like spans. `emit` only queues: it never waits on the
 * export and never throws, so a hook's answer is never held up by it.
 */
export function createSessionEventLog(options: SessionEventLogOptions): SessionEventLog {
  const { sessionContext, log } = options;
  const provider = new LoggerProvider({
    resource: options.resource,
    processors: [new BatchLogRecordProcessor({ exporter: options.exporter, scheduledDelayMillis: options.exportDelayMs })],
  });
  const logger = provider.getLogger(SCOPE_NAME, VERSION);
  return {
    emit(name, attributes = {}, severity = 'info') {
      try {
        logger.emit({ eventName: name, timestamp: Date.now(), context: sessionContext, attributes, ...SEVERITY[severity] });
      } catch (error) {
        log.debug(`telemetry: could not record the ${name} event: ${String(error)}`);
      }
    },
    forceFlush: () => provider.forceFlush(),
  };
}
