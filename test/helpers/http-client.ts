import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';

export interface HttpResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface HttpRequest {
  readonly method?: string;
  /** Path and query, e.g. `/v1/traces`. */
  readonly path: string;
  /** Sent as given: a header left out is not sent (node:http adds none but Host, Connection and Content-Length). */
  readonly headers?: Readonly<Record<string, string>>;
  /** One buffer → `Content-Length`; several → `Transfer-Encoding: chunked`, one chunk each. */
  readonly body?: Buffer | readonly Buffer[];
}

/**
 * A plain HTTP/1.1 client for tests that need to send what fetch() would
 * refuse or rewrite: no Content-Type, odd encodings, chunked bodies.
 */
export function httpRequest(baseUrl: string, req: HttpRequest, agent?: Agent): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const client = request(new URL(req.path, baseUrl), { method: req.method ?? 'POST', headers: req.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    client.on('error', reject);
    if (req.body === undefined || Buffer.isBuffer(req.body)) {
      client.end(req.body);
      return;
    }
    for (const chunk of req.body as readonly Buffer[]) client.write(chunk);
    client.end();
  });
}

/**
 * Sends a request head declaring `declaredBytes` of body, then only
 * `sentBody`, then drops the connection: a client that dies mid-upload.
 * Resolves once the socket is closed.
 */
export function abortMidBody(
  baseUrl: string,
  path: string,
  headers: Readonly<Record<string, string>>,
  sentBody: Buffer,
  declaredBytes: number,
): Promise<void> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => {
      const head = [`POST ${path} HTTP/1.1`, `Host: ${url.host}`, `Content-Length: ${declaredBytes}`];
      for (const [name, value] of Object.entries(headers)) head.push(`${name}: ${value}`);
      socket.write(`${head.join('\r\n')}\r\n\r\n`);
      socket.write(sentBody, () => socket.destroy());
    });
    socket.on('close', () => resolve());
    socket.on('error', reject);
  });
}
