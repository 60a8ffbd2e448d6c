import path from 'node:path';
import { FILE_OP, type FileOp } from '../../semconv/index.js';
import type { FileSnapshot } from './file-snapshot.js';
import { diffLineCounts, type LineCounts } from './line-diff.js';

/**
 * What an editing tool did to its file, from the PostToolUse payload and
 * the file as it was before (read at PreToolUse) and after. Claude Code's
 * `tool_response.structuredPatch` (Edit, Write of an existing file) gives
 * the line counts; where it is empty or absent (Write of a new file,
 * NotebookEdit) the before and after contents are compared.
 */

/** Claude Code tools that change a file; MultiEdit exists in older 2.x versions only. */
export const EDITING_TOOLS: ReadonlySet<string> = new Set(['Write', 'Edit', 'MultiEdit', 'NotebookEdit']);

/** The absolute path an editing tool works on (`file_path`, or `notebook_path` for NotebookEdit). */
export function editedPath(toolInput: Readonly<Record<string, unknown>>, cwd: string): string | undefined {
  const target = toolInput['file_path'] ?? toolInput['notebook_path'];
  return typeof target === 'string' && target !== '' ? path.resolve(cwd, target) : undefined;
}

/** Repository-relative path with `/` separators; a file outside the work tree keeps its absolute path. */
export function repoRelativePath(absolutePath: string, workTreePath: string): string {
  const relative = path.relative(workTreePath, absolutePath);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return absolutePath.split(path.sep).join('/');
  return relative.split(path.sep).join('/');
}

/** What an edit is about to do, judged before it runs. */
export function intendedOp(before: FileSnapshot): FileOp {
  return before.exists ? FILE_OP.modify : FILE_OP.create;
}

export interface FileEditFacts {
  readonly op: FileOp;
  /** Undefined when a side was too large to read (MAX_SNAPSHOT_BYTES) and no patch said it. */
  readonly lines: LineCounts | undefined;
}

interface PatchHunk {
  readonly lines: readonly string[];
}

function asRecord(value: unknown): Readonly<Record<string, unknown>> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function isPatch(value: unknown): value is readonly PatchHunk[] {
  return Array.isArray(value) && value.every((hunk) => Array.isArray(asRecord(hunk)['lines']));
}

function patchLineCounts(patch: readonly PatchHunk[]): LineCounts {
  let added = 0;
  let removed = 0;
  for (const hunk of patch) {
    for (const line of hunk.lines) {
      if (line.startsWith('+')) added++;
      else if (line.startsWith('-')) removed++;
    }
  }
  return { added, removed };
}

/** `before` is undefined when the PreToolUse was missed; the response's `originalFile` then stands in for it. */
export function fileEditFacts(toolResponse: unknown, before: FileSnapshot | undefined, after: FileSnapshot): FileEditFacts {
  const response = asRecord(toolResponse);
  const originalFile = response['originalFile'];
  const existedBefore = before?.exists ?? (typeof originalFile === 'string' || response['type'] === 'update');
  const op: FileOp = !after.exists ? FILE_OP.delete : existedBefore ? FILE_OP.modify : FILE_OP.create;
  const patch = response['structuredPatch'];
  if (isPatch(patch) && patch.length > 0) return { op, lines: patchLineCounts(patch) };
  const beforeContent = !existedBefore ? '' : (before?.content ?? (typeof originalFile === 'string' ? originalFile : undefined));
  const afterContent = !after.exists ? '' : after.content;
  const lines = beforeContent === undefined || afterContent === undefined ? undefined : diffLineCounts(beforeContent, afterContent);
  return { op, lines };
}
