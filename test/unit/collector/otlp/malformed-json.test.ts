import { describe, expect, it } from 'vitest';
import { logsRequestToJson, tracesRequestToJson } from '../../../../bench/otlp-fixtures.js';
import { decodeLogsRequest, decodeTracesRequest, MAX_ANY_VALUE_DEPTH, OtlpDecodeError } from '../../../../collector/otlp/index.js';
import type { Signal } from '../../../../ingest/schema/otel-tables.js';
import { randomLogsRequest, randomTracesRequest } from '../../../helpers/random-otlp.js';

const decode = (signal: Signal, body: Buffer) => (signal === 'traces' ? decodeTracesRequest(body, 'json') : decodeLogsRequest(body, 'json'));

function decodeError(signal: Signal, body: Buffer): OtlpDecodeError | undefined {
  try {
    decode(signal, body);
    return undefined;
  } catch (error) {
    if (!(error instanceof OtlpDecodeError)) throw new Error(`not an OtlpDecodeError: ${String(error)}`, { cause: error });
    return error;
  }
}

const SAMPLES: Record<Signal, Buffer> = { traces: tracesRequestToJson(randomTracesRequest(3)), logs: logsRequestToJson(randomLogsRequest(3)) };
const SIGNALS: Signal[] = ['traces', 'logs'];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path to a value inside `value`. */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [];
  const children: [string | number, Json][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  return children.flatMap(([key, child]) => [[...prefix, key], ...paths(child, [...prefix, key])]);
}

function replaced(root: Json, path: (string | number)[], replacement: Json): Json {
  if (path.length === 0) return replacement;
  const copy = (Array.isArray(root) ? [...root] : { ...(root as object) }) as Record<string | number, Json>;
  copy[path[0]!] = replaced(copy[path[0]!]!, path.slice(1), replacement);
  return copy as Json;
}

/** JSON values the field at hand can never hold (null is absent, numeric strings may be numbers). */
function wrongValues(value: Json): Json[] {
  if (Array.isArray(value)) return [{}, 'text', 7];
  if (typeof value === 'object' && value !== null) return [[], 'text', 7];
  if (typeof value === 'string') return [{}, [], true];
  return [{}, [], 'text'];
}

describe('malformed OTLP/JSON requests', () => {
  it('fail with OtlpDecodeError when cut short anywhere', () => {
    for (const signal of SIGNALS) {
      const valid = SAMPLES[signal];
      for (let cut = 0; cut < valid.length; cut++) expect(decodeError(signal, valid.subarray(0, cut)), `${signal} cut at ${cut}`).toBeDefined();
      expect(decodeError(signal, valid)).toBeUndefined();
    }
  });

  it('fail with OtlpDecodeError naming the path when any field has the wrong JSON type', () => {
    for (const signal of SIGNALS) {
      const valid = JSON.parse(SAMPLES[signal].toString()) as Json;
      const all = paths(valid);
      expect(all.length).toBeGreaterThan(100);
      for (const path of all) {
        const current = path.reduce<Json>((v, key) => (v as Record<string | number, Json>)[key]!, valid);
        for (const wrong of wrongValues(current)) {
          const body = Buffer.from(JSON.stringify(replaced(valid, path, wrong)));
          const error = decodeError(signal, body);
          const where = path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${key}`)).join('').slice(1);
          expect(error?.message, `${where} = ${JSON.stringify(wrong)}`).toMatch(/^\S+: expected/);
          expect(error!.message.startsWith(where.replace(/\.\[/g, '['))).toBe(true);
        }
      }
    }
  });

  it(`fail with OtlpDecodeError on values nested deeper than ${MAX_ANY_VALUE_DEPTH}, even far deeper`, () => {
    const nested = (depth: number) => '{"arrayValue":{"values":['.repeat(depth - 1) + '{"intValue":"1"}' + ']}}'.repeat(depth - 1);
    const request = (depth: number) =>
      Buffer.from(`{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"${'1'.repeat(32)}","spanId":"${'2'.repeat(16)}","attributes":[{"key":"k","value":${nested(depth)}}]}]}]}]}`);
    expect(decodeError('traces', request(MAX_ANY_VALUE_DEPTH))).toBeUndefined();
    expect(decodeError('traces', request(MAX_ANY_VALUE_DEPTH + 1))?.message).toMatch(
      /^resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.attributes\[0\]\.value(\.arrayValue\.values\[0\])+: values nested deeper than 64$/,
    );
    expect(decodeError('traces', request(200_000))).toBeInstanceOf(OtlpDecodeError);
  });
});
