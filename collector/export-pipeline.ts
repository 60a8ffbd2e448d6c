import type { IncomingMessage } from 'node:http';
import type { AcceptResult, Ingest } from '../ingest/ingest.js';
import type { Signal } from '../ingest/schema/otel-tables.js';
import type { DecodedRequest, OtlpEncoding } from './otlp/decode.js';
import type { CollectorConfig } from './config.js';
import { createBearerAuth } from './auth.js';
import { requireOtlpEncoding } from './content-type.js';
import { decompressBody, parseContentEncoding } from './decompress.js';
import type { FeedPublisher } from './feed/live-feed-hub.js';
import { HttpFailure } from './http-failure.js';
import type { OtlpRequestDecoder } from './otlp-request-decoder.js';
import { encodeExportResponse, type PartialSuccess } from './otlp-responses.js';
import { readRequestBody } from './read-body.js';
import type { ReceiverCounters } from './receiver-stats.js';
import { requestDigest } from './request-digest.js';
import { decodeFailure, ingestFailure } from './status-mapping.js';

export interface ExportPipelineOptions {
  readonly ingest: Ingest;
  readonly config: CollectorConfig;
  readonly decode: OtlpRequestDecoder;
  readonly counters: ReceiverCounters;
  /** Gets each stored request's rows once they are durable; none: no live feed. */
  readonly feed?: FeedPublisher;
}

/** The 200 answer to an export request. */
export interface ExportResponse {
  readonly encoding: OtlpEncoding;
  readonly body: Buffer;
}

/** Handles one request to an OTLP path; throws `HttpFailure` (answer it) or `ClientAbortedError` (nobody to answer). */
export type ExportPipeline = (req: IncomingMessage, path: string, signal: Signal) => Promise<ExportResponse>;

function partialSuccessOf(decoded: DecodedRequest): PartialSuccess | undefined {
  if (decoded.rejectedItems === 0) return undefined;
  return {
    rejectedItems: decoded.rejectedItems,
    errorMessage: decoded.rejectionMessage ?? `${decoded.rejectedItems} invalid items were dropped`,
  };
}

/**
 * method → auth → content type → content encoding → body (size-limited) →
 * decompress (size-limited) → digest → decode → `ingest.accept` → live feed
 * → the Export…ServiceResponse. Cheap header checks come first so a refused
 * request costs no body reading; each stage's own error becomes its status.
 */
export function createExportPipeline({ ingest, config, decode, counters, feed }: ExportPipelineOptions): ExportPipeline {
  const checkAuth = config.authToken ? createBearerAuth(config.authToken) : undefined;

  async function decodeOrFail(signal: Signal, body: Buffer, encoding: OtlpEncoding): Promise<DecodedRequest> {
    try {
      return await decode(signal, body, encoding);
    } catch (error) {
      throw decodeFailure(error);
    }
  }

  /** Undefined for a request with nothing to store. */
  async function acceptOrFail(decoded: DecodedRequest, digest: string): Promise<AcceptResult | undefined> {
    // An empty request (or one whose items were all rejected) is a success with nothing to store.
    if (decoded.rows.rowCount === 0) return undefined;
    try {
      return await ingest.accept({ rows: decoded.rows, requestDigest: digest });
    } catch (error) {
      throw ingestFailure(error);
    }
  }

  return async (req, path, signal) => {
    if (req.method !== 'POST') {
      throw new HttpFailure(405, `${req.method} is not allowed on ${path}; use POST`, { Allow: 'POST' });
    }
    checkAuth?.(req.headers.authorization);
    const encoding = requireOtlpEncoding(req.headers['content-type']);
    const coding = parseContentEncoding(req.headers['content-encoding']);
    const received = await readRequestBody(req, config.maxRequestBodyBytes);
    const body = await decompressBody(received, coding, config.maxDecompressedBodyBytes);
    counters.countBody(received.length, body.length);
    const decoded = await decodeOrFail(signal, body, encoding);
    const accepted = await acceptOrFail(decoded, requestDigest(signal, encoding, body));
    // Only once durable, and not for a retry of a stored request: listeners see each item once.
    if (accepted?.status === 'stored' && feed?.active) feed.publishRows(decoded.rows);
    counters.countItems(signal, decoded.rows.rowCount, decoded.rejectedItems, decoded.redactedValues);
    return { encoding, body: encodeExportResponse(signal, encoding, partialSuccessOf(decoded)) };
  };
}
