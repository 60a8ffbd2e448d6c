import type { IncomingMessage } from 'node:http';
import { HttpFailure } from './http-failure.js';

/** The client went away before sending its whole body: there is nobody left to answer. */
export class ClientAbortedError extends Error {
  override readonly name = 'ClientAbortedError';
}

function tooLarge(maxBytes: number, what: string): HttpFailure {
  return new HttpFailure(413, `${what} is larger than the limit of ${maxBytes} bytes (maxRequestBodyBytes)`);
}

/**
 * Reads the whole body, refusing (413) a declared `Content-Length` over the
 * limit before reading anything, and a streamed (chunked) body as soon as it
 * passes the limit, so memory stays bounded by `maxBytes`. After a 413,
 * node:http reads the rest of the body and throws it away (nothing is
 * buffered; `requestTimeoutMs` bounds how long) instead of closing the
 * connection under a client still sending, which would often reach the
 * client as a reset rather than as the 413.
 */
export function readRequestBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declaredBytes = Number(req.headers['content-length'] ?? 0);
  if (declaredBytes > maxBytes) {
    return Promise.reject(tooLarge(maxBytes, `request body (Content-Length ${declaredBytes})`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let receivedBytes = 0;
    const settle = (outcome: () => void): void => {
      req.off('data', onData).off('end', onEnd).off('error', onAborted).off('close', onClose);
      outcome();
    };
    const onData = (chunk: Buffer): void => {
      receivedBytes += chunk.length;
      if (receivedBytes > maxBytes) settle(() => reject(tooLarge(maxBytes, 'request body')));
      else chunks.push(chunk);
    };
    const onEnd = (): void => settle(() => resolve(Buffer.concat(chunks, receivedBytes)));
    const onAborted = (): void => settle(() => reject(new ClientAbortedError('client aborted the request body')));
    // 'close' without 'end' is an abort too (the socket went away quietly).
    const onClose = (): void => {
      if (!req.complete) onAborted();
    };
    req.on('data', onData).on('end', onEnd).on('error', onAborted).on('close', onClose);
  });
}
