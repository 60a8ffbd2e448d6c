/** Where a ClickHouse server is and who we are there, from a `--storage` URL. */
export interface ClickHouseEndpoint {
  /** `http(s)://host:port`, without credentials or path: what the client connects to. */
  readonly url: string;
  readonly username: string | undefined;
  readonly password: string | undefined;
  /** The URL's path (`/otel` → `otel`); undefined when it has none. */
  readonly database: string | undefined;
}

/** ClickHouse's HTTP port, assumed for `clickhouse://host` without one. */
export const CLICKHOUSE_HTTP_PORT = 8123;

/**
 * Reads `clickhouse://user:pass@host:8123/db` (HTTP, port 8123 unless given)
 * or `http(s)://user:pass@host:port/db`. Query parameters are refused rather
 * than ignored, so a setting the user wrote never silently does nothing.
 */
export function parseClickHouseUrl(text: string): ClickHouseEndpoint {
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new Error(`not a ClickHouse URL: expected clickhouse://[user[:password]@]host[:port][/database]`);
  }
  if (parsed.protocol !== 'clickhouse:' && parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Error(`unsupported ClickHouse URL scheme ${parsed.protocol}: use clickhouse://, http:// or https://`);
  }
  if (parsed.search !== '' || parsed.hash !== '') {
    throw new Error(`ClickHouse URL ${redactPassword(parsed)} has query parameters or a fragment, which agentfleet does not use`);
  }
  const protocol = parsed.protocol === 'clickhouse:' ? 'http:' : parsed.protocol;
  const port = parsed.port === '' && parsed.protocol === 'clickhouse:' ? String(CLICKHOUSE_HTTP_PORT) : parsed.port;
  const database = decodeURIComponent(parsed.pathname.replace(/^\/+|\/+$/g, ''));
  return {
    url: `${protocol}//${parsed.hostname}${port === '' ? '' : `:${port}`}`,
    username: parsed.username === '' ? undefined : decodeURIComponent(parsed.username),
    password: parsed.password === '' ? undefined : decodeURIComponent(parsed.password),
    database: database === '' ? undefined : database,
  };
}

/** The URL as it may appear in messages. */
function redactPassword(url: URL): string {
  const copy = new URL(url.href);
  if (copy.password !== '') copy.password = '***';
  return copy.href;
}
