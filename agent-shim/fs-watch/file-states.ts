import type { FileSnapshot } from '../claude/file-snapshot.js';

/** A file known to exist whose content was never read (too big, over budget, or not read yet). */
export const UNREAD: FileSnapshot = { exists: true, hash: undefined, content: undefined };

/**
 * The last known state of every file in the work tree, for judging a
 * change: did the file exist (create vs modify), what was its hash (rename,
 * no-op), what were its lines (line counts). Contents are kept within a
 * byte budget, least recently changed dropped first — a dropped content
 * keeps its hash. Paths are repository-relative.
 */
export class FileStates {
  private readonly states = new Map<string, FileSnapshot>();
  /** Paths whose content is kept, with its size; insertion order = least recently changed first. */
  private readonly contents = new Map<string, number>();
  private contentBytes = 0;

  constructor(
    private readonly maxContentBytes: number,
    /** Larger contents are never kept: one huge file must not push out everything else. */
    private readonly maxFileContentBytes: number,
  ) {}

  /** The file's last known state; undefined when it is not known to exist. */
  get(path: string): FileSnapshot | undefined {
    return this.states.get(path);
  }

  /** Records the file's state now (`undefined`: it does not exist). */
  set(path: string, snapshot: FileSnapshot | undefined): void {
    this.dropContent(path);
    this.states.delete(path);
    if (snapshot === undefined || !snapshot.exists) return;
    const size = snapshot.content === undefined ? 0 : Buffer.byteLength(snapshot.content);
    const keep = snapshot.content !== undefined && size <= this.maxFileContentBytes;
    this.states.set(path, keep ? snapshot : { ...snapshot, content: undefined });
    if (!keep) return;
    this.contents.set(path, size);
    this.contentBytes += size;
    for (const [oldest] of this.contents) {
      if (this.contentBytes <= this.maxContentBytes) break;
      this.dropContent(oldest);
    }
  }

  /** Total bytes of content kept. */
  get keptContentBytes(): number {
    return this.contentBytes;
  }

  private dropContent(path: string): void {
    const size = this.contents.get(path);
    if (size === undefined) return;
    this.contents.delete(path);
    this.contentBytes -= size;
    const state = this.states.get(path);
    if (state !== undefined) this.states.set(path, { ...state, content: undefined });
  }
}
