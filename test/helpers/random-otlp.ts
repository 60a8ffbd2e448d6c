/**
 * Random OTLP requests (protobufjs objects) that reach every corner of the
 * mapping: all AnyValue types nested, int64 extremes, special doubles,
 * unicode and escapes, duplicate keys, empty and all-zero ids, unknown enum
 * values, absent resources/scopes/values, several resources and scopes.
 */
import { seededRandom } from '../../bench/otlp-fixtures.js';
import type {
  OtlpAnyValue,
  OtlpKeyValue,
  OtlpLogRecord,
  OtlpLogsRequest,
  OtlpScope,
  OtlpSpan,
  OtlpTracesRequest,
} from '../../bench/otlp-protobufjs.js';

type Random = () => number;

const STRINGS = ['', 'plain', 'ünïcödé', '日本語', '😀 astral', '<a href="x">&amp;</a>', 'quote " and \\ backslash', 'ctl \b\f\n\r\t\u0001\u001f\u007f', 'sep \u2028\u2029', '\ufffd\uffff\ue000', 'service.name'];
const KEYS = ['a', 'b', 'service.name', 'http.method', 'ключ', '😀', 'z', 'A', '\ue000', '\u{1f600}x'];
const INTS = ['0', '-1', '1', '9223372036854775807', '-9223372036854775808', '9007199254740993', '-9007199254740993', '4294967296', '2147483648'];
const DOUBLES = [0, -0, 1.5, -2.25, 1e21, 1e20, 1e-6, 1e-7, 5e-324, 1.7976931348623157e308, 0.1 + 0.2, 123456789.125, NaN, Infinity, -Infinity];
/** fixed64 timestamps as decimal strings, including 0, 2^63 and the maximum. */
const TIMES = ['0', '1', '1700000000000000000', '1700000000123456789', '9223372036854775808', '18446744073709551615', '4294967295', '4294967296'];

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const chance = (random: Random, p: number): boolean => random() < p;
const count = (random: Random, max: number): number => Math.floor(random() * (max + 1));

function randomInt64(random: Random): string {
  if (chance(random, 0.5)) return pick(random, INTS);
  const big = (BigInt(Math.floor(random() * 2 ** 32)) << 32n) | BigInt(Math.floor(random() * 2 ** 32));
  return BigInt.asIntN(64, big).toString();
}

function randomBytes(random: Random, length: number): Buffer {
  return Buffer.from(Array.from({ length }, () => Math.floor(random() * 256)));
}

export function randomAnyValue(random: Random, depth: number): OtlpAnyValue {
  const kinds = depth >= 3 ? 6 : 8;
  switch (Math.floor(random() * kinds)) {
    case 0:
      return { stringValue: pick(random, STRINGS) };
    case 1:
      return { boolValue: chance(random, 0.5) };
    case 2:
      return { intValue: randomInt64(random) };
    case 3:
      return { doubleValue: chance(random, 0.6) ? pick(random, DOUBLES) : (random() - 0.5) * 10 ** Math.floor(random() * 40 - 20) };
    case 4:
      return { bytesValue: randomBytes(random, count(random, 5)) };
    case 5:
      return {};
    case 6:
      return { arrayValue: { values: Array.from({ length: count(random, 4) }, () => randomAnyValue(random, depth + 1)) } };
    default:
      return { kvlistValue: { values: randomAttributes(random, depth + 1, 4) } };
  }
}

export function randomAttributes(random: Random, depth = 0, max = 6): OtlpKeyValue[] {
  return Array.from({ length: count(random, max) }, () => {
    const kv: OtlpKeyValue = { key: chance(random, 0.8) ? pick(random, KEYS) : pick(random, STRINGS) };
    if (!chance(random, 0.1)) kv.value = randomAnyValue(random, depth);
    return kv;
  });
}

/** An id: usually random, sometimes empty or all zeros. */
function randomId(random: Random, length: number, unsetChance: number): Buffer {
  if (chance(random, unsetChance)) return chance(random, 0.5) ? Buffer.alloc(0) : Buffer.alloc(length);
  const id = randomBytes(random, length);
  id[0] = id[0]! | 1;
  return id;
}

function randomScope(random: Random): OtlpScope | undefined {
  if (chance(random, 0.2)) return undefined;
  return { name: pick(random, STRINGS), version: pick(random, ['', '1.0.0', 'v2 β']), attributes: randomAttributes(random, 0, 2) };
}

