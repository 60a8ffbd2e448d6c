import type { Signal } from '../../../ingest/schema/otel-tables.js';
import { JSON_TYPE, type MalformedRequest } from './malformed-request.js';

function jsonRequest(kind: MalformedRequest['kind'], signal: Signal, description: string, text: string): MalformedRequest {
  return { kind, signal, description, headers: JSON_TYPE, body: Buffer.from(text), expectedStatus: 400 };
}

/** Texts no JSON parser accepts, whatever the schema. */
const BROKEN_JSON = [
  '{',
  '}',
  '[',
  '{"resourceSpans":[}',
  "{'resourceSpans':[]}",
  '{resourceSpans:[]}',
  '{"resourceSpans":[],}',
  '{"resourceSpans":[]} trailing',
  '{"resourceSpans":[]}{}',
  '{"a":NaN}',
  '{"a":01}',
  '{"a":"unterminated}',
  '{"a":"bad escape \\x"}',
  '{"a":"raw\u0001control"}',
  '/* comment */ {}',
  'null garbage',
  '\u0000',
];

/** Prefixes of a valid request (every `step` bytes; never the empty one) and texts that are not JSON at all. */
export function invalidJson(signal: Signal, valid: string, step: number): MalformedRequest[] {
  const cuts: MalformedRequest[] = [];
  for (let length = 1; length < valid.length; length += step) {
    cuts.push(jsonRequest('invalid JSON', signal, `cut to ${length} of ${valid.length} chars`, valid.slice(0, length)));
  }
  const broken = BROKEN_JSON.map((text) => jsonRequest('invalid JSON', signal, `not JSON: ${JSON.stringify(text)}`, text));
  return [...cuts, ...broken];
}

/**
 * Values of a JSON type the field can never hold. Numbers get no string
 * replacement (int64 fields are strings in OTLP JSON), and null is left out
 * (protobuf JSON reads null as the default value, which is valid).
 */
function wrongTypedValues(value: unknown): unknown[] {
  if (Array.isArray(value)) return [{}, 'text', 7];
  if (typeof value === 'object' && value !== null) return [[], 'text', 7];
  if (typeof value === 'string') return /^\d+$/.test(value) ? [{}, [], true, 'not-a-number'] : [{}, [], 7];
  if (typeof value === 'number') return [{}, [], true];
  return [{}, []];
}

/** Copy of `root` with the value at `path` replaced. */
function replaceAt(root: unknown, path: readonly (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const copy = (Array.isArray(root) ? [...root] : { ...(root as object) }) as Record<string | number, unknown>;
  copy[head] = replaceAt(copy[head], rest, replacement);
  return copy;
}

function paths(value: unknown, prefix: readonly (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [];
  const children = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return children.flatMap(([key, child]) => [[...prefix, key], ...paths(child, [...prefix, key])]);
}

/** Every field of a valid request (except the top-level wrapper itself) given a value of the wrong JSON type. */
export function wrongFieldTypes(signal: Signal, valid: Record<string, unknown>): MalformedRequest[] {
  const wholeBody = [[], 'text', 7, true].map((v) =>
    jsonRequest('JSON with wrong field types', signal, `request body ${JSON.stringify(v)}`, JSON.stringify(v)),
  );
  const fields = paths(valid).flatMap((path) =>
    wrongTypedValues(path.reduce<unknown>((v, key) => (v as Record<string | number, unknown>)[key], valid)).map(
      (replacement) =>
        jsonRequest(
          'JSON with wrong field types',
          signal,
          `${path.join('.')} = ${JSON.stringify(replacement)}`,
          JSON.stringify(replaceAt(valid, path, replacement)),
        ),
    ),
  );
  return [...wholeBody, ...fields];
}
