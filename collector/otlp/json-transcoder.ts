import { isUtf8 } from 'node:buffer';
import { RowBinaryWriter } from '../../ingest/rowbinary.js';
import { MAX_ANY_VALUE_DEPTH } from './any-value-scan.js';
import { DecodePath } from './decode-path.js';
import { OtlpDecodeError } from './decode.js';
import { describe, JsonValueError, parseBase64, parseDouble, parseHexId, parseInt32, parseInt64 } from './json-values.js';
import type { MessageFields, NamedField } from './proto-fields.js';
import { ANY_VALUE } from './proto-fields.js';

/**
 * OTLP/JSON → protobuf wire bytes, driven by the same field tables as the
 * protobuf decoder, which then makes the rows: one mapping for both
 * encodings, so they cannot drift apart. Unknown fields are ignored, null
 * reads as absent, a known field of the wrong JSON type fails with its path
 * (JSON keys as sent, e.g. `resourceSpans[0].scopeSpans[0].spans[2].traceId`).
 * A protobuf length-delimited field has the layout of a RowBinary String
 * (varint length + bytes), so the RowBinary writer builds the protobuf too,
 * patching each sub-message's length when it is done (`beginSized`/`endSized`).
 */
export class JsonTranscoder {
  private readonly path = new DecodePath();
  private readonly w = new RowBinaryWriter();

  /** Returns a view of the transcoder's buffer, valid until the next call. */
  transcode(body: Buffer, request: MessageFields): Buffer {
    // JSON text is UTF-8 (RFC 8259); decoding would silently replace bad bytes.
    if (!isUtf8(body)) throw new OtlpDecodeError('invalid JSON: the body is not valid UTF-8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch (error) {
      throw new OtlpDecodeError(`invalid JSON: ${(error as Error).message}`);
    }
    this.path.clear();
    this.w.reset();
    if (!isObject(parsed)) throw new OtlpDecodeError(`expected a JSON object, got ${describe(parsed)}`);
    try {
      this.message(parsed, request, 0);
    } catch (error) {
      // The path still points where the value was found: nothing leaves it on the way out.
      if (error instanceof JsonValueError) throw this.path.error(error.message);
      throw error;
    }
    return this.w.buf.subarray(0, this.w.pos);
  }

  /** Writes the fields of `json` as a message of `type`; `depth` counts AnyValues around it. */
  private message(json: Record<string, unknown>, type: MessageFields, depth: number): void {
    const fields = type.byJsonKey;
    for (const key in json) {
      const field = fields.get(key);
      const value = json[key];
      if (field === undefined || value === null) continue;
      if (!field.repeated) {
        this.path.enter(key);
        this.field(field, value, depth);
        this.path.leave();
        continue;
      }
      if (!Array.isArray(value)) throw this.path.error(`expected an array, got ${describe(value)}`, key);
      for (let i = 0; i < value.length; i++) {
        this.path.enter(key, i);
        this.field(field, value[i], depth);
        this.path.leave();
      }
    }
  }

  /** Writes one field; a bad value throws `JsonValueError`, which `transcode` turns into an error at the path. */
  private field(field: NamedField, value: unknown, depth: number): void {
    const w = this.w;
    switch (field.kind) {
      case 'message':
        return this.subMessage(field, value, depth);
      case 'string':
        if (typeof value !== 'string') throw new JsonValueError(`expected a string, got ${describe(value)}`);
        this.tag(field);
        w.string(value);
        return;
      case 'bytes': {
        const bytes = parseBase64(value);
        this.tag(field);
        w.varint(bytes.length);
        w.raw(bytes, 0, bytes.length);
        return;
      }
      case 'id': {
        const hex = parseHexId(value, field.idBytes!);
        this.tag(field);
        w.varint(hex.length >> 1);
        w.ensure(hex.length >> 1);
        w.pos += w.buf.write(hex, w.pos, 'hex');
        return;
      }
      case 'bool':
        if (typeof value !== 'boolean') throw new JsonValueError(`expected true or false, got ${describe(value)}`);
        this.tag(field);
        w.uint8(value ? 1 : 0);
        return;
      case 'enum': {
        const named = typeof value === 'string' ? field.enumNames!.indexOf(value) : -1;
        const n = named >= 0 ? named : parseInt32(value, -0x80000000, 0x7fffffff);
        this.tag(field);
        varint64(w, n >>> 0, n < 0 ? -1 : 0);
        return;
      }
      case 'uint32':
        this.tag(field);
        w.varint(parseInt32(value, 0, 0xffffffff));
        return;
      case 'fixed32':
        this.tag(field);
        w.uint32(parseInt32(value, 0, 0xffffffff));
        return;
      case 'int64':
      case 'fixed64': {
        const n = parseInt64(value, field.kind === 'int64');
        this.tag(field);
        // Halves: lo unsigned, hi signed (two's complement for negatives).
        const hi = typeof n === 'number' ? Math.floor(n / 0x100000000) : Number(BigInt.asIntN(32, n >> 32n));
        const lo = typeof n === 'number' ? n - hi * 0x100000000 : Number(BigInt.asUintN(32, n));
        if (field.kind === 'fixed64') w.uint64(lo, hi);
        else varint64(w, lo, hi);
        return;
      }
      case 'double': {
        const n = parseDouble(value);
        this.tag(field);
        w.ensure(8);
        w.buf.writeDoubleLE(n, w.pos);
        w.pos += 8;
        return;
      }
    }
  }

  private subMessage(field: NamedField, value: unknown, depth: number): void {
    if (!isObject(value)) throw new JsonValueError(`expected an object, got ${describe(value)}`);
    const type = field.type!();
    const inner = type === ANY_VALUE ? depth + 1 : depth;
    if (inner > MAX_ANY_VALUE_DEPTH) throw new JsonValueError(`values nested deeper than ${MAX_ANY_VALUE_DEPTH}`);
    this.tag(field);
    const mark = this.w.beginSized();
    this.message(value, type, inner);
    this.w.endSized(mark);
  }

  private tag(field: NamedField): void {
    this.w.varint(field.no * 8 + field.wireType);
  }
}

/** A protobuf varint of a 64-bit value given as halves (negative int32/int64 take 10 bytes). */
function varint64(w: RowBinaryWriter, lo: number, hi: number): void {
  w.ensure(10);
  const buf = w.buf;
  let pos = w.pos;
  lo >>>= 0;
  hi >>>= 0;
  while (hi !== 0 || lo > 0x7f) {
    buf[pos++] = (lo & 0x7f) | 0x80;
    lo = ((lo >>> 7) | (hi << 25)) >>> 0;
    hi >>>= 7;
  }
  buf[pos++] = lo;
  w.pos = pos;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
