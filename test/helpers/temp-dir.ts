import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onTestFinished } from 'vitest';

/** Directories made outside a test (in beforeAll), removed after the file's last test by `removeFileTempDirs`. */
const fileDirs = new Set<string>();

/**
 * A fresh directory under the OS temp dir, removed when the current test
 * ends — or, when made in a beforeAll hook, after the test file's last test
 * (test/setup-files.ts). Process exit handlers do not run in vitest's
 * forked workers, so they cannot be relied on.
 */
export function tempDir(prefix = 'agentfleet-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  try {
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  } catch {
    fileDirs.add(dir);
  }
  return dir;
}

export function removeFileTempDirs(): void {
  for (const dir of fileDirs) rmSync(dir, { recursive: true, force: true });
  fileDirs.clear();
}
