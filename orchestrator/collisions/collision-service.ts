import type { Storage } from '../../ingest/storage.js';
import type { FleetService } from '../fleet/fleet-service.js';
import type { FleetChange, Session } from '../fleet/model.js';
import type { Logger } from '../log.js';
import type { SseHub } from '../stream/sse-hub.js';
import { ALERT_EVENT, type Alert } from './alert.js';
import { createAlertBook, type AlertBook } from './alert-book.js';
import { createAlertStore } from './alert-store.js';
import { createAlertWriter } from './alert-writer.js';
import { createCoalescingRunner } from '../git/coalescing-runner.js';
import { defaultCollisionConfig, type CollisionConfig } from './collision-config.js';
import { reconcileFleetAlerts } from './fleet-detectors.js';
import type { GatePolicy } from './gate-policy.js';
import { createHunkIndex } from './hunk-index.js';
import { evaluateIntent, type IntentEvaluation, type IntentRequest } from './intent.js';
import { createSymbolIndex } from './symbol-index.js';
import { createWorktreeChecks } from './worktree-checks.js';

export interface CollisionServiceOptions {
  readonly fleet: FleetService;
  /** Holds the alerts (`agentfleet_alerts`): loaded on start, every change stored. */
  readonly storage: Storage;
  /** Every alert change is published as an `alert` event. */
  readonly stream: Pick<SseHub, 'publish'>;
  readonly policy: GatePolicy;
  readonly log: Logger;
  /** Default: `Date.now`. */
  readonly clock?: () => number;
  readonly config?: Partial<CollisionConfig>;
}

/** An intent decision with the intent alerts it raised or updated, as they are in the book. */
export interface IntentAnswer extends Omit<IntentEvaluation, 'alerts'> {
  readonly alerts: readonly Alert[];
}

export interface CollisionService {
  /** Every alert and its lifecycle; its changes are stored and streamed. */
  readonly book: AlertBook;
  readonly policy: GatePolicy;
  /**
   * `POST /api/v1/intents`: decides from the fleet state in memory (no git,
   * no storage, so within a hook's time budget); the intent alerts are in
   * the book — and on the stream — before it returns.
   */
  evaluateIntent(request: IntentRequest): IntentAnswer;
  /** Stops detecting, waits for a pass under way, stores what is left. Idempotent. */
  shutdown(): Promise<void>;
}

/**
 * The collision engine at work: the alert book (loaded from storage), fed by
 * every detector. Fleet changes trigger a pass over the fleet state
 * (overlap, assumption, intent re-checks) after `fleetPassDelayMs`, and a
 * debounced git check of the work trees they touched (merge conflicts,
 * dependencies, and the hunks the fleet pass cites: new hunks trigger a
 * fleet pass). All work trees are re-checked when the head of a target
 * branch moves (after the merge tracker's check it caused) and every
 * `recheckIntervalMs`. Detection waits for the merge tracker's first look
 * at git, so a restart does not reopen alerts of work merged while the
 * orchestrator was down; the fleet pass also waits for the first git pass,
 * so alerts rebuilt after a restart cite the same hunks as before instead
 * of losing them for a moment. Errors are logged; the service never takes
 * the server down.
 */
export async function startCollisionService(options: CollisionServiceOptions): Promise<CollisionService> {
  const { fleet, policy, log, stream } = options;
  const config: CollisionConfig = { ...defaultCollisionConfig(), ...options.config };
  const clock = options.clock ?? Date.now;
  const state = fleet.state;
  const store = createAlertStore(options.storage);
  const book = createAlertBook(await store.load());
  const writer = createAlertWriter({ store, onError: (error) => log.error(`collisions: storing alerts failed (kept for the next save): ${message(error)}`) });
  const unwatchBook = book.onChange(({ alert }) => {
    writer.write(alert);
    stream.publish(ALERT_EVENT, alert);
  });

  // Until the merge tracker has looked at git, a rebuilt fleet counts long-merged work as unmerged: detect after it.
  let detecting = false;
  const ready = fleet.mergeTracker
    .checkNow()
    .catch((error: unknown) => log.warn(`collisions: first merge check failed: ${message(error)}`))
    .then(() => void (detecting = true));
  const symbols = createSymbolIndex(config.hostName);
  const hunks = createHunkIndex();
  let stopped = false;
  const worktrees = createWorktreeChecks({ fleet: state, book, policy, log, clock, config, hunks, onHunksChanged: () => scheduleFleetPass() });
  const firstGitPass = ready.then(() => (stopped ? undefined : worktrees.recheckAll()));
  const fleetPass = createCoalescingRunner(async () => {
    try {
      await firstGitPass;
      await symbols.refresh(state.sessions());
      reconcileFleetAlerts(book, state.sessions(), policy, { symbolDefinedIn: symbols.definedIn, hunksOf: hunks.hunksOf }, clock());
    } catch (error) {
      log.error(`collisions: fleet pass failed: ${message(error)}`);
    }
  });

  let passTimer: NodeJS.Timeout | undefined;
  function scheduleFleetPass(): void {
    if (stopped || passTimer !== undefined) return;
    passTimer = setTimeout(() => {
      passTimer = undefined;
      void fleetPass.run();
    }, config.fleetPassDelayMs);
  }

  /** Local sessions' work trees, kept to re-check a work tree when its session is removed. */
  const worktreeOf = new Map<string, string>();
  const noteWorktree = (session: Pick<Session, 'id' | 'host' | 'worktree'>) => {
    if (session.host === config.hostName && session.worktree !== '') worktreeOf.set(session.id, session.worktree);
  };
  state.sessions().forEach(noteWorktree);
  const unsubscribe = state.subscribe((change: FleetChange) => {
    scheduleFleetPass();
    if (change.type === 'session') noteWorktree(change.session);
    const worktree = change.type === 'file' || change.type === 'session-removed' ? worktreeOf.get(change.sessionId) : undefined;
    if (change.type === 'session-removed') worktreeOf.delete(change.sessionId);
    // Before detection starts, its first pass checks every work tree anyway.
    if (worktree !== undefined && detecting) worktrees.touch(worktree);
  });

  const recheck = setInterval(() => void (detecting ? worktrees.recheckAll() : undefined), config.recheckIntervalMs);
  recheck.unref();
  // A merge into the target branch: the merge tracker has marked what it merged; stale bases and resolutions need git again.
  const unwatchTarget = fleet.mergeTracker.onTargetMoved(() => void (detecting ? worktrees.recheckAll() : undefined));
  void firstGitPass.then(() => scheduleFleetPass());

  let stopping: Promise<void> | undefined;
  return {
    book,
    policy,
    evaluateIntent(request) {
      // Hunks as the last git pass saw them: the decision never waits for git.
      const evaluation = evaluateIntent(request, state.sessions(), policy, hunks.hunksOf);
      const nowMs = clock();
      return { ...evaluation, alerts: evaluation.alerts.map((candidate) => book.upsert(candidate, nowMs)) };
    },
    shutdown: () =>
      (stopping ??= (async () => {
        stopped = true;
        unsubscribe();
        unwatchTarget();
        clearTimeout(passTimer);
        clearInterval(recheck);
        await firstGitPass;
        await worktrees.shutdown();
        await fleetPass.idle();
        await writer.shutdown().catch((error: unknown) => log.error(`collisions: alerts not stored at shutdown: ${message(error)}`));
        unwatchBook();
      })()),
  };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
