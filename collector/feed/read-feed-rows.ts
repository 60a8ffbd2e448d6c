import type { EncodedRows } from '../../ingest/encoded-rows.js';
import { LOGS_INSERT_COLUMNS, TRACES_INSERT_COLUMNS } from '../../ingest/schema/otel-tables.js';
import type { FeedBatch, FeedLogEvent, FeedSpan, FeedSpanEvent } from '../live-feed.js';
import { MAX_WORDS_HI, feedTimeMs, feedTimeMsOfWords } from './feed-time.js';
import { isFeedEventName, isFeedSpanName } from './feed-vocabulary.js';
import { ByteKeySet, RowBinaryReadError, RowCursor } from './row-cursor.js';
import { RowScanner } from './row-scanner.js';

/**
 * Reads a request's RowBinary rows (as the decoder wrote them for storage)
 * back into feed objects, keeping only agentfleet's vocabulary. Each row is
 * stepped over without decoding; only a row whose name is ours is decoded.
 */

const traces = new RowScanner(TRACES_INSERT_COLUMNS);
const T = {
  timestamp: traces.column('Timestamp'),
  traceId: traces.column('TraceId'),
  spanId: traces.column('SpanId'),
  parentSpanId: traces.column('ParentSpanId'),
  name: traces.column('SpanName'),
  serviceName: traces.column('ServiceName'),
  resource: traces.column('ResourceAttributes'),
  attributes: traces.column('SpanAttributes'),
  duration: traces.column('Duration'),
  statusCode: traces.column('StatusCode'),
  statusMessage: traces.column('StatusMessage'),
  eventTimes: traces.column('Events.Timestamp'),
  eventNames: traces.column('Events.Name'),
  eventAttributes: traces.column('Events.Attributes'),
};

const logs = new RowScanner(LOGS_INSERT_COLUMNS);
const L = {
  timestamp: logs.column('Timestamp'),
  traceId: logs.column('TraceId'),
  spanId: logs.column('SpanId'),
  serviceName: logs.column('ServiceName'),
  body: logs.column('Body'),
  resource: logs.column('ResourceAttributes'),
  attributes: logs.column('LogAttributes'),
  eventName: logs.column('EventName'),
};

/**
 * Rows of one resource repeat its attributes byte for byte (the decoder
 * copies them into each row): decoded once, then shared while the bytes
 * stay the same. Roughly doubles the rate for agent-like rows.
 */
class ResourceCache {
  private bytes: Buffer = Buffer.alloc(0);
  private value: Readonly<Record<string, string>> = {};

  /** The map at column `index` of the row `scanner` scanned last. */
  read(scanner: RowScanner, index: number, c: RowCursor): Readonly<Record<string, string>> {
    const start = scanner.offsets[index]!;
    const end = scanner.offsets[index + 1]!;
    if (this.bytes.length === end - start && c.buf.compare(this.bytes, 0, this.bytes.length, start, end) === 0) return this.value;
    this.value = scanner.at(c, index).stringMap();
    this.bytes = Buffer.from(c.buf.subarray(start, end));
    return this.value;
  }
}

const spanResources = new ResourceCache();
const logResources = new ResourceCache();

/** Whether the String at the cursor is a name of ours; leaves the cursor after it. */
function nameIsOurs(c: RowCursor, isOurs: (buf: Buffer, start: number, end: number) => boolean): boolean {
  const start = c.stringRange();
  return isOurs(c.buf, start, c.pos);
}

function readEvents(c: RowCursor): FeedSpanEvent[] {
  const times = traces.at(c, T.eventTimes).array((e) => e.int64());
  const names = traces.at(c, T.eventNames).array((e) => e.string());
  const attributes = traces.at(c, T.eventAttributes).array((e) => e.stringMap());
  return times.map((time, i) => ({ name: names[i]!, timeMs: feedTimeMs(time), attributes: attributes[i]! }));
}

/** Which span and log attributes to read; undefined: all. */
export interface FeedReadOptions {
  readonly attributeKeys?: ByteKeySet;
}

