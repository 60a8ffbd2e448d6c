/**
 * Hand-built protobuf bytes for decoder tests that need what no encoder
 * writes: fields out of order, wrong wire types, groups, bad lengths.
 */

export function varintBytes(value: bigint | number): Buffer {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  while (v > 0x7fn) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return Buffer.from(out);
}

export const tagBytes = (fieldNo: number, wireType: number): Buffer => varintBytes((fieldNo << 3) | wireType);

/** A length-delimited field holding `parts` concatenated. */
export const lenField = (fieldNo: number, ...parts: (Buffer | string)[]): Buffer => {
  const content = Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));
  return Buffer.concat([tagBytes(fieldNo, 2), varintBytes(content.length), content]);
};

export const varintField = (fieldNo: number, value: bigint | number): Buffer => Buffer.concat([tagBytes(fieldNo, 0), varintBytes(value)]);

export const fixed64Field = (fieldNo: number, value: bigint): Buffer => {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64LE(BigInt.asUintN(64, value));
  return Buffer.concat([tagBytes(fieldNo, 1), bytes]);
};

export const fixed32Field = (fieldNo: number, value: number): Buffer => {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(value >>> 0);
  return Buffer.concat([tagBytes(fieldNo, 5), bytes]);
};

/** A deprecated group: start-group tag, `content`, end-group tag. */
export const groupField = (fieldNo: number, ...content: Buffer[]): Buffer =>
  Buffer.concat([tagBytes(fieldNo, 3), ...content, tagBytes(fieldNo, 4)]);

/** ExportTraceServiceRequest with one resource, one scope and the given span messages' contents. */
export function tracesRequestBytes(...spans: Buffer[]): Buffer {
  return lenField(1, lenField(2, ...spans.map((span) => lenField(2, span))));
}

/** ExportLogsServiceRequest with one resource, one scope and the given log records' contents. */
export function logsRequestBytes(...records: Buffer[]): Buffer {
  return lenField(1, lenField(2, ...records.map((record) => lenField(2, record))));
}

/** A span's id fields (valid, non-zero). */
export const SPAN_IDS = Buffer.concat([lenField(1, Buffer.alloc(16, 0xab)), lenField(2, Buffer.alloc(8, 0xcd))]);
