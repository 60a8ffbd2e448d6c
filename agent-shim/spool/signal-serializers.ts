import { JsonLogsSerializer, JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { Signal } from '../../ingest/schema/otel-tables.js';

/**
 * How one signal's items become an OTLP/JSON request body: with the very
 * serializer its official OTLP/HTTP JSON exporter uses, so a spooled body is
 * byte for byte the request that was (or would have been) sent live.
 */
export interface SignalSerializer<T> {
  readonly signal: Signal;
  /** What the items are called in the shim's messages. */
  readonly noun: string;
  serialize(items: T[]): Uint8Array | undefined;
}

export const SPANS: SignalSerializer<ReadableSpan> = {
  signal: 'traces',
  noun: 'spans',
  serialize: (spans) => JsonTraceSerializer.serializeRequest(spans),
};

export const LOG_RECORDS: SignalSerializer<ReadableLogRecord> = {
  signal: 'logs',
  noun: 'log records',
  serialize: (records) => JsonLogsSerializer.serializeRequest(records),
};
