import type { RowBinaryWriter } from '../../ingest/rowbinary.js';
import { readAttribute } from './attributes.js';
import type { DecodeContext } from './decode-context.js';
import { checkId, SPAN_ID_BYTES, TRACE_ID_BYTES, writeId } from './ids.js';
import { NestedMessages } from './nested-messages.js';
import { SPAN_LINK } from './proto-fields.js';

const T = SPAN_LINK.tags;
/** Ints per link in `slots`: trace id start, set (0/1), span id start, set, trace state start, end, attributes from, to. */
const SLOT = 8;

/** A span's links → Links.TraceId, Links.SpanId, Links.TraceState, Links.Attributes (parallel arrays). */
export class SpanLinks extends NestedMessages {
  constructor(ctx: DecodeContext) {
    super(ctx, 'links', SLOT);
  }

  /** Reads the links (their attributes replace `ctx.keyValues`) and writes the four columns. */
  write(w: RowBinaryWriter): void {
    const count = this.readAll();
    const s = this.slots.data;
    const buf = this.ctx.reader.buf;
    w.varint(count);
    for (let i = 0; i < count; i++) writeId(w, buf, s[SLOT * i]!, TRACE_ID_BYTES, s[SLOT * i + 1] === 1);
    w.varint(count);
    for (let i = 0; i < count; i++) writeId(w, buf, s[SLOT * i + 2]!, SPAN_ID_BYTES, s[SLOT * i + 3] === 1);
    w.varint(count);
    for (let i = 0; i < count; i++) w.bytesString(buf, s[SLOT * i + 4]!, s[SLOT * i + 5]!);
    this.writeAttributes(w, count);
  }

  protected read(start: number, end: number): void {
    const { ctx } = this;
    const r = ctx.reader;
    const from = ctx.keyValues.length;
    let traceId = 0;
    let traceIdLength = 0;
    let spanId = 0;
    let spanIdLength = 0;
    let stateStart = 0;
    let stateEnd = 0;
    r.pos = start;
    while (r.pos < end) {
      const tag = r.tag(end, SPAN_LINK);
      if (tag === T.trace_id) {
        r.bytes(end);
        traceId = r.start;
        traceIdLength = r.pos - r.start;
      } else if (tag === T.span_id) {
        r.bytes(end);
        spanId = r.start;
        spanIdLength = r.pos - r.start;
      } else if (tag === T.trace_state) {
        r.string(end);
        stateStart = r.start;
        stateEnd = r.pos;
      } else if (tag === T.attributes) {
        readAttribute(ctx, end, from);
      } else {
        r.skip(tag, end);
      }
    }
    const at = this.slots.append(SLOT);
    const slot = this.slots.data;
    // A link's ids are optional: unset ones are stored as ''.
    slot[at] = traceId;
    slot[at + 1] = checkId(ctx, 'trace_id', traceId, traceIdLength, TRACE_ID_BYTES) ? 1 : 0;
    slot[at + 2] = spanId;
    slot[at + 3] = checkId(ctx, 'span_id', spanId, spanIdLength, SPAN_ID_BYTES) ? 1 : 0;
    slot[at + 4] = stateStart;
    slot[at + 5] = stateEnd;
    slot[at + 6] = from;
    slot[at + 7] = ctx.keyValues.length;
  }
}
