import type { z } from 'zod';
import { describeIssues } from './api/mount-routes.js';

/** The CLI's side of the control plane's REST API: one GET, bearer token, bounded wait; answers checked by their schemas. */

const REQUEST_TIMEOUT_MS = 30_000;

/** Why a request got no answer at all: undici's "fetch failed" hides the reason in its cause. */
function unreachable(baseUrl: string, error: unknown): Error {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
  const why = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${REQUEST_TIMEOUT_MS / 1000} s` : cause;
  return new Error(`no agentfleet server answers at ${baseUrl} (${why}): is agentfleet up running there? (--server, or --data-dir of the running one)`);
}

/** GETs `pathAndQuery` from the control plane at `baseUrl` and returns its JSON; no answer, or any status but 200, throws saying which. */
export async function getControlPlaneJson(baseUrl: string, pathAndQuery: string, token: string | undefined): Promise<unknown> {
  const response = await fetch(new URL(pathAndQuery, baseUrl), {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  }).catch((error: unknown) => {
    throw unreachable(baseUrl, error);
  });
  if (!response.ok) throw new Error(`${baseUrl} answered ${response.status}: ${(await response.text()).slice(0, 500)}`);
  return response.json();
}

/**
 * `document` (a server's answer, or the same document computed offline)
 * parsed by its schema: checked, with its keys in the schema's order
 * whatever produced it; what does not fit is named in the error.
 */
export function checkedDocument<S extends z.ZodType>(schema: S, document: unknown, what: string, from: string): z.output<S> {
  const parsed = schema.safeParse(document);
  if (!parsed.success) throw new Error(`${from} answered ${what} this agentfleet does not understand: ${describeIssues(parsed.error)}`);
  return parsed.data;
}
