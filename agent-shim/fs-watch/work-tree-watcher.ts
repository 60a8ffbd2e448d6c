import type { Stats } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { watch, type FSWatcher } from 'chokidar';
import type { Logger } from '../../orchestrator/log.js';
import type { IgnoreRules } from './ignore-rules.js';
import type { WatchConfig } from './watch-config.js';

/** A file that changed in some way, and when the watcher first heard of it. */
export interface DirtyPath {
  /** Repository-relative, `/` separators. */
  readonly path: string;
  readonly firstSeenMs: number;
}

export interface WorkTreeWatcherOptions {
  readonly root: string;
  readonly rules: IgnoreRules;
  readonly config: WatchConfig;
  readonly log: Logger;
  /** A file found by the initial scan (it existed before the agent started). */
  readonly onExisting: (path: string, stats: Stats | undefined) => void;
  /** One debounced batch of changed, not ignored files. Batches are handed over one at a time. */
  readonly onBatch: (paths: DirtyPath[]) => Promise<void>;
}

export interface WorkTreeWatcher {
  /** Resolves once the initial scan is done, or after `readyTimeoutMs` (the agent does not wait longer). Never rejects. */
  start(): Promise<void>;
  /** Waits for the last events to arrive, hands over the last batch, stops watching. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Recursive watching of the work tree with chokidar. Events are collected
 * per path and handed over in batches once no event came for `debounceMs`
 * (or `maxBatchDelayMs` after the batch's first event), so that the two
 * halves of a rename land in one batch and a file written in many chunks is
 * judged once. Before a batch is handed over, git is asked which of its new
 * paths it ignores: those are dropped, and ignored new directories (an
 * `npm install`'s `node_modules`) are no longer watched.
 */
export function createWorkTreeWatcher(options: WorkTreeWatcherOptions): WorkTreeWatcher {
  const { root, rules, config, log } = options;
  const relative = (absolutePath: string) => path.relative(root, absolutePath).split(path.sep).join('/');
  let watcher: FSWatcher | undefined;
  let ready = false;
  const dirty = new Map<string, number>();
  const newDirs = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let batchStartedMs = 0;
  let handing: Promise<void> = Promise.resolve();
  let stopping: Promise<void> | undefined;

  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (dirty.size === 0 && newDirs.size === 0) return;
    const files = [...dirty].map(([p, firstSeenMs]) => ({ path: p, firstSeenMs }));
    const dirs = [...newDirs];
    dirty.clear();
    newDirs.clear();
    handing = handing.then(async () => {
      const ignored = await rules.ignoredAmong([...dirs, ...files.map((f) => f.path)]);
      for (const dir of dirs) if (ignored.has(dir)) watcher?.unwatch(path.join(root, dir));
      const kept = files.filter((f) => !ignored.has(f.path));
      if (kept.length > 0) await options.onBatch(kept);
    }).catch((error: unknown) => log.warn(`file watcher: ${String(error)}`));
  };

  const schedule = () => {
    const now = Date.now();
    if (timer === undefined) batchStartedMs = now;
    clearTimeout(timer);
    const waitMs = Math.min(config.debounceMs, Math.max(0, batchStartedMs + config.maxBatchDelayMs - now));
    timer = setTimeout(flush, waitMs);
  };

  const touched = (absolutePath: string) => {
    const p = relative(absolutePath);
    if (!dirty.has(p)) dirty.set(p, Date.now());
    schedule();
  };

  return {
    start() {
      watcher = watch(root, {
        ignored: (p: string) => rules.isIgnored(p),
        ignoreInitial: false,
        followSymlinks: false,
        alwaysStat: true,
        ignorePermissionErrors: true,
        // chokidar's atomic-save filter holds unlinks back 100 ms, which can split a rename over two batches;
        // a batch is judged by the files' state anyway, so an editor's save-by-rename is still one modify.
        atomic: false,
      });
      watcher.on('add', (p, stats) => (ready ? touched(p) : options.onExisting(relative(p), stats)));
      watcher.on('change', (p) => touched(p));
      watcher.on('unlink', (p) => touched(p));
      watcher.on('addDir', (p) => {
        if (!ready || p === root) return;
        newDirs.add(relative(p));
        schedule();
      });
      let warned = false;
      watcher.on('error', (error) => {
        // Typically ENOSPC (out of inotify watches) on a huge tree: watching goes on where it can.
        if (!warned) log.warn(`file watcher: ${String(error)}`);
        warned = true;
      });
      const scanned = new Promise<boolean>((resolve) =>
        watcher!.once('ready', () => {
          ready = true;
          resolve(true);
        }),
      );
      return Promise.race([scanned, sleep(config.readyTimeoutMs, false, { ref: false })]).then((done) => {
        // Until the scan ends, files it finds count as existing: a file the agent creates meanwhile is not reported as created.
        if (!done) log.info(`file watcher: the initial scan of ${root} takes over ${config.readyTimeoutMs} ms; starting the agent anyway`);
      });
    },
    stop() {
      stopping ??= (async () => {
        // Events trail the writes that caused them (chokidar stats each path before reporting it).
        await sleep(config.debounceMs + config.settleMs);
        flush();
        await handing;
        await watcher?.close();
      })();
      return stopping;
    },
  };
}
