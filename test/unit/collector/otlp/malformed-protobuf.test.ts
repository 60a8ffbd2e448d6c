import { describe, expect, it } from 'vitest';
import { agentLogsRequest, agentTraceRequest, seededRandom } from '../../../../bench/otlp-fixtures.js';
import { ExportLogsServiceRequest, ExportTraceServiceRequest } from '../../../../bench/otlp-protobufjs.js';
import { referenceLogRows, referenceTraceRows } from '../../../../bench/otlp-reference.js';
import { decodeLogsRequest, decodeTracesRequest, MAX_ANY_VALUE_DEPTH, OtlpDecodeError } from '../../../../collector/otlp/index.js';
import type { DecodedRequest } from '../../../../collector/otlp/index.js';
import { LOGS_INSERT_COLUMNS, TRACES_INSERT_COLUMNS, type Signal } from '../../../../ingest/schema/otel-tables.js';
import { locateFields } from '../../../helpers/protobuf-fields.js';
import {
  groupField,
  lenField,
  logsRequestBytes,
  SPAN_IDS,
  tagBytes,
  tracesRequestBytes,
  varintBytes,
  varintField,
} from '../../../helpers/proto-bytes.js';
import { randomLogsRequest, randomTracesRequest } from '../../../helpers/random-otlp.js';
import { readRows } from '../../../helpers/rowbinary-reader.js';

const decode = (signal: Signal, body: Buffer): DecodedRequest =>
  signal === 'traces' ? decodeTracesRequest(body, 'protobuf') : decodeLogsRequest(body, 'protobuf');

/** Decodes `body`; returns the error, which must be an OtlpDecodeError, or undefined on success. */
function decodeError(signal: Signal, body: Buffer): OtlpDecodeError | undefined {
  try {
    decode(signal, body);
    return undefined;
  } catch (error) {
    if (!(error instanceof OtlpDecodeError)) throw new Error(`not an OtlpDecodeError: ${String(error)}`, { cause: error });
    return error;
  }
}

/** Rows protobufjs + the reference mapping make of `body`, or undefined when protobufjs cannot decode it. */
function referenceRows(signal: Signal, body: Buffer): unknown[] | undefined {
  try {
    return signal === 'traces' ? referenceTraceRows(ExportTraceServiceRequest.decode(body)).rows : referenceLogRows(ExportLogsServiceRequest.decode(body));
  } catch {
    return undefined;
  }
}

/** The first `count` random requests of at least 500 bytes. */
function largeRandomRequests(signal: Signal, count: number): Buffer[] {
  const out: Buffer[] = [];
  for (let seed = 1; out.length < count; seed++) {
    const body =
      signal === 'traces'
        ? Buffer.from(ExportTraceServiceRequest.encode(randomTracesRequest(seed)).finish())
        : Buffer.from(ExportLogsServiceRequest.encode(randomLogsRequest(seed)).finish());
    if (body.length >= 500) out.push(body);
  }
  return out;
}

const SAMPLES: Record<Signal, Buffer[]> = {
  traces: [agentTraceRequest({ spans: 6, seed: 5 }), ...largeRandomRequests('traces', 3)],
  logs: [agentLogsRequest({ spans: 6, seed: 5 }), ...largeRandomRequests('logs', 3)],
};
const SIGNALS: Signal[] = ['traces', 'logs'];

/** A traces request whose single span has one attribute with `value` (AnyValue content). */
const attributeRequest = (value: Buffer): Buffer => tracesRequestBytes(Buffer.concat([SPAN_IDS, lenField(9, lenField(1, 'k'), lenField(2, value))]));

/** AnyValue content nested `depth` arrays deep around an int, built in linear time. */
function nestedArrays(depth: number): Buffer {
  const sizes: number[] = [2]; // innermost: int_value 1 → tag + 1 byte
  for (let level = 1; level < depth; level++) {
    const inner = sizes[level - 1]!;
    const values = 1 + varintBytes(inner).length + inner;
    sizes.push(1 + varintBytes(values).length + values);
  }
  const chunks: Buffer[] = [];
  for (let level = depth - 1; level >= 1; level--) {
    const inner = sizes[level - 1]!;
    const values = 1 + varintBytes(inner).length + inner;
    chunks.push(tagBytes(5, 2), varintBytes(values), tagBytes(1, 2), varintBytes(inner));
  }
  chunks.push(varintField(3, 1));
  return Buffer.concat(chunks);
}

