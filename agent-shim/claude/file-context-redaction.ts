import { MARKER_PREFIX } from '../../redaction/marker.js';
import type { Redactor } from '../../redaction/redactor.js';

/**
 * Some tool results show a window of a file: the hunks of Claude Code's
 * `structuredPatch` (Edit, MultiEdit, Write of an existing file: each change
 * with up to three lines around it) and a Read with an offset or a limit.
 * A window can begin or end inside a multi-line secret — the last lines of
 * a private key whose BEGIN line lies outside it — and those lines match no
 * pattern on their own. So such lines are redacted with the whole file as
 * context: a line is kept, redacted on its own, when that gives a line of
 * the whole file's redaction; otherwise it lies in a secret that spans
 * lines, and the marker lines of the redacted file around it stand in for
 * it (once for a run of such lines).
 *
 * Everything stored is then a line of the redacted file, as safe as
 * redacting the whole file. A window that does not match the file given
 * (changed again meanwhile) is left as it is, for `attributeText`'s
 * redaction.
 */

/** A file's text and its redaction, line by line. */
interface RedactedFile {
  readonly lines: readonly string[];
  readonly redacted: readonly string[];
  readonly redactedSet: ReadonlySet<string>;
  /**
   * Lines the same in both and unique in each, as [line, redacted line]
   * pairs in order, from [-1, -1] to the ends: redaction only replaces
   * spans by markers, so between two anchors the file's lines became the
   * redacted lines between them.
   */
  readonly anchors: ReadonlyArray<readonly [number, number]>;
}

function anchorsOf(lines: readonly string[], redacted: readonly string[]): Array<readonly [number, number]> {
  /** Index of each line that occurs once; -1 for repeated lines. */
  const unique = (of: readonly string[]) => {
    const at = new Map<string, number>();
    of.forEach((line, i) => at.set(line, at.has(line) ? -1 : i));
    return at;
  };
  const inFile = unique(lines);
  const inRedacted = unique(redacted);
  const anchors: Array<readonly [number, number]> = [[-1, -1]];
  lines.forEach((line, i) => {
    const k = inRedacted.get(line);
    if (inFile.get(line) === i && k !== undefined && k > anchors.at(-1)![1]) anchors.push([i, k]);
  });
  anchors.push([lines.length, redacted.length]);
  return anchors;
}

function redactedFile(text: string, redactor: Redactor): RedactedFile {
  const lines = text.split('\n');
  const redacted = redactor.redact(text).split('\n');
  return { lines, redacted, redactedSet: new Set(redacted), anchors: anchorsOf(lines, redacted) };
}

/** Index in `file.anchors` of the anchor after line `index`: the line lies between it and the one before. */
function anchorAfter(file: RedactedFile, index: number): number {
  let low = 1;
  let high = file.anchors.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (file.anchors[mid]![0] > index) high = mid;
    else low = mid + 1;
  }
  return low;
}

/** One line of a window: line `index` of `file`, shown after `prefix` (a diff hunk's ` `, `-`, `+`; nothing for a Read). */
interface WindowLine {
  readonly file: RedactedFile;
  readonly index: number;
  readonly prefix: string;
}

