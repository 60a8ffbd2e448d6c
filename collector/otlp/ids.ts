import type { RowBinaryWriter } from '../../ingest/rowbinary.js';
import type { DecodeContext } from './decode-context.js';

export const TRACE_ID_BYTES = 16;
export const SPAN_ID_BYTES = 8;

/**
 * Checks the length of an id field read at [start, start + length): absent
 * (0) or exactly `size` bytes, as pdata's TraceID/SpanID unmarshalling
 * demands. Returns whether the id is set (present and not all zeros).
 */
export function checkId(ctx: DecodeContext, field: string, start: number, length: number, size: number): boolean {
  if (length === 0) return false;
  if (length !== size) throw ctx.path.error(`expected ${size} bytes, got ${length}`, field);
  const buf = ctx.reader.buf;
  for (let i = start, end = start + length; i < end; i++) if (buf[i] !== 0) return true;
  return false;
}

/** Writes an id as the exporter does (`TraceIDToHexOrEmptyString`): lowercase hex, '' when unset. */
export function writeId(w: RowBinaryWriter, buf: Buffer, start: number, length: number, isSet: boolean): void {
  if (isSet) w.hexString(buf, start, length);
  else w.varint(0);
}
