import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { createCoalescingRunner } from './coalescing-runner.js';
import { gitText } from './git.js';
import { KeyedDebouncer } from './keyed-debouncer.js';

/**
 * Notices when branch heads move (a merge into main, a fetch of
 * origin/main) as it happens, instead of at the next poll: `fs.watch` on
 * the files git rewrites when a ref changes, in the repository's common git
 * directory — the loose ref file's directory (`refs/heads/` for
 * `refs/heads/main`), `packed-refs`, and `reftable/tables.list` for
 * repositories with reftable storage. git replaces those files by
 * renaming a lock file over them, so directories are watched, not files,
 * and events are matched by file name. A burst of events settles
 * (`settleMs`), then one `git for-each-ref` per repository reads the
 * watched heads: only a head that differs from the last one seen is a move.
 * Nothing of the repository is written. A ref whose directory does not
 * exist yet is watched from its nearest existing parent, and watches are
 * placed again after every read. Where file events do not arrive (network
 * file systems) the callers' interval checks still catch the move.
 */
export interface WatchedRef {
  /** A work tree of the repository: the ref lives in its common git directory. */
  readonly worktree: string;
  /** Full ref name, e.g. `refs/heads/main`. */
  readonly ref: string;
  /** The head the caller last saw: a different one is a move, even one that happened before the watch began. */
  readonly commit: string;
}

export interface MovedRef {
  /** The repository's common git directory. */
  readonly repoDir: string;
  readonly ref: string;
  /** The head now; undefined when the ref was deleted. */
  readonly commit: string | undefined;
}

export interface RefWatcherOptions {
  /** Quiet time after a ref's files changed before its head is read (git writes several files per update). */
  readonly settleMs: number;
  readonly onMove: (moved: readonly MovedRef[]) => void;
  /** A failed read of heads or placement of a watch (to log); the next event or `watch()` tries again. */
  readonly onError: (error: unknown) => void;
}

/** Lifecycle: `watch()` (again) whenever the set of refs changes; `close()` is idempotent. */
export interface RefWatcher {
  /**
   * Watches exactly these refs from now on (of work trees git can still
   * find); refs not watched before are read once at once (after `settleMs`).
   */
  watch(refs: readonly WatchedRef[]): Promise<void>;
  close(): Promise<void>;
}

/** A read of heads runs at the latest this many quiet periods after the first event of a burst. */
const MAX_SETTLE_PERIODS = 4;

interface DirectoryWatch {
  readonly watcher: FSWatcher;
  readonly repoDir: string;
  /** File names in the directory whose change may be a watched ref's. */
  names: Set<string>;
}

/** The directory and file name whose change announces a change of `ref`: its loose file, or the nearest parent that exists. */
async function loosePoint(repoDir: string, ref: string): Promise<[string, string]> {
  let dir = path.dirname(path.join(repoDir, ref));
  let name = path.basename(ref);
  while (dir !== repoDir && !(await isDirectory(dir))) [dir, name] = [path.dirname(dir), path.basename(dir)];
  return [dir, name];
}

async function isDirectory(dir: string): Promise<boolean> {
  return (await stat(dir).catch(() => undefined))?.isDirectory() ?? false;
}

/** Every (directory, file name) a change of these refs of one repository shows up in. */
async function watchPoints(repoDir: string, refs: Iterable<string>): Promise<Map<string, Set<string>>> {
  const points = new Map<string, Set<string>>([[repoDir, new Set(['packed-refs'])]]);
  const reftable = path.join(repoDir, 'reftable');
  if (await isDirectory(reftable)) points.set(reftable, new Set(['tables.list']));
  for (const ref of refs) {
    const [dir, name] = await loosePoint(repoDir, ref);
    points.set(dir, (points.get(dir) ?? new Set()).add(name));
  }
  return points;
}

/** The heads of `refs` in the repository at `repoDir`, by ref; deleted refs are absent. */
async function readHeads(repoDir: string, refs: readonly string[]): Promise<Map<string, string>> {
  // Ref names cannot hold spaces or newlines: `<commit> <ref>` lines parse plainly.
  const text = await gitText(['for-each-ref', '--format=%(objectname) %(refname)', ...refs], { gitDir: repoDir });
  const heads = new Map<string, string>();
  for (const line of text.split('\n')) {
    const space = line.indexOf(' ');
    const ref = line.slice(space + 1);
    // for-each-ref also lists refs below a pattern (refs/heads/main/x): keep the exact names only.
    if (space > 0 && refs.includes(ref)) heads.set(ref, line.slice(0, space));
  }
  return heads;
}