/** Start and end of the span scanned last: Timestamp + Duration as 32-bit words, with the carry. */
function spanTimes(c: RowCursor): { startMs: number; endMs: number } {
  const start = traces.offsets[T.timestamp]!;
  const duration = traces.offsets[T.duration]!;
  const buf = c.buf;
  const startLo = buf.readUInt32LE(start);
  const startHi = buf.readUInt32LE(start + 4);
  const endLo = startLo + buf.readUInt32LE(duration);
  const carry = endLo >= 0x100000000 ? 1 : 0;
  const endHi = startHi + buf.readUInt32LE(duration + 4) + carry;
  // Unsigned words: a time before 1970 has the largest hi of all.
  if (endHi >= MAX_WORDS_HI) {
    const startNs = traces.at(c, T.timestamp).int64();
    return { startMs: feedTimeMs(startNs), endMs: feedTimeMs(startNs + traces.at(c, T.duration).uint64()) };
  }
  return { startMs: feedTimeMsOfWords(startHi, startLo), endMs: feedTimeMsOfWords(endHi, endLo - carry * 0x100000000) };
}

function readSpan(c: RowCursor, keys: ByteKeySet | undefined): FeedSpan {
  const { startMs, endMs } = spanTimes(c);
  return {
    traceId: traces.at(c, T.traceId).string(),
    spanId: traces.at(c, T.spanId).string(),
    parentSpanId: traces.at(c, T.parentSpanId).string(),
    name: traces.at(c, T.name).string(),
    serviceName: traces.at(c, T.serviceName).string(),
    startMs,
    endMs,
    statusCode: traces.at(c, T.statusCode).string(),
    statusMessage: traces.at(c, T.statusMessage).string(),
    resource: spanResources.read(traces, T.resource, c),
    attributes: traces.at(c, T.attributes).stringMap(keys),
    events: readEvents(c),
  };
}

function readLogEvent(c: RowCursor, keys: ByteKeySet | undefined): FeedLogEvent {
  return {
    timeMs: feedTimeMs(logs.at(c, L.timestamp).int64()),
    traceId: logs.at(c, L.traceId).string(),
    spanId: logs.at(c, L.spanId).string(),
    eventName: logs.at(c, L.eventName).string(),
    serviceName: logs.at(c, L.serviceName).string(),
    body: logs.at(c, L.body).string(),
    resource: logResources.read(logs, L.resource, c),
    attributes: logs.at(c, L.attributes).stringMap(keys),
  };
}

/** Scans `rowCount` rows of `scanner`'s columns and decodes those whose `nameColumn` passes `isOurs`. */
function readOurRows<T>(
  rows: EncodedRows,
  scanner: RowScanner,
  nameColumn: number,
  isOurs: (buf: Buffer, start: number, end: number) => boolean,
  decode: (c: RowCursor) => T,
): T[] {
  const kept: T[] = [];
  const c = new RowCursor(rows.data);
  for (let row = 0; row < rows.rowCount; row++) {
    scanner.scan(c);
    const next = c.pos;
    if (nameIsOurs(scanner.at(c, nameColumn), isOurs)) kept.push(decode(c));
    c.pos = next;
  }
  if (c.pos !== rows.data.length) {
    throw new RowBinaryReadError(`${rows.rowCount} ${rows.signal} rows end at byte ${c.pos} of ${rows.data.length}`);
  }
  return kept;
}

/** The feed items among `rows`, or undefined when none is agentfleet's. Throws `RowBinaryReadError` on rows that do not parse. */
export function readFeedBatch(rows: EncodedRows, options: FeedReadOptions = {}): FeedBatch | undefined {
  const keys = options.attributeKeys;
  if (rows.signal === 'traces') {
    const spans = readOurRows(rows, traces, T.name, isFeedSpanName, (c) => readSpan(c, keys));
    return spans.length === 0 ? undefined : { signal: 'traces', spans };
  }
  const events = readOurRows(rows, logs, L.eventName, isFeedEventName, (c) => readLogEvent(c, keys));
  return events.length === 0 ? undefined : { signal: 'logs', logs: events };
}
