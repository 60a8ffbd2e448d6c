/** Start of every marker; text that already starts with it is never redacted again (redaction is idempotent). */
export const MARKER_PREFIX = '[REDACTED:';

/** Marker names: lowercase words joined by '-', so a marker never contains a quote, backslash or space. */
export const MARKER_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The text that replaces a secret found by the pattern `name`, e.g. `[REDACTED:github-token]`. */
export function redactionMarker(name: string): string {
  return `${MARKER_PREFIX}${name}]`;
}
