import type { Redactor } from '../../redaction/redactor.js';

/** Appended to a value cut to the size limit, so a reader sees it is incomplete. */
const TRUNCATION_MARKER = '…[truncated]';

interface AttributeText {
  readonly text: string;
  /** True when the text was cut to the limit (the span then gets `agentfleet.truncated`). */
  readonly truncated: boolean;
}

/**
 * Strings that are parts of one text — the lines of a diff hunk or of an
 * output, the words of a command line — are also redacted as that text:
 * a private key's body lines, or the value after `--password`, look like
 * nothing on their own. When the text gives away what the parts alone do
 * not, the parts become the redacted text's pieces (fewer of them: a
 * marker can take several).
 */
function redactParts(parts: readonly string[], redactor: Redactor): string[] {
  const each = parts.map((part) => redactor.redact(part));
  // Joined as lines; and as words too when no part holds whitespace (an argument vector).
  const separators = parts.some((part) => /\s/.test(part)) ? ['\n'] : ['\n', ' '];
  for (const separator of separators) {
    const whole = redactor.redact(parts.join(separator));
    // Each piece again: what a part alone gives away and the joined text hid (rare) is caught too; markers stay as they are.
    if (whole !== each.join(separator)) return whole.split(separator).map((piece) => redactor.redact(piece));
  }
  return each;
}

/** A jsdiff hunk, as in Claude Code's `structuredPatch`: lines prefixed ` ` (both sides), `-` (old), `+` (new), `\` (no newline at end). */
interface DiffHunk {
  readonly oldStart: number;
  readonly newStart: number;
  readonly lines: readonly string[];
}

function isDiffHunk(value: object): value is DiffHunk {
  const hunk = value as Partial<Record<keyof DiffHunk, unknown>>;
  return typeof hunk.oldStart === 'number' && typeof hunk.newStart === 'number' && Array.isArray(hunk.lines) && hunk.lines.every((line) => typeof line === 'string' && /^[ +\-\\]/.test(line));
}

/**
 * A hunk's lines, redacted as the two texts they are: the file before
 * (context and `-` lines, without their prefixes) and after (context and
 * `+` lines). When line-by-line redaction gives the same two texts, the
 * lines keep their shape; otherwise a secret spans lines and the hunk
 * becomes "every old line removed, every new line added", each side
 * redacted as a whole.
 */
function redactHunkLines(lines: readonly string[], redactor: Redactor): string[] {
  const side = (of: readonly string[], prefix: '-' | '+') => of.filter((line) => line[0] === ' ' || line[0] === prefix).map((line) => line.slice(1));
  const each = lines.map((line) => (line[0] === '\\' ? line : line[0] + redactor.redact(line.slice(1))));
  const sides = (['-', '+'] as const).map((prefix) => {
    const text = side(lines, prefix);
    return { prefix, redacted: text.length === 0 ? [] : redactParts(text, redactor) };
  });
  if (sides.every(({ prefix, redacted }) => redacted.join('\n') === side(each, prefix).join('\n'))) return each;
  return sides.flatMap(({ prefix, redacted }) => redacted.map((line) => prefix + line));
}

/**
 * Every string inside `value` redacted, in place of the value. Strings are
 * redacted before any JSON encoding: a private key's newlines are still
 * newlines for the redactor, not `\n` escapes. Object keys are kept.
 */
function redactDeep(value: unknown, redactor: Redactor): unknown {
  if (typeof value === 'string') return redactor.redact(value);
  if (Array.isArray(value)) {
    if (value.length > 1 && value.every((v) => typeof v === 'string')) return redactParts(value as string[], redactor);
    return value.map((v) => redactDeep(v, redactor));
  }
  if (value !== null && typeof value === 'object') {
    const hunk = isDiffHunk(value);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, hunk && k === 'lines' ? redactHunkLines(v as string[], redactor) : redactDeep(v, redactor)]));
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
