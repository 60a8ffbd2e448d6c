import { FILE_OP, type FileOp } from '../../semconv/index.js';
import type { FileSnapshot } from '../claude/file-snapshot.js';

/** A path's state before and after one batch of file-system events. */
export interface ObservedPath {
  readonly path: string;
  /** When the watcher first heard of it in this batch (epoch ms). */
  readonly firstSeenMs: number;
  /** Undefined: the file did not exist. */
  readonly before: FileSnapshot | undefined;
  readonly after: FileSnapshot | undefined;
}

/** One `file.edit` to report. */
export interface FileChange {
  readonly path: string;
  readonly op: FileOp;
  /** The previous path of a renamed file. */
  readonly oldPath?: string;
  readonly firstSeenMs: number;
  readonly before: FileSnapshot | undefined;
  readonly after: FileSnapshot | undefined;
}

function opOf(observed: ObservedPath): FileOp | undefined {
  const { before, after } = observed;
  if (after === undefined) return before === undefined ? undefined : FILE_OP.delete;
  if (before === undefined) return FILE_OP.create;
  // Same content (a `touch`, a rewrite with the same bytes): nothing changed.
  if (before.hash !== undefined && before.hash === after.hash) return undefined;
  return FILE_OP.modify;
}

/**
 * What a batch of observations amounts to. A file that vanished and one
 * that appeared with identical content in the same batch are one rename
 * (`mv`, `git mv`, an editor's save-as-and-delete); a file that came and
 * went within the batch, or was rewritten unchanged, is nothing.
 */
export function fileChanges(observed: readonly ObservedPath[]): FileChange[] {
  const changes: FileChange[] = [];
  for (const o of observed) {
    const op = opOf(o);
    if (op !== undefined) changes.push({ path: o.path, op, firstSeenMs: o.firstSeenMs, before: o.before, after: o.after });
  }
  const createdByHash = new Map<string, FileChange[]>();
  for (const change of changes) {
    const hash = change.after?.hash;
    if (change.op === FILE_OP.create && hash !== undefined) createdByHash.set(hash, [...(createdByHash.get(hash) ?? []), change]);
  }
  const result: FileChange[] = [];
  const paired = new Set<FileChange>();
  for (const change of changes) {
    if (change.op !== FILE_OP.delete) continue;
    const create = change.before?.hash === undefined ? undefined : createdByHash.get(change.before.hash)?.find((c) => !paired.has(c));
    if (create === undefined) continue;
    paired.add(create);
    result.push({
      path: create.path,
      op: FILE_OP.rename,
      oldPath: change.path,
      firstSeenMs: Math.min(change.firstSeenMs, create.firstSeenMs),
      before: change.before,
      after: create.after,
    });
    paired.add(change);
  }
  return [...result, ...changes.filter((c) => !paired.has(c))].sort((a, b) => a.firstSeenMs - b.firstSeenMs || a.path.localeCompare(b.path));
}
