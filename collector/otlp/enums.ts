/**
 * OTLP enum values: names as the ClickHouse exporter stores them
 * (`traceutil.SpanKindStr` / `StatusCodeStr`, '' for values outside the
 * enum) and as OTLP/JSON may spell them.
 */

export const SPAN_KIND_NAMES: readonly string[] = [
  'SPAN_KIND_UNSPECIFIED',
  'SPAN_KIND_INTERNAL',
  'SPAN_KIND_SERVER',
  'SPAN_KIND_CLIENT',
  'SPAN_KIND_PRODUCER',
  'SPAN_KIND_CONSUMER',
];

export const STATUS_CODE_NAMES: readonly string[] = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'];

const SEVERITY_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];
/** SEVERITY_NUMBER_UNSPECIFIED, SEVERITY_NUMBER_TRACE, …TRACE2..4, DEBUG … FATAL4 (0..24). */
export const SEVERITY_NUMBER_NAMES: readonly string[] = [
  'SEVERITY_NUMBER_UNSPECIFIED',
  ...SEVERITY_LEVELS.flatMap((level) => [1, 2, 3, 4].map((n) => `SEVERITY_NUMBER_${level}${n === 1 ? '' : n}`)),
];

/** RowBinary String of each name, and of '' for any other value, ready to copy into a row. */
export function encodedNames(names: readonly string[]): (value: number) => Uint8Array {
  const encoded = names.map((name) => Uint8Array.from([name.length, ...Buffer.from(name, 'latin1')]));
  const empty = Uint8Array.of(0);
  return (value) => encoded[value] ?? empty;
}
