import type { z } from 'zod';

/** How a process started by the agent finds its shim (set by `agentfleet run`, and in the MCP server's config). */
export const SHIM_URL_ENV = 'AGENTFLEET_SHIM_URL';

/** The shim answers hooks within its own timeout; this is the outer bound for a tool call. */
const SHIM_REQUEST_TIMEOUT_MS = 5_000;

/** POSTs `body` to `<shimUrl><route>` and validates the JSON answer with `schema`. */
export async function postToShim<T>(shimUrl: string, route: string, body: unknown, schema: z.ZodType<T>): Promise<T> {
  const response = await fetch(`${shimUrl}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(SHIM_REQUEST_TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(`the agentfleet shim answered ${response.status} on ${route}`);
  return schema.parse(await response.json());
}