export function createRefWatcher(options: RefWatcherOptions): RefWatcher {
  const repoDirOf = new Map<string, string>();
  /** Watched refs by repository, with the head last seen (undefined: no such ref). */
  let watched = new Map<string, Map<string, string | undefined>>();
  const directories = new Map<string, DirectoryWatch>();
  let closed = false;
  const reads = new KeyedDebouncer<string>({
    waitMs: options.settleMs,
    maxWaitMs: options.settleMs * MAX_SETTLE_PERIODS,
    run: (repoDir) => readRepository(repoDir),
    onError: (_repoDir, error) => options.onError(error),
  });

  async function repoDirFor(worktree: string): Promise<string> {
    const known = repoDirOf.get(worktree);
    if (known !== undefined) return known;
    const repoDir = await gitText(['rev-parse', '--path-format=absolute', '--git-common-dir'], { cwd: worktree });
    repoDirOf.set(worktree, repoDir);
    return repoDir;
  }

  function onEvent(directory: DirectoryWatch, name: string | null): void {
    // Without a name (some platforms) any change may be ours.
    if (name === null || directory.names.has(name)) reads.touch(directory.repoDir);
  }

  function unwatch(dir: string): void {
    directories.get(dir)?.watcher.close();
    directories.delete(dir);
  }

  /** Places the watches the watched refs need now, and removes the others. */
  async function placeWatches(): Promise<void> {
    const wanted = new Map<string, { repoDir: string; names: Set<string> }>();
    for (const [repoDir, refs] of watched) {
      for (const [dir, names] of await watchPoints(repoDir, refs.keys())) wanted.set(dir, { repoDir, names });
    }
    if (closed) return;
    for (const dir of [...directories.keys()]) if (!wanted.has(dir)) unwatch(dir);
    for (const [dir, { repoDir, names }] of wanted) {
      const existing = directories.get(dir);
      if (existing !== undefined) {
        existing.names = names;
        continue;
      }
      try {
        const directory: DirectoryWatch = { watcher: watch(dir, { persistent: false }), repoDir, names };
        directory.watcher.on('change', (_event, name) => onEvent(directory, typeof name === 'string' ? name : null));
        // A watch that fails (its directory was removed) is placed again by the next placement.
        directory.watcher.on('error', () => {
          directory.watcher.close();
          if (directories.get(dir) === directory) directories.delete(dir);
        });
        directories.set(dir, directory);
      } catch (error) {
        options.onError(error);
      }
    }
  }

  // One placement at a time, each after the latest change of `watched`: an older one must not undo a newer.
  const arm = createCoalescingRunner(placeWatches);

  async function readRepository(repoDir: string): Promise<void> {
    const refs = watched.get(repoDir);
    if (refs === undefined || closed) return;
    const heads = await readHeads(repoDir, [...refs.keys()]);
    const moved: MovedRef[] = [];
    for (const [ref, seen] of refs) {
      const commit = heads.get(ref);
      if (commit === seen) continue;
      moved.push({ repoDir, ref, commit });
      refs.set(ref, commit);
    }
    // A directory created or removed by this change (a first loose ref under refs/remotes/origin/) moves the watch.
    await arm.run();
    if (moved.length > 0 && !closed) options.onMove(moved);
  }

  return {
    async watch(refs) {
      if (closed) return;
      const next = new Map<string, Map<string, string | undefined>>();
      const fresh = new Set<string>();
      for (const { worktree, ref, commit } of refs) {
        // A work tree removed meanwhile has nothing left to watch for.
        const repoDir = await repoDirFor(worktree).catch(() => undefined);
        if (repoDir === undefined) continue;
        if (!watched.get(repoDir)?.has(ref)) fresh.add(repoDir);
        next.set(repoDir, (next.get(repoDir) ?? new Map<string, string | undefined>()).set(ref, commit));
      }
      const worktrees = new Set(refs.map((r) => r.worktree));
      for (const worktree of [...repoDirOf.keys()]) if (!worktrees.has(worktree)) repoDirOf.delete(worktree);
      watched = next;
      await arm.run();
      // A ref that moved between the caller's look and the watch sent no event the watch saw.
      for (const repoDir of fresh) reads.touch(repoDir);
    },
    async close() {
      closed = true;
      await reads.shutdown();
      await arm.idle();
      for (const dir of [...directories.keys()]) unwatch(dir);
    },
  };
}
