/**
 * The bits of Go's formatting (`encoding/json`, `strconv`) that pdata's
 * `Value.AsString()` exposes: array/kvlist attribute values are stored as
 * `json.Marshal` of their raw form, doubles as Go's ES6-style float text,
 * ints in decimal. The ClickHouse exporter stores those strings, so we
 * produce them byte for byte.
 */

/**
 * A finite float64 as Go's JSON encoder writes it. That format is ES6
 * `Number.prototype.toString` (shortest round-trip digits, exponent form
 * below 1e-6 and from 1e21, no exponent padding) — except that Go keeps the
 * sign of negative zero.
 */
export function goFloat(value: number): string {
  return value === 0 && 1 / value < 0 ? '-0' : String(value);
}

/**
 * A float64 attribute value as pdata's `AsString` writes it: like `goFloat`,
 * and for NaN/±Inf the text of the error `json.Marshal` would have returned
 * (pdata formats that message instead of failing).
 */
export function float64AsString(value: number): string {
  if (Number.isFinite(value)) return goFloat(value);
  const go = Number.isNaN(value) ? 'NaN' : value > 0 ? '+Inf' : '-Inf';
  return `json: unsupported value: ${go}`;
}

const HAS_HTML_UNSAFE = /[<>&\u2028\u2029]/;
const HTML_UNSAFE = /[<>&\u2028\u2029]/g;
const HTML_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/**
 * A JSON string literal as Go writes it. For well-formed Unicode (the
 * decoder rejects invalid UTF-8) `JSON.stringify` escapes exactly what Go
 * escapes (`"`, `\`, `\b \f \n \r \t`, other controls as lowercase
 * `\u00xx`); Go additionally escapes `<`, `>`, `&`, U+2028 and U+2029.
 */
export function goJsonString(value: string): string {
  const json = JSON.stringify(value);
  return HAS_HTML_UNSAFE.test(json) ? json.replace(HTML_UNSAFE, (c) => HTML_ESCAPES[c]!) : json;
}

/**
 * Orders strings as Go sorts map keys: by UTF-8 bytes, which is code point
 * order. UTF-16 code-unit order differs only for surrogates, which must sort
 * after U+E000..U+FFFF: shift the two ranges before comparing.
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}

/** `strconv.FormatInt`: decimal text of the int64 whose halves are `lo` (unsigned) and `hi` (signed), exact over the whole range. */
export function int64ToDecimal(lo: number, hi: number): string {
  // |value| < 2^53 when hi is within ±2^21: a double holds it exactly.
  if (hi >= -0x200000 && hi < 0x200000) return String(hi * 0x100000000 + lo);
  return ((BigInt(hi) << 32n) | BigInt(lo)).toString();
}
