import type { MergeMessage, StageEntry } from './merge-tree-output.js';

/**
 * The conflicted files of one merge-tree result: its stage entries grouped
 * by path, each with the kinds of conflict merge-tree's messages name.
 */
export type ConflictKind =
  | 'content'
  | 'add-add'
  | 'modify-delete'
  | 'rename'
  | 'binary'
  | 'file-directory'
  | 'mode'
  | 'submodule'
  | 'other';

function kindOf(type: string): ConflictKind {
  if (type === 'CONFLICT (contents)') return 'content';
  if (type === 'CONFLICT (binary)') return 'binary';
  if (type === 'CONFLICT (modify/delete)') return 'modify-delete';
  if (type === 'CONFLICT (file/directory)') return 'file-directory';
  if (type === 'CONFLICT (distinct modes)') return 'mode';
  if (type.includes('rename')) return 'rename';
  if (type.includes('submodule')) return 'submodule';
  return 'other';
}

/** A conflicted file as merge-tree reports it, before line ranges are added. */
export interface FileDraft {
  readonly path: string;
  readonly kinds: ConflictKind[];
  readonly stages: Map<number, string>;
  readonly messages: string[];
}

export function draftFiles(entries: readonly StageEntry[], messages: readonly MergeMessage[]): FileDraft[] {
  const files = new Map<string, FileDraft>();
  for (const entry of entries) {
    const file = files.get(entry.path) ?? { path: entry.path, kinds: [], stages: new Map(), messages: [] };
    file.stages.set(entry.stage, entry.oid);
    files.set(entry.path, file);
  }
  for (const message of messages.filter((m) => m.type.startsWith('CONFLICT'))) {
    for (const path of message.paths) {
      const file = files.get(path);
      if (file === undefined) continue;
      // A content conflict with no merge-base version is both sides adding the file.
      const kind = kindOf(message.type) === 'content' && !file.stages.has(1) ? 'add-add' : kindOf(message.type);
      if (!file.kinds.includes(kind)) file.kinds.push(kind);
      file.messages.push(message.text);
    }
  }
  for (const file of files.values()) if (file.kinds.length === 0) file.kinds.push('other');
  return [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Content conflicts leave markers in the merged file, with line ranges to find. */
export function hasRegions(file: FileDraft): boolean {
  return file.kinds.includes('content') || file.kinds.includes('add-add');
}
