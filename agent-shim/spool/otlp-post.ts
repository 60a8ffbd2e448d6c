/**
 * What became of one export request: delivered; worth retrying later (the
 * collector is down, slow or overloaded); or refused for good (a 4xx other
 * than 408/429: sending the same bytes again cannot succeed).
 */
export type PostResult = { readonly status: 'success' } | { readonly status: 'retryable' | 'permanent'; readonly reason: string };

export interface CollectorTarget {
  /** `<collector>/v1/traces` */
  readonly tracesUrl: string;
  readonly token: string | undefined;
}

/** How `OTLPTraceExporter` (and the OTLP spec) judge a status: 429, 502, 503 and 504 are retryable. */
export function classifyStatus(status: number): PostResult {
  if (status >= 200 && status < 300) return { status: 'success' };
  const retryable = status === 408 || status === 429 || status >= 500;
  return { status: retryable ? 'retryable' : 'permanent', reason: `HTTP ${status}` };
}

/**
 * Sends one spooled OTLP/JSON body as it is — the very bytes the live
 * exporter sent or would have sent, so the collector's digest recognises a
 * body that did arrive before as a retry and stores it once.
 */
export async function postTraces(target: CollectorTarget, body: Uint8Array, timeoutMs: number): Promise<PostResult> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (target.token !== undefined) headers['authorization'] = `Bearer ${target.token}`;
  try {
    const response = await fetch(target.tracesUrl, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
    return classifyStatus(response.status);
  } catch (error) {
    return { status: 'retryable', reason: error instanceof Error ? error.message : String(error) };
  }
}
