import type { FleetState } from '../fleet/fleet-state.js';
import type { SseHub } from './sse-hub.js';

/** SSE event types of fleet changes: `session` carries the `Session` as it is now, `session-removed` `{ sessionId }`. */
export const SESSION_EVENT = 'session';
export const SESSION_REMOVED_EVENT = 'session-removed';

/**
 * Publishes the fleet's changes on the stream: one `session` event per
 * changed session (its file changes and assumptions are in it), one
 * `session-removed` when its work tree is gone. Returns the unsubscribe
 * function.
 */
export function publishFleetChanges(fleet: Pick<FleetState, 'subscribe'>, stream: Pick<SseHub, 'publish'>): () => void {
  return fleet.subscribe((change) => {
    if (change.type === 'session') stream.publish(SESSION_EVENT, change.session);
    else if (change.type === 'session-removed') stream.publish(SESSION_REMOVED_EVENT, { sessionId: change.sessionId });
  });
}
