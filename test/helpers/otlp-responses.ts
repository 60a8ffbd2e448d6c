import protobuf from 'protobufjs';
import root from 'otlp-protobufjs/build/src/generated/root.js';
import type { Signal } from '../../ingest/schema/otel-tables.js';
import type { MessageType } from '../../bench/otlp-protobufjs.js';
import type { HttpResponse } from './http-client.js';

/**
 * Reads the receiver's response bodies with independent decoders (the
 * official protos for Export…ServiceResponse, protobufjs reflection for
 * google.rpc.Status), so the receiver's hand-written encoder is checked
 * against real protobuf, not against itself.
 */

const statusType = protobuf.Root.fromJSON({
  nested: {
    google: {
      nested: {
        rpc: {
          nested: {
            Status: {
              fields: {
                code: { type: 'int32', id: 1 },
                message: { type: 'string', id: 2 },
                details: { rule: 'repeated', type: 'bytes', id: 3 },
              },
            },
          },
        },
      },
    },
  },
}).lookupType('google.rpc.Status');

type CollectorProtos = Record<'trace' | 'logs', { v1: Record<string, MessageType<Record<string, unknown>>> }>;
const collector = (root as unknown as { opentelemetry: { proto: { collector: CollectorProtos } } }).opentelemetry.proto
  .collector;

const RESPONSE_TYPE = {
  traces: collector.trace.v1['ExportTraceServiceResponse']!,
  logs: collector.logs.v1['ExportLogsServiceResponse']!,
};

export interface RpcStatus {
  readonly code: number;
  readonly message: string;
}

function isProtobuf(response: HttpResponse): boolean {
  return response.headers['content-type'] === 'application/x-protobuf';
}

/** The `google.rpc.Status` of a 4xx/5xx, decoded per its Content-Type. */
export function parseStatus(response: HttpResponse): RpcStatus {
  if (isProtobuf(response)) {
    const status = statusType.toObject(statusType.decode(response.body), { defaults: true }) as RpcStatus;
    return { code: status.code, message: status.message };
  }
  return JSON.parse(response.body.toString('utf8')) as RpcStatus;
}

/** The Export…ServiceResponse of a 200 as an OTLP JSON object (int64 as strings). */
export function parseExportResponse(signal: Signal, response: HttpResponse): Record<string, unknown> {
  if (!isProtobuf(response)) return JSON.parse(response.body.toString('utf8')) as Record<string, unknown>;
  const type = RESPONSE_TYPE[signal];
  return type.toObject(type.decode(response.body), { longs: String });
}
