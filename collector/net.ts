import { isIP } from 'node:net';

/**
 * True when binding to `host` keeps the server on this machine. Anything
 * else (0.0.0.0, a LAN address, a hostname) exposes it, and then a token is
 * required.
 */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost') return true;
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1';
  return false;
}

/** `http://host:port` with IPv6 hosts bracketed. */
export function httpUrl(host: string, port: number): string {
  const h = isIP(host) === 6 ? `[${host}]` : host;
  return `http://${h}:${port}`;
}
