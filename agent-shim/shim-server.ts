import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../orchestrator/log.js';
import type { ShimRouteHandler, ShimServer } from './agent-adapter.js';

export interface ShimServerOptions {
  /** A handler slower than this is answered `{}` (fail open) and left to finish in the background. */
  readonly hookTimeoutMs: number;
  readonly log: Logger;
  /** Largest request body; Claude Code's PostToolUse carries whole tool outputs. */
  readonly maxBodyBytes?: number;
}

export interface RunningShimServer extends ShimServer {
  /** Stops accepting and drops open connections. Idempotent. */
  close(): Promise<void>;
}

export const DEFAULT_SHIM_MAX_BODY_BYTES = 16 * 1024 * 1024;

/** The fail-open answer: an empty object tells a Claude Code hook "no opinion", so the agent carries on. */
const FAIL_OPEN = '{}';

class BodyTooLargeError extends Error {}

function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        reject(new BodyTooLargeError(`request body over ${maxBytes} bytes`));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: string): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** Runs `handler`, giving up after `timeoutMs`; any failure or a late answer becomes undefined (→ `{}`). */
async function answerWithin(handler: ShimRouteHandler, body: unknown, timeoutMs: number, onError: (error: unknown) => void): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs)));
  const handled = Promise.resolve()
    .then(() => handler(body))
    .catch((error: unknown) => {
      onError(error);
      return undefined;
    });
  try {
    return await Promise.race([handled, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The shim's loopback endpoint: 127.0.0.1 on a port the OS picks, every
 * route under a random secret prefix (`/s/<32 hex>`) so that other local
 * processes cannot post into the session without reading the agent's
 * environment. JSON in, JSON out. It never stands in the agent's way: a
 * handler that throws, hangs past `hookTimeoutMs` or answers nothing is
 * answered `{}`; malformed requests get `{}` with a 4xx; nothing a client
 * sends can crash it.
 */
export async function startShimServer(options: ShimServerOptions): Promise<RunningShimServer> {
  const { log } = options;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_SHIM_MAX_BODY_BYTES;
  const prefix = `/s/${randomBytes(16).toString('hex')}`;
  const routes = new Map<string, ShimRouteHandler>();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const pathname = (req.url ?? '').split('?')[0]!;
    const handler = pathname.startsWith(`${prefix}/`) ? routes.get(pathname.slice(prefix.length)) : undefined;
    if (handler === undefined) return send(res, 404, FAIL_OPEN);
    if (req.method !== 'POST') return send(res, 405, FAIL_OPEN);
    let body: unknown;
    try {
      const raw = await readBody(req, maxBodyBytes);
      body = raw.length === 0 ? {} : JSON.parse(raw.toString('utf8'));
    } catch (error) {
      log.debug(`shim server: ${req.url}: ${String(error)}`);
      return send(res, error instanceof BodyTooLargeError ? 413 : 400, FAIL_OPEN);
    }
    const answer = await answerWithin(handler, body, options.hookTimeoutMs, (error) => log.warn(`shim server: ${req.url}: ${String(error)}`));
    let json = FAIL_OPEN;
    try {
      // undefined, a function or a symbol stringify to undefined.
      json = (JSON.stringify(answer) as string | undefined) ?? FAIL_OPEN;
    } catch (error) {
      log.warn(`shim server: ${req.url}: answer is not JSON: ${String(error)}`);
    }
    send(res, 200, json);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log.warn(`shim server: ${String(error)}`);
      send(res, 500, FAIL_OPEN);
    });
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    route(path, handler) {
      routes.set(path.startsWith('/') ? path : `/${path}`, handler);
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