function randomResourceAttributes(random: Random): OtlpKeyValue[] {
  const attributes = randomAttributes(random, 0, 4);
  if (chance(random, 0.7)) attributes.push({ key: 'service.name', value: chance(random, 0.8) ? { stringValue: `svc-${count(random, 9)}` } : randomAnyValue(random, 0) });
  return attributes;
}

function randomSpan(random: Random): OtlpSpan {
  const span: OtlpSpan = {
    traceId: randomId(random, 16, 0.1),
    spanId: randomId(random, 8, 0.1),
    attributes: randomAttributes(random),
    events: Array.from({ length: count(random, 3) }, () => ({
      timeUnixNano: chance(random, 0.9) ? pick(random, TIMES) : undefined,
      name: pick(random, STRINGS),
      attributes: randomAttributes(random, 0, 3),
    })),
    links: Array.from({ length: count(random, 2) }, () => ({
      traceId: randomId(random, 16, 0.3),
      spanId: randomId(random, 8, 0.3),
      traceState: pick(random, ['', 'vendor=1,other=x']),
      attributes: randomAttributes(random, 0, 2),
    })),
  };
  if (chance(random, 0.7)) span.parentSpanId = randomId(random, 8, 0.3);
  if (chance(random, 0.5)) span.traceState = pick(random, STRINGS);
  if (chance(random, 0.9)) span.name = pick(random, ['execute_tool Edit', 'file.edit', ...STRINGS]);
  if (chance(random, 0.8)) span.kind = chance(random, 0.9) ? count(random, 5) : 7;
  if (chance(random, 0.9)) span.startTimeUnixNano = pick(random, TIMES);
  if (chance(random, 0.9)) span.endTimeUnixNano = pick(random, TIMES);
  if (chance(random, 0.7)) span.status = { code: chance(random, 0.9) ? count(random, 2) : 9, message: pick(random, STRINGS) };
  return span;
}

function randomLogRecord(random: Random): OtlpLogRecord {
  const log: OtlpLogRecord = { attributes: randomAttributes(random) };
  if (chance(random, 0.7)) log.timeUnixNano = pick(random, TIMES);
  if (chance(random, 0.7)) log.observedTimeUnixNano = pick(random, TIMES);
  if (chance(random, 0.8)) log.severityNumber = chance(random, 0.9) ? count(random, 24) : 300;
  if (chance(random, 0.8)) log.severityText = pick(random, ['INFO', 'ERROR', ...STRINGS]);
  if (chance(random, 0.8)) log.body = randomAnyValue(random, 0);
  if (chance(random, 0.6)) log.flags = chance(random, 0.5) ? 1 : 0x1ff;
  if (chance(random, 0.7)) log.traceId = randomId(random, 16, 0.3);
  if (chance(random, 0.7)) log.spanId = randomId(random, 8, 0.3);
  if (chance(random, 0.5)) log.eventName = pick(random, ['agentfleet.tool.finished', ...STRINGS]);
  return log;
}

export function randomTracesRequest(seed: number): OtlpTracesRequest {
  const random = seededRandom(seed);
  return {
    resourceSpans: Array.from({ length: count(random, 3) }, () => ({
      resource: chance(random, 0.9) ? { attributes: randomResourceAttributes(random) } : undefined,
      schemaUrl: chance(random, 0.3) ? 'https://opentelemetry.io/schemas/1.26.0' : undefined,
      scopeSpans: Array.from({ length: count(random, 3) }, () => ({
        scope: randomScope(random),
        spans: Array.from({ length: count(random, 4) }, () => randomSpan(random)),
      })),
    })),
  };
}

export function randomLogsRequest(seed: number): OtlpLogsRequest {
  const random = seededRandom(seed);
  return {
    resourceLogs: Array.from({ length: count(random, 3) }, () => ({
      resource: chance(random, 0.9) ? { attributes: randomResourceAttributes(random) } : undefined,
      schemaUrl: chance(random, 0.3) ? 'https://opentelemetry.io/schemas/1.26.0' : undefined,
      scopeLogs: Array.from({ length: count(random, 3) }, () => ({
        scope: randomScope(random),
        schemaUrl: chance(random, 0.3) ? 'https://example.com/scope-schema' : undefined,
        logRecords: Array.from({ length: count(random, 4) }, () => randomLogRecord(random)),
      })),
    })),
  };
}
