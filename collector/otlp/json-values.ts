/**
 * Scalar values of OTLP/JSON (the proto3 JSON mapping): 64-bit integers as
 * decimal strings or numbers, doubles as numbers or "NaN"/"Infinity"/
 * "-Infinity", bytes as base64, trace/span ids as hex. Each parser returns
 * the value or throws a `JsonValueError` whose message the transcoder puts
 * after the field's path.
 */

export class JsonValueError extends Error {}

const DECIMAL = /^-?\d+$/;
const HEX = /^[0-9a-fA-F]*$/;
/** Standard or URL-safe base64, padded or not (both are valid proto3 JSON). */
const BASE64 = /^[A-Za-z0-9+/\-_]*={0,2}$/;
const TWO_64 = 2n ** 64n;
const TWO_63 = 2n ** 63n;

/**
 * Parses an int64 (`signed`) or uint64/fixed64: a number when it is a safe
 * integer, else a bigint (in range). Numbers beyond 2^53 have already lost
 * precision in `JSON.parse`; senders should use strings, as the spec says.
 */
export function parseInt64(value: unknown, signed: boolean): number | bigint {
  let result: number | bigint;
  if (typeof value === 'number' && Number.isSafeInteger(value)) {
    result = value;
  } else {
    const text = typeof value === 'string' ? value : typeof value === 'number' && Number.isInteger(value) ? BigInt(value).toString() : '';
    if (!DECIMAL.test(text)) throw new JsonValueError(`expected an integer (number or decimal string), got ${describe(value)}`);
    result = text.length <= 15 ? Number(text) : BigInt(text);
  }
  if (signed ? result < -TWO_63 || result >= TWO_63 : result < 0 || result >= TWO_64) {
    throw new JsonValueError(`${describe(value)} is out of range for ${signed ? 'int64' : 'uint64'}`);
  }
  return result;
}

/** uint32/fixed32 (`min` 0) or an int32 enum number (`min` -2^31), as a number or decimal string. */
export function parseInt32(value: unknown, min: number, max: number): number {
  const n = typeof value === 'string' && DECIMAL.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw new JsonValueError(`expected an integer, got ${describe(value)}`);
  if (n < min || n > max) throw new JsonValueError(`${n} is out of range [${min}, ${max}]`);
  return n;
}

export function parseDouble(value: unknown): number {
  if (typeof value === 'number') return value;
  if (value === 'NaN') return NaN;
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    if (!Number.isNaN(n)) return n;
  }
  throw new JsonValueError(`expected a number, got ${describe(value)}`);
}

export function parseBase64(value: unknown): Buffer {
  if (typeof value !== 'string') throw new JsonValueError(`expected a base64 string, got ${describe(value)}`);
  const unpadded = value.length - (value.endsWith('==') ? 2 : value.endsWith('=') ? 1 : 0);
  if (!BASE64.test(value) || unpadded % 4 === 1) throw new JsonValueError('invalid base64');
  return Buffer.from(value, 'base64');
}

/** A trace or span id: hex of exactly `bytes` bytes, or '' for none; returns the (checked) hex. */
export function parseHexId(value: unknown, bytes: number): string {
  if (typeof value !== 'string') throw new JsonValueError(`expected a hex string, got ${describe(value)}`);
  if (!HEX.test(value)) {
    throw new JsonValueError(`expected ${2 * bytes} hex digits (OTLP/JSON ids are hex, not base64), got ${describe(value)}`);
  }
  if (value.length !== 0 && value.length !== 2 * bytes) {
    throw new JsonValueError(`expected ${2 * bytes} hex digits, got ${value.length}`);
  }
  return value;
}

/** A short description of a JSON value for messages. */
export function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
