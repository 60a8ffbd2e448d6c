import { isDeepStrictEqual } from 'node:util';
import type { AttributeMap, FeedBatch } from '../../collector/live-feed.js';
import { ATTR_SERVICE_INSTANCE_ID } from '../../semconv/index.js';
import { agentSummaries, compareSessionsByStart } from './agent-summaries.js';
import { defaultFleetConfig, type FleetConfig } from './config.js';
import type { AgentSummary, FleetChange, Session } from './model.js';
import { SessionRecord } from './session-record.js';

export type FleetListener = (change: FleetChange) => void;

/**
 * The live fleet: sessions built from feed batches (the live feed, or the
 * rebuild from storage through the same `apply`). Applying an item twice
 * changes nothing, and the order items arrive in does not matter (see
 * session-record.ts), so replays, retries and rebuilds agree.
 */
export interface FleetState {
  /** Applies a batch; listeners hear what changed (once per session, file and new assumption). */
  apply(batch: FeedBatch): void;
  /** Sets the clock for time-based statuses (idle, crashed by silence) and re-evaluates them. */
  tick(nowMs: number): void;
  /** Every session, oldest first. */
  sessions(): readonly Session[];
  session(id: string): Session | undefined;
  agents(): readonly AgentSummary[];
  /** Returns the unsubscribe function. Listeners run synchronously; what they throw goes to `onListenerError`. */
  subscribe(listener: FleetListener): () => void;
  /** Git found the session's change of `path` merged or undone while it had `edits` edits (merge-tracker.ts). */
  markMerged(sessionId: string, path: string, edits: number): void;
  /** Forgets a session (its work tree is gone); later items of it are ignored. */
  removeSession(sessionId: string): void;
}

export interface FleetStateOptions {
  readonly config?: Partial<FleetConfig>;
  readonly onListenerError?: (error: unknown) => void;
}

interface SessionItem {
  readonly resource: AttributeMap;
  readonly serviceName: string;
  readonly traceId: string;
}

export function createFleetState(options: FleetStateOptions = {}): FleetState {
  const config: FleetConfig = { ...defaultFleetConfig(), ...options.config };
  const records = new Map<string, SessionRecord>();
  const snapshots = new Map<string, Session>();
  const removed = new Set<string>();
  const listeners = new Set<FleetListener>();
  let nowMs: number | undefined;
  let ordered: readonly Session[] | undefined;
  let agents: readonly AgentSummary[] | undefined;

  function emit(change: FleetChange): void {
    for (const listener of [...listeners]) {
      try {
        listener(change);
      } catch (error) {
        options.onListenerError?.(error);
      }
    }
  }

  /** The record an item belongs to, by `service.instance.id`; undefined for items of no session, or of a removed one. */
  function recordOf(item: SessionItem): SessionRecord | undefined {
    const id = item.resource[ATTR_SERVICE_INSTANCE_ID];
    if (id === undefined || id === '' || removed.has(id)) return undefined;
    let record = records.get(id);
    if (record === undefined) records.set(id, (record = new SessionRecord(id, item)));
    return record;
  }

  /** Takes a new snapshot of `record` and tells listeners what differs from the last one. */
  function publish(record: SessionRecord): void {
    const before = snapshots.get(record.id);
    const after = record.snapshot(nowMs, config);
    if (before !== undefined && isDeepStrictEqual(before, after)) return;
    snapshots.set(record.id, after);
    ordered = undefined;
    agents = undefined;
    emit({ type: 'session', session: after });
    for (const change of Object.values(after.files)) {
      if (before?.files[change.path] !== change) emit({ type: 'file', sessionId: after.id, change });
    }
    for (const assumption of after.assumptions) {
      if (!before?.assumptions.some((known) => known.id === assumption.id)) emit({ type: 'assumption', assumption });
    }
  }

  return {
    apply(batch) {
      const touched = new Set<SessionRecord>();
      if (batch.signal === 'traces') {
        for (const span of batch.spans) {
          const record = recordOf(span);
          if (record?.applySpan(span)) touched.add(record);
        }
      } else {
        for (const event of batch.logs) {
          const record = recordOf(event);
          if (record?.applyEvent(event)) touched.add(record);
        }
      }
      for (const record of touched) publish(record);
    },
    tick(now) {
      nowMs = now;
      for (const record of records.values()) publish(record);
    },
    sessions() {
      return (ordered ??= [...snapshots.values()].sort(compareSessionsByStart));
    },
    session: (id) => snapshots.get(id),
    agents() {
      return (agents ??= agentSummaries(this.sessions()));
    },
    subscribe(listener) {
      const subscription: FleetListener = (change) => listener(change);
      listeners.add(subscription);
      return () => void listeners.delete(subscription);
    },
    markMerged(sessionId, path, edits) {
      const record = records.get(sessionId);
      if (record?.markMerged(path, edits)) publish(record);
    },
    removeSession(sessionId) {
      if (removed.has(sessionId)) return;
      removed.add(sessionId);
      records.delete(sessionId);
      if (!snapshots.delete(sessionId)) return;
      ordered = undefined;
      agents = undefined;
      emit({ type: 'session-removed', sessionId });
    },
  };
}
