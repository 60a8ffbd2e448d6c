import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface JsonPostOptions {
  readonly headers?: Readonly<Record<string, string>>;
  /** The whole exchange, connection to last byte; the request is aborted after it. */
  readonly timeoutMs: number;
}

export interface PostResponse {
  readonly status: number;
  readonly text: string;
}

const httpAgent = new HttpAgent({ keepAlive: true });
const httpsAgent = new HttpsAgent({ keepAlive: true });

/**
 * POSTs `body` as JSON over a kept-alive connection and reads the whole
 * answer. For calls a hook waits on: undici's `fetch` took ~0.8 ms more CPU
 * per call than this (bench/shim's replay of Edit calls), time an edit's
 * PreToolUse spent before it could answer.
 */
export function postJson(url: URL, body: unknown, options: JsonPostOptions): Promise<PostResponse> {
  const payload = JSON.stringify(body);
  const secure = url.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const req = (secure ? httpsRequest : httpRequest)(
      url,
      {
        method: 'POST',
        agent: secure ? httpsAgent : httpAgent,
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)), ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)), options.timeoutMs);
    req.on('close', () => clearTimeout(timer));
    req.on('error', reject);
    req.end(payload);
  });
}
