import type { RowBinaryWriter } from '../../ingest/rowbinary.js';
import { writeAttributeMap } from './attributes.js';
import type { DecodeContext } from './decode-context.js';
import { IntList } from './int-list.js';

/**
 * The repeated sub-messages of a span that become Nested columns (events,
 * links): their byte ranges are noted while the span is scanned, read when
 * the span's row is written, and stored as parallel arrays. Subclasses read
 * one message into `slotSize` ints of `slots`, the last two of which are the
 * message's attribute range in `ctx.keyValues`.
 */
export abstract class NestedMessages {
  /** Start and end of each message of the current span. */
  private readonly ranges = new IntList();
  protected readonly slots = new IntList();

  constructor(
    protected readonly ctx: DecodeContext,
    /** Field name in error paths, e.g. `events`. */
    private readonly field: string,
    protected readonly slotSize: number,
  ) {}

  clear(): void {
    this.ranges.clear();
  }

  /** Notes the message at [start, end); it is read in `write`. */
  add(start: number, end: number): void {
    this.ranges.push(start);
    this.ranges.push(end);
  }

  /** Reads every noted message into `slots` (their attributes replace `ctx.keyValues`); returns how many. */
  protected readAll(): number {
    const { ctx } = this;
    const count = this.ranges.length >> 1;
    ctx.keyValues.clear();
    this.slots.clear();
    for (let i = 0; i < count; i++) {
      ctx.path.enter(this.field, i);
      this.read(this.ranges.data[2 * i]!, this.ranges.data[2 * i + 1]!);
      ctx.path.leave();
    }
    return count;
  }

  /** Writes the `…Attributes` column: one map per message, from the last two ints of its slot. */
  protected writeAttributes(w: RowBinaryWriter, count: number): void {
    const { ctx, slotSize } = this;
    const s = this.slots.data;
    w.varint(count);
    for (let i = 0; i < count; i++) {
      ctx.path.enter(this.field, i);
      writeAttributeMap(ctx, w, s[slotSize * i + slotSize - 2]!, s[slotSize * i + slotSize - 1]!);
      ctx.path.leave();
    }
  }

  /** Reads the message at [start, end) and appends its slot. */
  protected abstract read(start: number, end: number): void;
}
