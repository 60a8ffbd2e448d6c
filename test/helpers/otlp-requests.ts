import {
  agentLogsRequestObject,
  agentTraceRequestObject,
  logsRequestToJson,
  tracesRequestToJson,
} from '../../bench/otlp-fixtures.js';
import {
  ExportLogsServiceRequest,
  ExportTraceServiceRequest,
  type OtlpLogsRequest,
  type OtlpTracesRequest,
} from '../../bench/otlp-protobufjs.js';
import type { Signal } from '../../ingest/schema/otel-tables.js';

/**
 * Valid OTLP export requests for the collector tests, in both wire
 * encodings: the shared agent-like fixtures (bench/otlp-fixtures.ts),
 * encoded with the official protos, so the bytes are what an SDK sends.
 */

export type OtlpRequestObject = OtlpTracesRequest | OtlpLogsRequest;

/** The request in protobuf and in OTLP/JSON. */
export function encodeRequest(signal: Signal, object: OtlpRequestObject): { protobuf: Buffer; json: Buffer } {
  return signal === 'traces'
    ? {
        protobuf: Buffer.from(ExportTraceServiceRequest.encode(object as OtlpTracesRequest).finish()),
        json: tracesRequestToJson(object as OtlpTracesRequest),
      }
    : {
        protobuf: Buffer.from(ExportLogsServiceRequest.encode(object as OtlpLogsRequest).finish()),
        json: logsRequestToJson(object as OtlpLogsRequest),
      };
}

export interface SampleRequest {
  readonly signal: Signal;
  /** Spans or log records in the request. */
  readonly items: number;
  /** Hex trace id shared by every item: `WHERE TraceId = …` finds exactly this request's rows. */
  readonly traceId: string;
  /** protobufjs objects, to change before re-encoding with `encodeRequest`. */
  readonly object: OtlpRequestObject;
  /** The OTLP/JSON body parsed (lowerCamelCase, hex ids, int64 as strings). */
  readonly otlpJson: Record<string, unknown>;
  readonly protobuf: Buffer;
  readonly json: Buffer;
}

/** One agent (one resource, one trace) with `items` spans or log records; a different seed gives different ids. */
export function sampleRequest(signal: Signal, seed: number, items = 3): SampleRequest {
  const options = { spans: items, seed, agents: 1 };
  const object = signal === 'traces' ? agentTraceRequestObject(options) : agentLogsRequestObject(options);
  const first =
    signal === 'traces'
      ? (object as OtlpTracesRequest).resourceSpans?.[0]?.scopeSpans?.[0]?.spans?.[0]
      : (object as OtlpLogsRequest).resourceLogs?.[0]?.scopeLogs?.[0]?.logRecords?.[0];
  const { protobuf, json } = encodeRequest(signal, object);
  return {
    signal,
    items,
    traceId: Buffer.from(first?.traceId ?? []).toString('hex'),
    object,
    otlpJson: JSON.parse(json.toString('utf8')) as Record<string, unknown>,
    protobuf,
    json,
  };
}
