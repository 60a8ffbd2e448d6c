import type { Signal } from '../../ingest/schema/otel-tables.js';

/**
 * What became of one export request: delivered; worth retrying later (the
 * collector is down, slow or overloaded); or refused for good (a 4xx other
 * than 408/429: sending the same bytes again cannot succeed).
 */
export type PostResult = { readonly status: 'success' } | { readonly status: 'retryable' | 'permanent'; readonly reason: string };

export interface CollectorTarget {
  /** OTLP/HTTP base URL, e.g. `http://127.0.0.1:4318`. */
  readonly collectorUrl: string;
  readonly token: string | undefined;
}

/** `http://host:4318` or `http://host:4318/` → the OTLP/HTTP endpoint of `signal`, `http://host:4318/v1/<signal>`. */
export function otlpSignalUrl(collectorUrl: string, signal: Signal): string {
  return `${collectorUrl.replace(/\/+$/, '')}/v1/${signal}`;
}

/** The `Authorization` header for `token`, if any. */
export function bearerHeaders(token: string | undefined): Record<string, string> {
  return token === undefined ? {} : { authorization: `Bearer ${token}` };
}

/** How `OTLPTraceExporter` (and the OTLP spec) judge a status: 429, 502, 503 and 504 are retryable. */
export function classifyStatus(status: number): PostResult {
  if (status >= 200 && status < 300) return { status: 'success' };
  const retryable = status === 408 || status === 429 || status >= 500;
  return { status: retryable ? 'retryable' : 'permanent', reason: `HTTP ${status}` };
}

/**
 * Sends one spooled OTLP/JSON body of `signal` as it is — the very bytes the
 * live exporter sent or would have sent, so the collector's digest
 * recognises a body that did arrive before as a retry and stores it once.
 */
export async function postOtlp(target: CollectorTarget, signal: Signal, body: Uint8Array, timeoutMs: number): Promise<PostResult> {
  const headers = { 'content-type': 'application/json', ...bearerHeaders(target.token) };
  try {
    const response = await fetch(otlpSignalUrl(target.collectorUrl, signal), { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
    return classifyStatus(response.status);
  } catch (error) {
    return { status: 'retryable', reason: error instanceof Error ? error.message : String(error) };
  }
}
