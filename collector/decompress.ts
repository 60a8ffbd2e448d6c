import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { HttpFailure } from './http-failure.js';

const gunzipAsync = promisify(gunzip);

/** Content codings the receiver understands (OTLP clients send gzip or nothing). */
export type ContentCoding = 'gzip' | 'identity';

const SUPPORTED_CODINGS: readonly ContentCoding[] = ['gzip', 'identity'];

/** The request's `Content-Encoding`; 415 listing the supported ones for anything else (br, zstd, a list …). */
export function parseContentEncoding(header: string | undefined): ContentCoding {
  const coding = (header ?? 'identity').trim().toLowerCase() || 'identity';
  if ((SUPPORTED_CODINGS as readonly string[]).includes(coding)) return coding as ContentCoding;
  throw new HttpFailure(
    415,
    `unsupported Content-Encoding "${header}"; supported: ${SUPPORTED_CODINGS.join(', ')}`,
  );
}

/**
 * Decompresses off the event loop (zlib's thread pool). `maxOutputLength`
 * stops inflating at the limit, so a gzip bomb costs at most
 * `maxDecompressedBytes` of memory and answers 413; a corrupt or truncated
 * stream answers 400. An identity body is checked against the same limit.
 */
export async function decompressBody(
  body: Buffer,
  coding: ContentCoding,
  maxDecompressedBytes: number,
): Promise<Buffer> {
  const tooLarge = (): HttpFailure =>
    new HttpFailure(
      413,
      `decompressed request body is larger than the limit of ${maxDecompressedBytes} bytes (maxDecompressedBodyBytes)`,
    );
  if (coding === 'identity') {
    if (body.length > maxDecompressedBytes) throw tooLarge();
    return body;
  }
  try {
    return await gunzipAsync(body, { maxOutputLength: maxDecompressedBytes });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge();
    throw new HttpFailure(400, `request body is not valid gzip: ${(error as Error).message}`);
  }
}
