import type { EncodedRows } from '../../ingest/encoded-rows.js';

/**
 * Rows for write-ahead-log tests: a tiny RowBinary writer for the
 * `otel_traces` insert columns (TRACES_INSERT_COLUMNS order), independent of
 * the collector's decoder.
 */
export interface TestSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly name: string;
  readonly serviceName: string;
  readonly timestampNs: bigint;
  readonly attributes: Readonly<Record<string, string>>;
}

/** `count` distinct spans whose ids start with `prefix`. */
export function testSpans(prefix: string, count: number): TestSpan[] {
  return Array.from({ length: count }, (_, i) => ({
    traceId: `${prefix}-trace`,
    spanId: `${prefix}-${i}`,
    name: 'execute_tool Edit',
    serviceName: 'agent-a',
    timestampNs: 1_750_000_000_000_000_000n + BigInt(i),
    attributes: { 'gen_ai.tool.name': 'Edit', 'test.index': String(i) },
  }));
}

export function encodeTraceRows(spans: readonly TestSpan[]): EncodedRows {
  const parts: Buffer[] = [];
  const varint = (n: number) => {
    const bytes: number[] = [];
    for (; n >= 0x80; n >>>= 7) bytes.push((n & 0x7f) | 0x80);
    bytes.push(n);
    parts.push(Buffer.from(bytes));
  };
  const string = (s: string) => {
    const bytes = Buffer.from(s, 'utf8');
    varint(bytes.length);
    parts.push(bytes);
  };
  const uint64 = (n: bigint) => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(n);
    parts.push(b);
  };
  const map = (m: Readonly<Record<string, string>>) => {
    const entries = Object.entries(m);
    varint(entries.length);
    for (const [k, v] of entries) (string(k), string(v));
  };
  for (const span of spans) {
    uint64(span.timestampNs); // Timestamp
    string(span.traceId);
    string(span.spanId);
    string(''); // ParentSpanId
    string(''); // TraceState
    string(span.name);
    string('Internal'); // SpanKind
    string(span.serviceName);
    map({ 'service.name': span.serviceName }); // ResourceAttributes
    string('test'); // ScopeName
    string('1'); // ScopeVersion
    map(span.attributes); // SpanAttributes
    uint64(1000n); // Duration
    string('Ok'); // StatusCode
    string(''); // StatusMessage
    for (let i = 0; i < 7; i++) varint(0); // Events.* and Links.*: empty arrays
  }
  return { signal: 'traces', rowCount: spans.length, data: Buffer.concat(parts) };
}
