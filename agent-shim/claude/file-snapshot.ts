import { createHash } from 'node:crypto';
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

export function contentHash(content: Buffer | string): string {
  return `sha256:${createHash('sha256').update(content).digest('hex')}`;
}

export async function snapshotFile(absolutePath: string): Promise<FileSnapshot> {
  const info = await stat(absolutePath).catch(() => undefined);
  if (info === undefined || !info.isFile()) return MISSING_FILE;
  if (info.size > MAX_SNAPSHOT_BYTES) return { exists: true, hash: undefined, content: undefined };
  const bytes = await readFile(absolutePath).catch(() => undefined);
  if (bytes === undefined) return MISSING_FILE;
  return { exists: true, hash: contentHash(bytes), content: bytes.toString('utf8') };
}