/** The window's lines as stored (see above); undefined when a line is not the file's line at its index. */
function redactWindow(window: readonly WindowLine[], shown: readonly string[], redactor: Redactor): string[] | undefined {
  const out: string[] = [];
  /** Per file and stretch between anchors, the redacted lines this window already shows. */
  const showing = new Map<RedactedFile, Map<number, Set<string>>>();
  const shownIn = (file: RedactedFile, stretch: number) => {
    const byStretch = showing.get(file) ?? new Map<number, Set<string>>();
    showing.set(file, byStretch);
    const lines = byStretch.get(stretch) ?? new Set<string>();
    byStretch.set(stretch, lines);
    return lines;
  };
  for (const [i, { file, index, prefix }] of window.entries()) {
    const content = file.lines[index];
    if (content === undefined || shown[i] !== content) return undefined;
    const stretch = anchorAfter(file, index);
    const already = shownIn(file, stretch);
    const alone = redactor.redact(content);
    if (file.redactedSet.has(alone)) {
      out.push(prefix + alone);
      already.add(alone);
      continue;
    }
    // Part of a secret that spans lines: the marker lines of its stretch of the redacted file, those not shown yet.
    const [from, to] = [file.anchors[stretch - 1]![1] + 1, file.anchors[stretch]![1]];
    for (const line of file.redacted.slice(from, to)) {
      if (!line.includes(MARKER_PREFIX) || already.has(line)) continue;
      out.push(prefix + line);
      already.add(line);
    }
  }
  return out;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** A hunk's lines as stored, redacted against the files before and after; undefined when the hunk does not match them. */
function redactHunk(lines: readonly string[], oldStart: number, newStart: number, before: RedactedFile, after: RedactedFile, redactor: Redactor): string[] | undefined {
  const out: string[] = [];
  let oldIndex = oldStart - 1;
  let newIndex = newStart - 1;
  // Lines of the window between `\` lines (which say "no newline at end of file" and are kept as they are).
  let window: WindowLine[] = [];
  let shown: string[] = [];
  const flush = () => {
    const redacted = redactWindow(window, shown, redactor);
    window = [];
    shown = [];
    if (redacted === undefined) return false;
    out.push(...redacted);
    return true;
  };
  for (const line of lines) {
    const prefix = line[0];
    if (prefix === '\\') {
      if (!flush()) return undefined;
      out.push(line);
      continue;
    }
    if (prefix !== ' ' && prefix !== '-' && prefix !== '+') return undefined;
    window.push(prefix === '+' ? { file: after, index: newIndex, prefix } : { file: before, index: oldIndex, prefix });
    shown.push(line.slice(1));
    if (prefix !== '+') oldIndex++;
    if (prefix !== '-') newIndex++;
  }
  return flush() ? out : undefined;
}

/**
 * `response` (an Edit, MultiEdit or Write PostToolUse `tool_response`)
 * with the lines of its `structuredPatch` hunks redacted against the file
 * `before` and `after` the call. Unchanged when there is no patch, a text
 * is unknown, or neither holds a secret.
 */
export function redactStructuredPatch(response: unknown, before: string | undefined, after: string | undefined, redactor: Redactor): unknown {
  const record = asRecord(response);
  const patch = record?.['structuredPatch'];
  if (record === undefined || !Array.isArray(patch) || patch.length === 0 || before === undefined || after === undefined) return response;
  if (!redactor.containsSecret(before) && !redactor.containsSecret(after)) return response;
  const files = { before: redactedFile(before, redactor), after: redactedFile(after, redactor) };
  const structuredPatch = patch.map((value: unknown) => {
    const hunk = asRecord(value);
    const { oldStart, newStart, lines } = hunk ?? {};
    if (typeof oldStart !== 'number' || typeof newStart !== 'number' || !Array.isArray(lines) || !lines.every((l) => typeof l === 'string')) return value;
    const redacted = redactHunk(lines as string[], oldStart, newStart, files.before, files.after, redactor);
    return redacted === undefined ? value : { ...hunk, lines: redacted };
  });
  return { ...record, structuredPatch };
}

/** The part of a Read `tool_response` this looks at: `file.content` holds lines `startLine`… of the file. */
interface ReadFile {
  readonly content: string;
  readonly startLine: number;
  readonly numLines?: number;
  readonly totalLines?: number;
}

function readFileOf(response: unknown): ReadFile | undefined {
  const file = asRecord(asRecord(response)?.['file']);
  return typeof file?.['content'] === 'string' && typeof file['startLine'] === 'number' ? (file as unknown as ReadFile) : undefined;
}

/** True when a Read `tool_response` shows part of a text file only (an offset or a limit). */
export function isPartialRead(response: unknown): boolean {
  const file = readFileOf(response);
  return file !== undefined && (file.startLine > 1 || (file.numLines !== undefined && file.totalLines !== undefined && file.numLines < file.totalLines));
}

/**
 * `response` (a Read PostToolUse `tool_response`) with the lines of
 * `file.content` redacted against the whole file `text`. Unchanged when it
 * is no text read, `text` holds no secret, or the lines are not `text`'s.
 */
export function redactReadWindow(response: unknown, text: string | undefined, redactor: Redactor): unknown {
  const read = readFileOf(response);
  if (read === undefined || text === undefined || !redactor.containsSecret(text)) return response;
  const file = redactedFile(text, redactor);
  const shown = read.content.split('\n');
  // A final newline ends the last line shown rather than starting another.
  const finalNewline = shown.length > 1 && shown.at(-1) === '';
  if (finalNewline) shown.pop();
  const redacted = redactWindow(
    shown.map((_, i) => ({ file, index: read.startLine - 1 + i, prefix: '' })),
    shown,
    redactor,
  );
  if (redacted === undefined) return response;
  const record = asRecord(response)!;
  return { ...record, file: { ...asRecord(record['file']), content: redacted.join('\n') + (finalNewline ? '\n' : '') } };
}
