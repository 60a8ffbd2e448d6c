import { readAttribute, writeAttributeMap } from './attributes.js';
import { DecodeContext } from './decode-context.js';
import type { DecodedRequest, DecodeOptions } from './decode.js';
import { encodedNames, SPAN_KIND_NAMES, STATUS_CODE_NAMES } from './enums.js';
import { checkId, SPAN_ID_BYTES, TRACE_ID_BYTES, writeId } from './ids.js';
import { EXPORT_TRACE_SERVICE_REQUEST, RESOURCE_SPANS, SCOPE_SPANS, SPAN, STATUS } from './proto-fields.js';
import { writeRedactedBytes } from './redacted-strings.js';
import type { ItemSink } from './request-walker.js';
import { RequestWalker } from './request-walker.js';
import type { Part, ResourceParts, ScopeParts } from './resource-scope.js';
import { joinParts } from './resource-scope.js';
import { SpanEvents } from './span-events.js';
import { SpanLinks } from './span-links.js';
import { writeDuration, writeTimestamp } from './time-columns.js';

const T = SPAN.tags;
const spanKind = encodedNames(SPAN_KIND_NAMES);
const statusCode = encodedNames(STATUS_CODE_NAMES);

/**
 * Spans → `otel_traces` rows (TRACES_INSERT_COLUMNS), as the ClickHouse
 * exporter maps them. Each span is scanned once into offsets, then its
 * columns are written in table order. Spans without a trace or span id are
 * rejected (partial success); everything else malformed fails the request.
 */
class TracesSink implements ItemSink {
  /** ServiceName, ResourceAttributes, ScopeName, ScopeVersion: adjacent columns, one copy per span. */
  private readonly scopeColumns: Part = { start: 0, end: 0 };
  private readonly events: SpanEvents;
  private readonly links: SpanLinks;

  // The span being decoded, as offsets into the request (times: -1 when absent; empty ranges for absent strings and ids).
  private traceId = 0;
  private traceIdLength = 0;
  private spanId = 0;
  private spanIdLength = 0;
  private parentSpanId = 0;
  private parentSpanIdLength = 0;
  private traceStateStart = 0;
  private traceStateEnd = 0;
  private nameStart = 0;
  private nameEnd = 0;
  private kind = 0;
  private startTime = -1;
  private endTime = -1;
  private statusCode = 0;
  private statusMessageStart = 0;
  private statusMessageEnd = 0;
  private attributesEnd = 0;

  constructor(private readonly ctx: DecodeContext) {
    this.events = new SpanEvents(ctx);
    this.links = new SpanLinks(ctx);
  }

  startScope(resource: ResourceParts, scope: ScopeParts): void {
    joinParts(this.ctx, [resource.serviceName, resource.attributes, scope.name, scope.version], this.scopeColumns);
  }

  item(start: number, end: number): void {
    const { ctx } = this;
    this.scan(start, end);
    const buf = ctx.reader.buf;
    const hasTraceId = checkId(ctx, 'trace_id', this.traceId, this.traceIdLength, TRACE_ID_BYTES);
    const hasSpanId = checkId(ctx, 'span_id', this.spanId, this.spanIdLength, SPAN_ID_BYTES);
    const hasParent = checkId(ctx, 'parent_span_id', this.parentSpanId, this.parentSpanIdLength, SPAN_ID_BYTES);
    if (!hasTraceId || !hasSpanId) {
      ctx.reject(`${hasTraceId ? 'span_id' : 'trace_id'} is missing or all zeros`);
      return;
    }
    const w = ctx.out;
    writeTimestamp(w, buf, this.startTime);
    writeId(w, buf, this.traceId, TRACE_ID_BYTES, true);
    writeId(w, buf, this.spanId, SPAN_ID_BYTES, true);
    writeId(w, buf, this.parentSpanId, SPAN_ID_BYTES, hasParent);
    w.bytesString(buf, this.traceStateStart, this.traceStateEnd);
    w.bytesString(buf, this.nameStart, this.nameEnd);
    const kind = spanKind(this.kind);
    w.raw(kind, 0, kind.length);
    w.raw(ctx.parts.buf, this.scopeColumns.start, this.scopeColumns.end);
    writeAttributeMap(ctx, w, 0, this.attributesEnd);
    writeDuration(w, buf, this.startTime, this.endTime);
    const code = statusCode(this.statusCode);
    w.raw(code, 0, code.length);
    // Error messages quote commands and URLs: they are redacted like attribute values.
    writeRedactedBytes(ctx, w, this.statusMessageStart, this.statusMessageEnd);
    this.events.write(w);
    this.links.write(w);
    ctx.rowCount++;
  }

