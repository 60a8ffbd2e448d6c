import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * Bytes of the files under `dir`, each file once: ClickHouse hard-links part
 * files (mutations, detached parts), so counting paths would overstate it.
 * Symbolic links are not followed (chDB's `data/` links point into `store/`).
 * Files that vanish while we walk (merges) are skipped.
 */
export async function directorySizeBytes(dir: string): Promise<number> {
  const seenInodes = new Set<string>();
  let totalBytes = 0;
  const pending = [dir];
  for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
    let entries;
    try {
      entries = await readdir(current, { withFileTypes: true });
    } catch {
      continue; // removed by a merge since we listed its parent
    }
    for (const entry of entries) {
      const entryPath = path.join(current, entry.name);
      if (entry.isDirectory()) {
        pending.push(entryPath);
      } else if (entry.isFile()) {
        const stats = await lstat(entryPath).catch(() => undefined);
        if (stats === undefined) continue;
        const inode = `${stats.dev}:${stats.ino}`;
        if (seenInodes.has(inode)) continue;
        seenInodes.add(inode);
        totalBytes += stats.size;
      }
    }
  }
  return totalBytes;
}

/**
 * `directorySizeBytes(dir)` remembered for `maxAgeMs`: the status endpoint
 * may be polled often (dashboards, scripts), and walking a large chDB
 * directory tree on every call would take CPU from ingest.
 */
export function cachedDirectorySize(dir: string, maxAgeMs: number): () => Promise<number> {
  let cached: { atMs: number; bytes: Promise<number> } | undefined;
  return () => {
    const now = Date.now();
    if (cached === undefined || now - cached.atMs > maxAgeMs) {
      const bytes = directorySizeBytes(dir);
      cached = { atMs: now, bytes };
      bytes.catch(() => (cached = undefined));
    }
    return cached.bytes;
  };
}