describe('malformed protobuf requests', () => {
  it('fail with OtlpDecodeError when truncated at any byte, or decode as protobufjs does where the cut leaves a valid request', () => {
    for (const signal of SIGNALS) {
      for (const valid of SAMPLES[signal]) {
        let failures = 0;
        for (let cut = 0; cut < valid.length; cut++) {
          const body = valid.subarray(0, cut);
          const error = decodeError(signal, body);
          if (error !== undefined) {
            failures++;
            continue;
          }
          const columns = signal === 'traces' ? TRACES_INSERT_COLUMNS : LOGS_INSERT_COLUMNS;
          expect(readRows(decode(signal, body).rows.data, columns), `${signal} cut at ${cut}`).toEqual(referenceRows(signal, body));
        }
        expect(failures).toBeGreaterThan(valid.length * 0.9);
      }
    }
  });

  it('fail with OtlpDecodeError when a field has the wrong wire type', () => {
    for (const signal of SIGNALS) {
      const valid = SAMPLES[signal][0]!;
      const fields = locateFields(signal, valid);
      expect(fields.length).toBeGreaterThan(50);
      for (const field of fields) {
        for (let wireType = 0; wireType < 8; wireType++) {
          if (wireType === field.wireType) continue;
          const body = Buffer.from(valid);
          body[field.tagOffset] = (body[field.tagOffset]! & ~7) | wireType;
          expect(decodeError(signal, body), `${signal} field ${field.fieldNumber} at ${field.tagOffset} as wire type ${wireType}`).toBeDefined();
        }
      }
    }
  });

  it('fail with OtlpDecodeError on length prefixes past the end, however large', () => {
    const lengths = [2n ** 28n, 2n ** 31n - 1n, 2n ** 32n + 1n, 2n ** 53n + 1n, 2n ** 64n - 1n];
    for (const signal of SIGNALS) {
      const valid = SAMPLES[signal][0]!;
      const fields = locateFields(signal, valid).filter((f) => f.lengthOffset !== undefined);
      for (const [index, field] of fields.entries()) {
        const failure = (length: Buffer) => {
          const error = decodeError(signal, Buffer.concat([valid.subarray(0, field.lengthOffset), length, valid.subarray(field.valueOffset)]));
          expect(error).toBeInstanceOf(OtlpDecodeError);
          return error!.message;
        };
        // A longer prefix also shifts the bytes after it, so a parent may trip over them first: only the outermost field's message is certain.
        for (const length of lengths) {
          const message = failure(varintBytes(length));
          if (index === 0) expect(message).toMatch(/exceeds the \d+ bytes left/);
        }
        const message = failure(Buffer.from([...Array(10).fill(0xff), 1]));
        if (index === 0) expect(message).toMatch(/varint overflows 64 bits/);
      }
    }
  });

  it('fail with OtlpDecodeError naming the field when a string is not UTF-8', () => {
    const bad = Buffer.from([0x61, 0xc3, 0x28]);
    const cases: [Signal, Buffer, string][] = [
      ['traces', tracesRequestBytes(Buffer.concat([SPAN_IDS, lenField(5, bad)])), 'resource_spans[0].scope_spans[0].spans[0].name'],
      ['traces', tracesRequestBytes(Buffer.concat([SPAN_IDS, lenField(3, bad)])), 'spans[0].trace_state'],
      ['traces', tracesRequestBytes(Buffer.concat([SPAN_IDS, lenField(15, lenField(2, bad))])), 'spans[0].status.message'],
      ['traces', tracesRequestBytes(Buffer.concat([SPAN_IDS, lenField(11, lenField(2, bad))])), 'spans[0].events[0].name'],
      ['traces', tracesRequestBytes(Buffer.concat([SPAN_IDS, lenField(13, lenField(3, bad))])), 'spans[0].links[0].trace_state'],
      ['traces', tracesRequestBytes(Buffer.concat([SPAN_IDS, lenField(9, lenField(1, bad))])), 'spans[0].attributes[0].key'],
      ['traces', attributeRequest(lenField(1, bad)), 'spans[0].attributes[0].value.string_value'],
      ['traces', attributeRequest(lenField(6, lenField(1, lenField(1, bad)))), 'attributes[0].value.kvlist_value.values[0].key'],
      ['traces', attributeRequest(lenField(5, lenField(1, lenField(1, bad)))), 'attributes[0].value.array_value.values[0].string_value'],
      ['traces', lenField(1, lenField(1, lenField(1, lenField(1, bad)))), 'resource_spans[0].resource.attributes[0].key'],
      ['traces', lenField(1, lenField(2, lenField(1, lenField(2, bad)))), 'resource_spans[0].scope_spans[0].scope.version'],
      ['traces', lenField(1, lenField(3, bad)), 'resource_spans[0].schema_url'],
      ['logs', logsRequestBytes(lenField(3, bad)), 'resource_logs[0].scope_logs[0].log_records[0].severity_text'],
      ['logs', logsRequestBytes(lenField(12, bad)), 'log_records[0].event_name'],
      ['logs', logsRequestBytes(lenField(5, lenField(1, bad))), 'log_records[0].body.string_value'],
      ['logs', lenField(1, lenField(2, lenField(3, bad))), 'resource_logs[0].scope_logs[0].schema_url'],
    ];
    for (const [signal, body, where] of cases) {
      expect(decodeError(signal, body)?.message, where).toMatch(new RegExp(`${where.replace(/[[\].]/g, '\\$&')}: invalid UTF-8$`));
    }
  });

  it('fail with OtlpDecodeError on invalid tags, wire types and unbalanced groups', () => {
    const span = (...extra: Buffer[]) => tracesRequestBytes(Buffer.concat([SPAN_IDS, ...extra]));
    expect(decodeError('traces', span(Buffer.from([0x00])))?.message).toMatch(/spans\[0\]: invalid field number 0/);
    expect(decodeError('traces', span(tagBytes(50, 6), Buffer.from([1])))?.message).toMatch(/invalid wire type 6/);
    expect(decodeError('traces', span(tagBytes(50, 4)))?.message).toMatch(/end-group without a matching start-group/);
    expect(decodeError('traces', span(tagBytes(50, 3), varintField(1, 1)))?.message).toMatch(/truncated group/);
    expect(decodeError('logs', Buffer.concat([tagBytes(1, 3), tagBytes(1, 4)]))?.message).toBe('resource_logs: wrong wire type 3 (expected 2)');
    // An unknown group is skipped, a valid request around it decodes.
    expect(decode('traces', span(groupField(50, groupField(51, varintField(1, 1))))).rows.rowCount).toBe(1);
  });

  it(`fail with OtlpDecodeError, not a stack overflow, on values nested far deeper than ${MAX_ANY_VALUE_DEPTH}`, () => {
    expect(decodeError('traces', attributeRequest(nestedArrays(MAX_ANY_VALUE_DEPTH)))).toBeUndefined();
    expect(decodeError('traces', attributeRequest(nestedArrays(MAX_ANY_VALUE_DEPTH + 1)))?.message).toMatch(/values nested deeper than 64$/);
    expect(decodeError('traces', attributeRequest(nestedArrays(100_000)))?.message).toMatch(/values nested deeper than 64$/);
    expect(decodeError('logs', logsRequestBytes(lenField(5, nestedArrays(100_000))))?.message).toMatch(/^resource_logs\[0\]\.scope_logs\[0\]\.log_records\[0\]\.body\.array_value/);
  });

  it('fail only with OtlpDecodeError on random bytes and on random damage to valid requests', () => {
    const random = seededRandom(42);
    for (const signal of SIGNALS) {
      for (let i = 0; i < 1000; i++) {
        decodeError(signal, Buffer.from(Array.from({ length: Math.floor(random() * 300) }, () => Math.floor(random() * 256))));
      }
      for (const valid of SAMPLES[signal]) {
        for (let i = 0; i < 300; i++) {
          const body = Buffer.from(valid);
          for (let k = 0; k < 3; k++) body[Math.floor(random() * body.length)] = Math.floor(random() * 256);
          decodeError(signal, body);
        }
      }
    }
  });
});
