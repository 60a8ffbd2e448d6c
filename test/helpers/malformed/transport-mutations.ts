import { gunzipSync, gzipSync } from 'node:zlib';
import type { Signal } from '../../../ingest/schema/otel-tables.js';
import { JSON_TYPE, PROTOBUF, type MalformedRequest } from './malformed-request.js';

const MiB = 1024 * 1024;

/** Limits of the receiver under test: bombs and oversized bodies are sized from them. */
export interface BodyLimits {
  readonly maxRequestBodyBytes: number;
  readonly maxDecompressedBodyBytes: number;
}

/**
 * Small gzip bodies that inflate past the limit: zeros (protobuf), a JSON
 * request padded with whitespace (valid JSON but for its size), exactly one
 * byte over, and many concatenated gzip members (each small, the sum too big).
 */
export function gzipBombs(signal: Signal, limits: BodyLimits): MalformedRequest[] {
  const over = limits.maxDecompressedBodyBytes + 1;
  const gzipHeaders = { 'Content-Encoding': 'gzip' };
  const bomb = (description: string, headers: Record<string, string>, body: Buffer): MalformedRequest => ({
    kind: 'gzip bomb',
    signal,
    description: `${description}: ${body.length} bytes inflating past ${limits.maxDecompressedBodyBytes}`,
    headers: { ...headers, ...gzipHeaders },
    body,
    expectedStatus: 413,
  });
  const wrapper = signal === 'traces' ? 'resourceSpans' : 'resourceLogs';
  const paddedJson = Buffer.alloc(over + MiB, ' ');
  paddedJson.write(`{"${wrapper}":[]`);
  paddedJson.write('}', paddedJson.length - 1);
  const memberCount = Math.ceil(over / MiB) + 1;
  const member = gzipSync(Buffer.alloc(MiB), { level: 9 });
  return [
    bomb('zeros', PROTOBUF, gzipSync(Buffer.alloc(over + MiB), { level: 9 })),
    bomb('one byte over', PROTOBUF, gzipSync(Buffer.alloc(over), { level: 9 })),
    bomb('whitespace-padded JSON', JSON_TYPE, gzipSync(paddedJson, { level: 9 })),
    bomb(`${memberCount} gzip members`, PROTOBUF, Buffer.concat(Array(memberCount).fill(member))),
  ];
}

/**
 * A valid request's gzip stream cut short, with single bytes flipped past
 * the 10-byte header, with a bad magic number, or not gzip at all. Each one
 * is kept only if zlib itself refuses it.
 */
export function corruptGzip(signal: Signal, validProtobuf: Buffer, cutCount: number, flipCount: number): MalformedRequest[] {
  const gz = gzipSync(validProtobuf);
  const cutStep = Math.max(1, Math.floor(gz.length / cutCount));
  const flipStep = Math.max(1, Math.floor((gz.length - 10) / flipCount));
  const candidates: Array<[string, Buffer]> = [];
  for (let length = 0; length < gz.length; length += cutStep) candidates.push([`gzip cut to ${length} bytes`, gz.subarray(0, length)]);
  for (let at = 10; at < gz.length; at += flipStep) {
    const flipped = Buffer.from(gz);
    flipped[at] = flipped[at]! ^ 0xff;
    candidates.push([`gzip byte ${at} flipped`, flipped]);
  }
  candidates.push(['bad gzip magic', Buffer.concat([Buffer.from([0x1f, 0x8c]), gz.subarray(2)])]);
  candidates.push(['plain protobuf labelled gzip', validProtobuf]);
  return candidates
    .filter(([, body]) => {
      try {
        gunzipSync(body);
        return false;
      } catch {
        return true;
      }
    })
    .map(([description, body]) => ({
      kind: 'corrupt gzip',
      signal,
      description,
      headers: { ...PROTOBUF, 'Content-Encoding': 'gzip' },
      body,
      expectedStatus: 400,
    }));
}

/** Content-Type values that are not OTLP's two (a valid protobuf body, so only the header is wrong). */
const WRONG_CONTENT_TYPES = [
  undefined,
  '',
  'text/plain',
  'application/xml',
  'application/protobuf',
  'application/grpc',
  'application/x-protobuf-foo',
  'application/jsonl',
  'multipart/form-data; boundary=x',
  '*/*',
  'json',
];

export function wrongContentTypes(signal: Signal, validProtobuf: Buffer): MalformedRequest[] {
  return WRONG_CONTENT_TYPES.map((contentType): MalformedRequest => ({
    kind: 'missing or wrong content type',
    signal,
    description: contentType === undefined ? 'no Content-Type' : `Content-Type ${JSON.stringify(contentType)}`,
    headers: contentType === undefined ? {} : { 'Content-Type': contentType },
    body: validProtobuf,
    expectedStatus: 415,
  }));
}

const UNSUPPORTED_ENCODINGS = ['br', 'deflate', 'zstd', 'compress', 'snappy', 'lz4', 'gzip, br', 'x-gzip', 'identity, gzip'];

/** Content codings other than gzip and identity (the body is gzip, which does not help). */
export function unsupportedEncodings(signal: Signal, validProtobuf: Buffer): MalformedRequest[] {
  const body = gzipSync(validProtobuf);
  return UNSUPPORTED_ENCODINGS.map((coding) => ({
    kind: 'unsupported content encoding',
    signal,
    description: `Content-Encoding ${JSON.stringify(coding)}`,
    headers: { ...PROTOBUF, 'Content-Encoding': coding },
    body,
    expectedStatus: 415,
  }));
}

/**
 * Bodies one byte over the request limit: declared by Content-Length (refused
 * before reading), streamed chunked with no length (refused while reading),
 * and a gzip body too big before it is even inflated.
 */
export function oversizedBodies(signal: Signal, limits: BodyLimits): MalformedRequest[] {
  const over = Buffer.alloc(limits.maxRequestBodyBytes + 1);
  const chunks = Array.from({ length: Math.ceil(over.length / MiB) }, (_, i) => over.subarray(i * MiB, (i + 1) * MiB));
  const oversized = (description: string, headers: Record<string, string>, body: Buffer | Buffer[]): MalformedRequest => ({
    kind: 'oversized body',
    signal,
    description,
    headers,
    body,
    expectedStatus: 413,
  });
  return [
    oversized('Content-Length one byte over', PROTOBUF, over),
    oversized('chunked, one byte over', JSON_TYPE, chunks),
    oversized('gzip body one byte over before inflating', { ...PROTOBUF, 'Content-Encoding': 'gzip' }, over),
  ];
}
