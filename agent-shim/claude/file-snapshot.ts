import { createHash } from 'node:crypto';
import { readFileSync, statSync, type Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';

/**
 * Files larger than this are not read for hashes and line counts: an edit
 * hook must answer in milliseconds, and agents do not hand-edit such files.
 */
export const MAX_SNAPSHOT_BYTES = 8 * 1024 * 1024;

/** A file's state at one moment, as far as the shim looked. */
export interface FileSnapshot {
  readonly exists: boolean;
  /** `sha256:<hex>` of the content; undefined when absent or larger than MAX_SNAPSHOT_BYTES. */
  readonly hash: string | undefined;
  readonly content: string | undefined;
}

export const MISSING_FILE: FileSnapshot = { exists: false, hash: undefined, content: undefined };

const TOO_LARGE: FileSnapshot = { exists: true, hash: undefined, content: undefined };

export function contentHash(content: Buffer | string): string {
  return `sha256:${createHash('sha256').update(content).digest('hex')}`;
}

const ofBytes = (bytes: Buffer | undefined): FileSnapshot => (bytes === undefined ? MISSING_FILE : { exists: true, hash: contentHash(bytes), content: bytes.toString('utf8') });

/** Whether the file is worth reading: MISSING_FILE or TOO_LARGE when not. */
const unreadable = (info: Stats | undefined): FileSnapshot | undefined => {
  if (info === undefined || !info.isFile()) return MISSING_FILE;
  return info.size > MAX_SNAPSHOT_BYTES ? TOO_LARGE : undefined;
};

export async function snapshotFile(absolutePath: string): Promise<FileSnapshot> {
  const info = await stat(absolutePath).catch(() => undefined);
  return unreadable(info) ?? ofBytes(await readFile(absolutePath).catch(() => undefined));
}

function attempt<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/**
 * `snapshotFile` on the event loop, for a hook that cannot answer before it
 * has the file: a stat and a read of a source file take tens of
 * microseconds where the thread pool's five round trips (stat, open, fstat,
 * read, close) took ~0.4 ms per snapshot (bench/shim replay of Edit calls).
 * Not for walking many files, which would hold the loop.
 */
export function snapshotFileNow(absolutePath: string): FileSnapshot {
  const info = attempt(() => statSync(absolutePath, { throwIfNoEntry: false }));
  return unreadable(info) ?? ofBytes(attempt(() => readFileSync(absolutePath)));
}
