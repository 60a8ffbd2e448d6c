import type { Redactor } from '../../redaction/redactor.js';

/** Appended to a value cut to the size limit, so a reader sees it is incomplete. */
const TRUNCATION_MARKER = '…[truncated]';

interface AttributeText {
  readonly text: string;
  /** True when the text was cut to the limit (the span then gets `agentfleet.truncated`). */
  readonly truncated: boolean;
}

/**
 * Every string inside `value` redacted, in place of the value. Strings are
 * redacted one by one before any JSON encoding: a private key's newlines are
 * still newlines for the redactor, not `\n` escapes.
 */
function redactDeep(value: unknown, redactor: Redactor): unknown {
  if (typeof value === 'string') return redactor.redact(value);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, redactor));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, redactor)]));
  }
  return value;
}

/**
 * A span attribute value from agent data: strings as they are, anything
 * else as JSON; redacted first, then cut to `maxChars` (cutting first could
 * leave half a secret that no longer matches a pattern).
 */
export function attributeText(value: unknown, redactor: Redactor, maxChars: number): AttributeText {
  const redacted = redactDeep(value, redactor);
  const text = typeof redacted === 'string' ? redacted : (JSON.stringify(redacted) ?? '');
  if (text.length <= maxChars) return { text, truncated: false };
  return { text: text.slice(0, Math.max(0, maxChars - TRUNCATION_MARKER.length)) + TRUNCATION_MARKER, truncated: true };
}
