import { seededRandom } from '../../../bench/otlp-fixtures.js';
import { ExportLogsServiceRequest, ExportTraceServiceRequest } from '../../../bench/otlp-protobufjs.js';
import type { Signal } from '../../../ingest/schema/otel-tables.js';
import { encodeVarint, locateFields, WireType } from '../protobuf-fields.js';
import { PROTOBUF, type MalformedRequest } from './malformed-request.js';

function protobufRequest(
  kind: MalformedRequest['kind'],
  signal: Signal,
  description: string,
  body: Buffer,
): MalformedRequest {
  return { kind, signal, description, headers: PROTOBUF, body, expectedStatus: 400 };
}

/**
 * Every prefix of the request but the empty one. The sample holds a single
 * top-level field, so each cut lands inside a length-delimited field and
 * leaves it short: none of these is a valid smaller request.
 */
export function truncatedProtobuf(signal: Signal, valid: Buffer): MalformedRequest[] {
  return Array.from({ length: valid.length - 1 }, (_, i) =>
    protobufRequest('truncated protobuf', signal, `cut to ${i + 1} of ${valid.length} bytes`, valid.subarray(0, i + 1)),
  );
}

const ALL_WIRE_TYPES = [0, 1, 2, 3, 4, 5, 6, 7];

/** Each stored field's tag rewritten to every other wire type (6 and 7 do not exist; 3 and 4 are groups). */
export function flippedWireTypes(signal: Signal, valid: Buffer): MalformedRequest[] {
  return locateFields(signal, valid).flatMap((field) =>
    ALL_WIRE_TYPES.filter((w) => w !== field.wireType).map((wireType) => {
      const body = Buffer.from(valid);
      body[field.tagOffset] = (body[field.tagOffset]! & ~0x07) | wireType;
      return protobufRequest(
        'flipped wire type',
        signal,
        `field ${field.fieldNumber} at byte ${field.tagOffset}: wire type ${field.wireType} → ${wireType}`,
        body,
      );
    }),
  );
}

/**
 * Length prefixes far past the end of the body, including ones that a
 * decoder keeping only 32 bits would misread as small (2^32 + 1), the
 * largest varint, and an 11-byte varint (protobuf allows at most 10).
 */
const HUGE_LENGTHS: ReadonlyArray<{ label: string; bytes: Buffer }> = [
  ...[2n ** 28n, 2n ** 31n - 1n, 2n ** 32n + 1n, 2n ** 53n + 1n, 2n ** 64n - 1n].map((n) => ({
    label: String(n),
    bytes: encodeVarint(n),
  })),
  { label: 'an 11-byte varint', bytes: Buffer.from([...Array(10).fill(0xff), 0x01]) },
];

export function hugeLengthPrefixes(signal: Signal, valid: Buffer): MalformedRequest[] {
  return locateFields(signal, valid)
    .filter((field) => field.wireType === WireType.LEN)
    .flatMap((field) =>
      HUGE_LENGTHS.map(({ label, bytes }) =>
        protobufRequest(
          'huge length prefix',
          signal,
          `field ${field.fieldNumber} at byte ${field.tagOffset}: length ${label}`,
          Buffer.concat([valid.subarray(0, field.lengthOffset), bytes, valid.subarray(field.valueOffset)]),
        ),
      ),
    );
}

/**
 * Random buffers that protobufjs (the official protos) also refuses to
 * decode: random bytes can, rarely, form a valid message of unknown fields,
 * and those are not malformed.
 */
export function randomProtobufBytes(signal: Signal, count: number, seed: number): MalformedRequest[] {
  const random = seededRandom(seed);
  const type = signal === 'traces' ? ExportTraceServiceRequest : ExportLogsServiceRequest;
  const out: MalformedRequest[] = [];
  while (out.length < count) {
    const body = Buffer.from(Array.from({ length: 1 + Math.floor(random() * 512) }, () => Math.floor(random() * 256)));
    try {
      type.decode(body);
    } catch {
      out.push(protobufRequest('random bytes', signal, `${body.length} random bytes (seed ${seed})`, body));
    }
  }
  return out;
}
