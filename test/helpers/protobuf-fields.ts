import type { Signal } from '../../ingest/schema/otel-tables.js';

/**
 * Locates every field of a valid OTLP export request in its protobuf bytes
 * (tag, length prefix, value), guided by the OTLP schema, so tests can damage
 * one field at a time and know the result is malformed. Only fields that
 * agentfleet stores in a column are listed: a decoder may legitimately skip a
 * field it does not use the way it skips an unknown one.
 */

/** Wire types of the fields OTLP uses (protobuf encoding spec; 3 and 4 are the deprecated groups). */
export const WireType = { VARINT: 0, I64: 1, LEN: 2, I32: 5 } as const;

/** A field's wire type and, for LEN fields holding a message, that message's schema. */
type FieldSpec = { readonly wire: number; readonly message?: MessageSpec };
type MessageSpec = { readonly [fieldNumber: number]: FieldSpec };

const string: FieldSpec = { wire: WireType.LEN };
const bytes: FieldSpec = { wire: WireType.LEN };
const varint: FieldSpec = { wire: WireType.VARINT };
const fixed64: FieldSpec = { wire: WireType.I64 };
const fixed32: FieldSpec = { wire: WireType.I32 };
const message = (spec: MessageSpec): FieldSpec => ({ wire: WireType.LEN, message: spec });

// AnyValue and KeyValue refer to each other (arrays, kvlists): built in two steps.
const anyValue: { [n: number]: FieldSpec } = { 1: string, 2: varint, 3: varint, 4: fixed64, 7: bytes };
const keyValue: MessageSpec = { 1: string, 2: message(anyValue) };
anyValue[5] = message({ 1: message(anyValue) });
anyValue[6] = message({ 1: message(keyValue) });

const resource: MessageSpec = { 1: message(keyValue) };
/** Scope attributes have a column in otel_logs only. */
const tracesScope: MessageSpec = { 1: string, 2: string };
const logsScope: MessageSpec = { ...tracesScope, 3: message(keyValue) };
const span: MessageSpec = {
  1: bytes,
  2: bytes,
  3: string,
  4: bytes,
  5: string,
  6: varint,
  7: fixed64,
  8: fixed64,
  9: message(keyValue),
  11: message({ 1: fixed64, 2: string, 3: message(keyValue) }),
  13: message({ 1: bytes, 2: bytes, 3: string, 4: message(keyValue) }),
  15: message({ 2: string, 3: varint }),
};
const logRecord: MessageSpec = {
  1: fixed64,
  2: varint,
  3: string,
  5: message(anyValue),
  6: message(keyValue),
  8: fixed32,
  9: bytes,
  10: bytes,
  11: fixed64,
  12: string,
};

/** Schema URLs, too, are stored for logs only. */
const REQUEST_SPEC: Readonly<Record<Signal, MessageSpec>> = {
  traces: { 1: message({ 1: message(resource), 2: message({ 1: message(tracesScope), 2: message(span) }) }) },
  logs: {
    1: message({ 1: message(resource), 2: message({ 1: message(logsScope), 2: message(logRecord), 3: string }), 3: string }),
  },
};

/** Where one field sits in the request bytes. */
export interface FieldLocation {
  readonly fieldNumber: number;
  readonly wireType: number;
  readonly tagOffset: number;
  /** LEN fields only: the length prefix occupies [lengthOffset, valueOffset). */
  readonly lengthOffset: number | undefined;
  readonly valueOffset: number;
  readonly endOffset: number;
}

function readVarint(buf: Buffer, offset: number): { value: number; next: number } {
  let value = 0;
  let scale = 1;
  let at = offset;
  for (;;) {
    const byte = buf[at++];
    if (byte === undefined) throw new Error(`truncated varint at ${offset}`);
    value += (byte & 0x7f) * scale;
    scale *= 128;
    if (byte < 0x80) return { value, next: at };
  }
}

function walk(buf: Buffer, start: number, end: number, spec: MessageSpec, out: FieldLocation[]): void {
  let at = start;
  while (at < end) {
    const tag = readVarint(buf, at);
    const fieldNumber = Math.floor(tag.value / 8);
    const wireType = tag.value % 8;
    let lengthOffset: number | undefined;
    let valueOffset = tag.next;
    let endOffset: number;
    if (wireType === WireType.VARINT) endOffset = readVarint(buf, valueOffset).next;
    else if (wireType === WireType.I64) endOffset = valueOffset + 8;
    else if (wireType === WireType.I32) endOffset = valueOffset + 4;
    else if (wireType === WireType.LEN) {
      const length = readVarint(buf, valueOffset);
      lengthOffset = valueOffset;
      valueOffset = length.next;
      endOffset = valueOffset + length.value;
    } else throw new Error(`unexpected wire type ${wireType} at ${at} in a valid request`);
    const field = spec[fieldNumber];
    if (field !== undefined) {
      if (field.wire !== wireType) throw new Error(`field ${fieldNumber} has wire type ${wireType}, schema says ${field.wire}`);
      out.push({ fieldNumber, wireType, tagOffset: at, lengthOffset, valueOffset, endOffset });
      if (field.message !== undefined) walk(buf, valueOffset, endOffset, field.message, out);
    }
    at = endOffset;
  }
}

/** Every stored field of a valid request, in byte order (parents before their children). */
export function locateFields(signal: Signal, request: Buffer): FieldLocation[] {
  const out: FieldLocation[] = [];
  walk(request, 0, request.length, REQUEST_SPEC[signal], out);
  return out;
}

/** Encodes a non-negative integer below 2^64 as a protobuf varint. */
export function encodeVarint(value: bigint): Buffer {
  const bytes: number[] = [];
  let v = value;
  while (v > 0x7fn) {
    bytes.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  bytes.push(Number(v));
  return Buffer.from(bytes);
}
