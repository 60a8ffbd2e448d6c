/** The CLI's side of the control plane's REST API: one GET, bearer token, bounded wait. */

const REQUEST_TIMEOUT_MS = 30_000;

/** GETs `pathAndQuery` from the control plane at `baseUrl` and returns its JSON; any status but 200 throws with the server's message. */
export async function getControlPlaneJson(baseUrl: string, pathAndQuery: string, token: string | undefined): Promise<unknown> {
  const response = await fetch(new URL(pathAndQuery, baseUrl), {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(`${baseUrl} answered ${response.status}: ${(await response.text()).slice(0, 500)}`);
  return response.json();
}
