import { readAttribute, writeAttributeMap } from './attributes.js';
import { writeAnyValueString } from './any-value.js';
import { DecodeContext } from './decode-context.js';
import type { DecodedRequest, DecodeOptions } from './decode.js';
import { checkId, SPAN_ID_BYTES, TRACE_ID_BYTES, writeId } from './ids.js';
import { EXPORT_LOGS_SERVICE_REQUEST, LOG_RECORD, RESOURCE_LOGS, SCOPE_LOGS } from './proto-fields.js';
import type { ItemSink } from './request-walker.js';
import { RequestWalker } from './request-walker.js';
import type { Part, ResourceParts, ScopeParts } from './resource-scope.js';
import { joinParts } from './resource-scope.js';
import { isUnsetTime, writeTimestamp } from './time-columns.js';

const T = LOG_RECORD.tags;

/**
 * Log records → `otel_logs` rows (LOGS_INSERT_COLUMNS), as the ClickHouse
 * exporter maps them. Trace and span ids are optional on logs, so no record
 * is rejected; malformed input fails the request.
 */
class LogsSink implements ItemSink {
  private readonly serviceName: Part = { start: 0, end: 0 };
  /** ResourceSchemaUrl … ScopeAttributes: adjacent columns, one copy per record. */
  private readonly scopeColumns: Part = { start: 0, end: 0 };

  constructor(private readonly ctx: DecodeContext) {}

  startScope(resource: ResourceParts, scope: ScopeParts): void {
    this.serviceName.start = resource.serviceName.start;
    this.serviceName.end = resource.serviceName.end;
    joinParts(
      this.ctx,
      [resource.schemaUrl, resource.attributes, scope.schemaUrl, scope.name, scope.version, scope.attributes],
      this.scopeColumns,
    );
  }

  item(start: number, end: number): void {
    const { ctx } = this;
    const r = ctx.reader;
    const buf = r.buf;
    let time = -1;
    let observedTime = -1;
    let severityNumber = 0;
    let severityTextStart = 0;
    let severityTextEnd = 0;
    let bodyStart = -1;
    let bodyEnd = -1;
    let flags = 0;
    let traceId = 0;
    let traceIdLength = 0;
    let spanId = 0;
    let spanIdLength = 0;
    let eventNameStart = 0;
    let eventNameEnd = 0;
    ctx.keyValues.clear();
    r.pos = start;
    while (r.pos < end) {
      const tag = r.tag(end, LOG_RECORD);
      switch (tag) {
        case T.time_unix_nano:
          time = r.fixed64(end);
          break;
        case T.observed_time_unix_nano:
          observedTime = r.fixed64(end);
          break;
        case T.severity_number:
          severityNumber = r.int32(end);
          break;
        case T.severity_text:
          r.string(end);
          severityTextStart = r.start;
          severityTextEnd = r.pos;
          break;
        case T.body:
          r.bytes(end);
          bodyStart = r.start;
          bodyEnd = r.pos;
          break;
        case T.attributes:
          readAttribute(ctx, end, 0);
          break;
        case T.flags:
          flags = r.fixed32(end);
          break;
        case T.trace_id:
          r.bytes(end);
          traceId = r.start;
          traceIdLength = r.pos - r.start;
          break;
        case T.span_id:
          r.bytes(end);
          spanId = r.start;
          spanIdLength = r.pos - r.start;
          break;
        case T.event_name:
          r.string(end);
          eventNameStart = r.start;
          eventNameEnd = r.pos;
          break;
        default:
          r.skip(tag, end);
      }
    }
    const attributesEnd = ctx.keyValues.length;
    const hasTraceId = checkId(ctx, 'trace_id', traceId, traceIdLength, TRACE_ID_BYTES);
    const hasSpanId = checkId(ctx, 'span_id', spanId, spanIdLength, SPAN_ID_BYTES);

    const w = ctx.out;
    writeTimestamp(w, buf, isUnsetTime(buf, time) ? observedTime : time);
    writeId(w, buf, traceId, TRACE_ID_BYTES, hasTraceId);
    writeId(w, buf, spanId, SPAN_ID_BYTES, hasSpanId);
    w.uint8(flags & 0xff);
    w.bytesString(buf, severityTextStart, severityTextEnd);
    // The column is UInt8; defined severities are 0..24, anything else keeps its low byte.
    w.uint8(severityNumber & 0xff);
    w.raw(ctx.parts.buf, this.serviceName.start, this.serviceName.end);
    ctx.path.enter('body');
    writeAnyValueString(ctx, w, bodyStart, bodyEnd);
    ctx.path.leave();
    w.raw(ctx.parts.buf, this.scopeColumns.start, this.scopeColumns.end);
    writeAttributeMap(ctx, w, 0, attributesEnd);
    w.bytesString(buf, eventNameStart, eventNameEnd);
    ctx.rowCount++;
  }
}

const ctx = new DecodeContext('logs');
const walker = new RequestWalker(
  ctx,
  {
    request: EXPORT_LOGS_SERVICE_REQUEST,
    resourceItems: RESOURCE_LOGS,
    scopeItems: SCOPE_LOGS,
    resourceItemsName: 'resource_logs',
    scopeItemsName: 'scope_logs',
    itemsName: 'log_records',
  },
  new LogsSink(ctx),
);

/** Decodes an ExportLogsServiceRequest in protobuf to `otel_logs` rows. */
export function decodeLogsProtobuf(body: Buffer, options: DecodeOptions): DecodedRequest {
  ctx.reset(body, options);
  walker.walk();
  return ctx.result();
}
