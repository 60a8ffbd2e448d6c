import type { RowBinaryWriter } from '../../ingest/rowbinary.js';
import type { DecodeContext } from './decode-context.js';

/**
 * String values that may carry secrets (attribute values, log bodies,
 * status messages) go through the context's redactor on their way into a
 * row. The common case stays a byte copy: the redactor's prefilter clears
 * the UTF-8 bytes in place, and only candidates are decoded, redacted and,
 * when changed, written as the redacted text.
 */

/** Writes the (validated UTF-8) string at [start, end) of the request as a String column, redacted. */
export function writeRedactedBytes(ctx: DecodeContext, w: RowBinaryWriter, start: number, end: number): void {
  const { redactor } = ctx;
  const buf = ctx.reader.buf;
  if (redactor !== undefined && redactor.mayContainSecret(buf, start, end)) {
    const text = buf.toString('utf8', start, end);
    const redacted = redactor.redact(text);
    if (redacted !== text) {
      ctx.redactedValues++;
      w.string(redacted);
      return;
    }
  }
  w.bytesString(buf, start, end);
}

/** Writes `text` (a value already built as a JS string: array and kvlist JSON) as a String column, redacted. */
export function writeRedactedText(ctx: DecodeContext, w: RowBinaryWriter, text: string): void {
  const redacted = ctx.redactor?.redact(text) ?? text;
  if (redacted !== text) ctx.redactedValues++;
  w.string(redacted);
}
