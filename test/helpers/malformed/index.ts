import type { Signal } from '../../../ingest/schema/otel-tables.js';
import { sampleRequest } from '../otlp-requests.js';
import { invalidJson, wrongFieldTypes } from './json-mutations.js';
import { seededRandom } from '../../../bench/otlp-fixtures.js';
import type { MalformedRequest } from './malformed-request.js';
import { flippedWireTypes, hugeLengthPrefixes, randomProtobufBytes, truncatedProtobuf } from './protobuf-mutations.js';
import {
  corruptGzip,
  gzipBombs,
  oversizedBodies,
  unsupportedEncodings,
  wrongContentTypes,
  type BodyLimits,
} from './transport-mutations.js';

export type { MalformedKind, MalformedRequest } from './malformed-request.js';

const SIGNALS: readonly Signal[] = ['traces', 'logs'];

/** Fisher–Yates with a seeded PRNG. */
function shuffle<T>(items: T[], seed: number): T[] {
  const random = seededRandom(seed);
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/**
 * Malformed OTLP/HTTP requests for both signals, generated from valid
 * requests (built with the official protos) by damaging one thing at a
 * time, in a shuffled order so that no kind arrives in a burst (eight gzip
 * bombs inflating at once would be a memory test, not an input test).
 * Deterministic: the same limits give the same list in the same order.
 */
export function generateMalformedRequests(limits: BodyLimits): MalformedRequest[] {
  const requests = SIGNALS.flatMap((signal, signalIndex) => {
    const valid = sampleRequest(signal, 7 + signalIndex, 2);
    return [
      ...truncatedProtobuf(signal, valid.protobuf),
      ...flippedWireTypes(signal, valid.protobuf),
      ...hugeLengthPrefixes(signal, valid.protobuf),
      ...randomProtobufBytes(signal, 100, 0x5eed + signalIndex),
      ...invalidJson(signal, valid.json.toString('utf8'), 7),
      ...wrongFieldTypes(signal, valid.otlpJson),
      ...gzipBombs(signal, limits),
      ...corruptGzip(signal, valid.protobuf, 20, 20),
      ...wrongContentTypes(signal, valid.protobuf),
      ...unsupportedEncodings(signal, valid.protobuf),
      ...oversizedBodies(signal, limits),
    ];
  });
  return shuffle(requests, 0xbad);
}
