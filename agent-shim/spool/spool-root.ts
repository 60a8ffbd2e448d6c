import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The spool root holds one directory per `agentfleet run`, each a `Spool`. */

/**
 * Creates the spool root with a `.gitignore` of `*`, so a spool inside a
 * repository (the default is `.agentfleet/spool` in the cwd) never shows up
 * in `git status` or in the file watcher.
 */
export async function prepareSpoolRoot(root: string): Promise<void> {
  await mkdir(root, { recursive: true });
  await writeFile(path.join(root, '.gitignore'), '*\n', { flag: 'wx' }).catch(() => undefined);
}

/**
 * Name of a run's spool directory: its start time first, so that sorting
 * the names replays earlier runs first, then the run's id.
 */
export function spoolDirName(startedAt: Date, runId: string): string {
  return `${startedAt.toISOString().replace(/[-:.]/g, '')}-${runId}`;
}

/** Spool directories under `root` other than `ownDir`, oldest run first: candidates left by earlier runs. */
export async function otherSpoolDirs(root: string, ownDir: string): Promise<string[]> {
  const dirents = await readdir(root, { withFileTypes: true }).catch(() => []);
  return dirents
    .filter((d) => d.isDirectory() && path.join(root, d.name) !== ownDir)
    .map((d) => path.join(root, d.name))
    .sort();
}
