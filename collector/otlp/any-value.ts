import type { RowBinaryWriter } from '../../ingest/rowbinary.js';
import { containerJson } from './any-value-json.js';
import { ARRAY, BOOL, BYTES, DOUBLE, INT, KVLIST, scan, scanAnyValue, STRING } from './any-value-scan.js';
import type { DecodeContext } from './decode-context.js';
import { float64AsString, int64ToDecimal } from './go-json.js';
import { writeRedactedBytes, writeRedactedText } from './redacted-strings.js';

/**
 * Writes the AnyValue at [start, end) as a RowBinary String holding pdata's
 * `Value.AsString()`; `start < 0` (value absent) writes ''. The caller has
 * entered the value's path.
 */
export function writeAnyValueString(ctx: DecodeContext, w: RowBinaryWriter, start: number, end: number): void {
  if (start < 0) {
    w.varint(0);
    return;
  }
  scanAnyValue(ctx, start, end);
  const buf = ctx.reader.buf;
  switch (scan.kind) {
    case STRING:
      writeRedactedBytes(ctx, w, scan.start, scan.end);
      return;
    case BOOL:
      w.asciiString(scan.lo === 1 ? 'true' : 'false');
      return;
    case INT:
      w.asciiString(int64ToDecimal(scan.lo, scan.hi));
      return;
    case DOUBLE:
      w.asciiString(float64AsString(buf.readDoubleLE(scan.start)));
      return;
    case BYTES:
      w.asciiString(buf.toString('base64', scan.start, scan.end));
      return;
    case ARRAY:
    case KVLIST:
      // json.Marshal fails on NaN/±Inf anywhere inside; pdata then stores ''.
      writeRedactedText(ctx, w, containerJson(ctx, scan.kind, scan.start, scan.end, 1) ?? '');
      return;
    default:
      w.varint(0);
  }
}
