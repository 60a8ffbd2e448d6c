import type { OtlpEncoding } from './otlp/decode.js';
import { HttpFailure } from './http-failure.js';

/** The media type OTLP/HTTP uses for each encoding, in requests and responses alike. */
export const CONTENT_TYPE: Readonly<Record<OtlpEncoding, string>> = {
  protobuf: 'application/x-protobuf',
  json: 'application/json',
};

/**
 * The OTLP encoding a `Content-Type` header names, or undefined. Media types
 * are case-insensitive and may carry parameters (`application/json;
 * charset=utf-8`), which do not change the encoding.
 */
export function otlpEncodingOf(contentType: string | undefined): OtlpEncoding | undefined {
  const mediaType = contentType?.split(';', 1)[0]?.trim().toLowerCase();
  if (mediaType === CONTENT_TYPE.protobuf) return 'protobuf';
  if (mediaType === CONTENT_TYPE.json) return 'json';
  return undefined;
}

/** The request's OTLP encoding; 415 when the header is missing or names another type. */
export function requireOtlpEncoding(contentType: string | undefined): OtlpEncoding {
  const encoding = otlpEncodingOf(contentType);
  if (encoding !== undefined) return encoding;
  const got = contentType === undefined ? 'no Content-Type header' : `Content-Type "${contentType}"`;
  throw new HttpFailure(415, `unsupported media type: ${got}; send ${CONTENT_TYPE.protobuf} or ${CONTENT_TYPE.json}`);
}
