import type { FeedBatch, LiveFeed } from '../../collector/live-feed.js';
import type { Storage } from '../../ingest/storage.js';
import type { Logger } from '../log.js';
import { defaultFleetConfig, type FleetConfig } from './config.js';
import { createFleetState, type FleetState } from './fleet-state.js';
import { createMergeTracker, type MergeTracker, type StillChangedPaths } from './merge-tracker.js';
import { rebuildFromStorage } from './rebuild-from-storage.js';

export interface FleetServiceOptions {
  readonly feed: LiveFeed;
  /** Read once, for the rebuild: everything acknowledged before must be in it (flush ingest first). */
  readonly storage: Storage;
  readonly log: Logger;
  readonly config?: Partial<FleetConfig>;
  /** Default: the git implementation (orchestrator/git/differing-paths.ts). */
  readonly stillChangedPaths?: StillChangedPaths;
  /** Default: `Date.now`. */
  readonly clock?: () => number;
}

/** The running fleet state: `shutdown()` stops its timers and its merge tracker; idempotent. */
export interface FleetService {
  readonly state: FleetState;
  readonly mergeTracker: MergeTracker;
  shutdown(): Promise<void>;
}

/**
 * Starts the fleet state: listens to the live feed, rebuilds from storage
 * (batches arriving meanwhile wait, then follow: an item in both is applied
 * once), then keeps time-based statuses and unmerged files current.
 */
export async function startFleetService(options: FleetServiceOptions): Promise<FleetService> {
  const config: FleetConfig = { ...defaultFleetConfig(), ...options.config };
  const { log } = options;
  const clock = options.clock ?? Date.now;
  const state = createFleetState({
    config,
    onListenerError: (error) => log.error(`fleet: a listener failed: ${error instanceof Error ? error.message : String(error)}`),
  });
  let waiting: FeedBatch[] | undefined = [];
  const unsubscribe = options.feed.subscribe((batch) => (waiting ? waiting.push(batch) : state.apply(batch)));
  try {
    const started = clock();
    const rebuilt = await rebuildFromStorage({ storage: options.storage, fleet: state, sinceMs: started - config.rebuildDays * 86_400_000, pageRows: config.rebuildPageRows });
    log.info(`fleet: rebuilt ${state.sessions().length} sessions from ${rebuilt.spans} spans and ${rebuilt.events} session events in ${clock() - started} ms`);
  } catch (error) {
    unsubscribe();
    throw error;
  }
  for (const batch of waiting) state.apply(batch);
  waiting = undefined;
  state.tick(clock());
  const ticker = setInterval(() => state.tick(clock()), config.tickIntervalMs);
  ticker.unref();
  const mergeTracker = createMergeTracker({ fleet: state, config, log, stillChangedPaths: options.stillChangedPaths });
  mergeTracker.start();

  let stopping: Promise<void> | undefined;
  return {
    state,
    mergeTracker,
    shutdown: () =>
      (stopping ??= (async () => {
        unsubscribe();
        clearInterval(ticker);
        await mergeTracker.shutdown();
      })()),
  };
}