  /** Reads the span's fields into offsets; attributes go to `ctx.keyValues`, events and links to their lists. */
  private scan(start: number, end: number): void {
    const { ctx } = this;
    const r = ctx.reader;
    this.traceIdLength = this.spanIdLength = this.parentSpanIdLength = 0;
    this.traceStateStart = this.traceStateEnd = this.nameStart = this.nameEnd = 0;
    this.statusMessageStart = this.statusMessageEnd = 0;
    this.kind = this.statusCode = 0;
    this.startTime = this.endTime = -1;
    ctx.keyValues.clear();
    this.events.clear();
    this.links.clear();
    r.pos = start;
    while (r.pos < end) {
      const tag = r.tag(end, SPAN);
      switch (tag) {
        case T.trace_id:
          r.bytes(end);
          this.traceId = r.start;
          this.traceIdLength = r.pos - r.start;
          break;
        case T.span_id:
          r.bytes(end);
          this.spanId = r.start;
          this.spanIdLength = r.pos - r.start;
          break;
        case T.parent_span_id:
          r.bytes(end);
          this.parentSpanId = r.start;
          this.parentSpanIdLength = r.pos - r.start;
          break;
        case T.trace_state:
          r.string(end);
          this.traceStateStart = r.start;
          this.traceStateEnd = r.pos;
          break;
        case T.name:
          r.string(end);
          this.nameStart = r.start;
          this.nameEnd = r.pos;
          break;
        case T.kind:
          this.kind = r.int32(end);
          break;
        case T.start_time_unix_nano:
          this.startTime = r.fixed64(end);
          break;
        case T.end_time_unix_nano:
          this.endTime = r.fixed64(end);
          break;
        case T.attributes:
          readAttribute(ctx, end, 0);
          break;
        case T.events:
          r.bytes(end);
          this.events.add(r.start, r.pos);
          break;
        case T.links:
          r.bytes(end);
          this.links.add(r.start, r.pos);
          break;
        case T.status:
          r.bytes(end);
          this.scanStatus(r.start, r.pos);
          break;
        default:
          r.skip(tag, end);
      }
    }
    this.attributesEnd = ctx.keyValues.length;
  }

  /** A repeated status merges like protobuf does: later fields override earlier ones. */
  private scanStatus(start: number, end: number): void {
    const { ctx } = this;
    const r = ctx.reader;
    ctx.path.enter('status');
    r.pos = start;
    while (r.pos < end) {
      const tag = r.tag(end, STATUS);
      if (tag === STATUS.tags.message) {
        r.string(end);
        this.statusMessageStart = r.start;
        this.statusMessageEnd = r.pos;
      } else if (tag === STATUS.tags.code) {
        this.statusCode = r.int32(end);
      } else {
        r.skip(tag, end);
      }
    }
    ctx.path.leave();
  }
}

const ctx = new DecodeContext('traces');
const walker = new RequestWalker(
  ctx,
  {
    request: EXPORT_TRACE_SERVICE_REQUEST,
    resourceItems: RESOURCE_SPANS,
    scopeItems: SCOPE_SPANS,
    resourceItemsName: 'resource_spans',
    scopeItemsName: 'scope_spans',
    itemsName: 'spans',
  },
  new TracesSink(ctx),
);

/** Decodes an ExportTraceServiceRequest in protobuf to `otel_traces` rows. */
export function decodeTracesProtobuf(body: Buffer, options: DecodeOptions): DecodedRequest {
  ctx.reset(body, options);
  walker.walk();
  return ctx.result();
}
