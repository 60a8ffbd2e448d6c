import type { RowBinaryWriter } from '../../ingest/rowbinary.js';
import { readAttribute } from './attributes.js';
import type { DecodeContext } from './decode-context.js';
import { NestedMessages } from './nested-messages.js';
import { SPAN_EVENT } from './proto-fields.js';
import { writeTimestamp } from './time-columns.js';

const T = SPAN_EVENT.tags;
/** Ints per event in `slots`: time offset (-1 absent), name start, name end, attributes from, to. */
const SLOT = 5;

/** A span's events → Events.Timestamp, Events.Name, Events.Attributes (the Nested columns, as parallel arrays). */
export class SpanEvents extends NestedMessages {
  constructor(ctx: DecodeContext) {
    super(ctx, 'events', SLOT);
  }

  /** Reads the events (their attributes replace `ctx.keyValues`) and writes the three columns. */
  write(w: RowBinaryWriter): void {
    const count = this.readAll();
    const s = this.slots.data;
    const buf = this.ctx.reader.buf;
    w.varint(count);
    for (let i = 0; i < count; i++) writeTimestamp(w, buf, s[SLOT * i]!);
    w.varint(count);
    for (let i = 0; i < count; i++) w.bytesString(buf, s[SLOT * i + 1]!, s[SLOT * i + 2]!);
    this.writeAttributes(w, count);
  }

  protected read(start: number, end: number): void {
    const { ctx } = this;
    const r = ctx.reader;
    const from = ctx.keyValues.length;
    let time = -1;
    let nameStart = 0;
    let nameEnd = 0;
    r.pos = start;
    while (r.pos < end) {
      const tag = r.tag(end, SPAN_EVENT);
      if (tag === T.time_unix_nano) {
        time = r.fixed64(end);
      } else if (tag === T.name) {
        r.string(end);
        nameStart = r.start;
        nameEnd = r.pos;
      } else if (tag === T.attributes) {
        readAttribute(ctx, end, from);
      } else {
        r.skip(tag, end);
      }
    }
    const at = this.slots.append(SLOT);
    const slot = this.slots.data;
    slot[at] = time;
    slot[at + 1] = nameStart;
    slot[at + 2] = nameEnd;
    slot[at + 3] = from;
    slot[at + 4] = ctx.keyValues.length;
  }
}
