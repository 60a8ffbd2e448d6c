import { describe, expect, test } from 'vitest';
import { GrpcCode } from '../../../collector/http-failure.js';
import { encodeExportResponse, encodeStatus } from '../../../collector/otlp-responses.js';
import type { HttpResponse } from '../../helpers/http-client.js';
import { parseExportResponse, parseStatus } from '../../helpers/otlp-responses.js';

/** Wraps a body as the helpers' decoders expect a response. */
function asResponse(body: Buffer, contentType: string): HttpResponse {
  return { status: 200, headers: { 'content-type': contentType }, body };
}

describe('hand-encoded OTLP responses', () => {
  test('full success is an empty protobuf message and {} in JSON', () => {
    expect(encodeExportResponse('traces', 'protobuf', undefined)).toEqual(Buffer.alloc(0));
    expect(encodeExportResponse('logs', 'json', undefined).toString()).toBe('{}');
  });

  test.each([1, 127, 128, 300, 2 ** 31, 2 ** 40])('partial success with %i rejected items decodes with the official protos', (rejected) => {
    const message = 'spans rejected: trace_id is missing';
    const traces = encodeExportResponse('traces', 'protobuf', { rejectedItems: rejected, errorMessage: message });
    expect(parseExportResponse('traces', asResponse(traces, 'application/x-protobuf'))).toEqual({
      partialSuccess: { rejectedSpans: String(rejected), errorMessage: message },
    });
    const logs = encodeExportResponse('logs', 'protobuf', { rejectedItems: rejected, errorMessage: message });
    expect(parseExportResponse('logs', asResponse(logs, 'application/x-protobuf'))).toEqual({
      partialSuccess: { rejectedLogRecords: String(rejected), errorMessage: message },
    });
  });

  test('partial success in JSON uses lowerCamelCase and int64 as a string', () => {
    const body = encodeExportResponse('logs', 'json', { rejectedItems: 2, errorMessage: 'bad' });
    expect(JSON.parse(body.toString())).toEqual({ partialSuccess: { rejectedLogRecords: '2', errorMessage: 'bad' } });
  });

  test('google.rpc.Status decodes in both encodings, non-ASCII included', () => {
    const message = 'cannot decode request: spans[0].name: invalid UTF-8 — “here”';
    const protobuf = encodeStatus('protobuf', GrpcCode.INVALID_ARGUMENT, message);
    expect(parseStatus(asResponse(protobuf, 'application/x-protobuf'))).toEqual({ code: 3, message });
    const json = encodeStatus('json', GrpcCode.UNAVAILABLE, message);
    expect(parseStatus(asResponse(json, 'application/json'))).toEqual({ code: 14, message });
  });

  test('a very long message is clipped so the response stays small', () => {
    const body = encodeStatus('json', GrpcCode.INVALID_ARGUMENT, 'x'.repeat(1_000_000));
    expect(body.length).toBeLessThan(5_000);
    expect(parseStatus(asResponse(body, 'application/json')).message).toMatch(/…$/);
  });
});
