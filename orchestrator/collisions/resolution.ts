import type { Session } from '../fleet/model.js';
import type { Alert, AlertResolution } from './alert.js';
import { unmergedChange } from './rivals.js';

/**
 * Why a detector no longer finds an alert's problem, as far as the fleet
 * state tells: a session of it is gone (its work tree was removed), an
 * intent became the requester's own edit (an overlap alert carries on), or
 * else the changes stopped meeting (merged or undone: the fleet state does
 * not say which). Pass as `(alert) => whyResolved(alert, sessions)` to
 * `AlertBook.reconcile`.
 */
export function whyResolved(alert: Alert, sessions: readonly Session[]): AlertResolution {
  const byId = new Map(sessions.map((session) => [session.id, session]));
  if (alert.parties.some((party) => party.sessionId !== '' && !byId.has(party.sessionId))) return 'worktree_removed';
  const requester = byId.get(alert.parties[0]?.sessionId ?? '');
  const path = alert.files[0];
  if (alert.kind === 'intent' && requester !== undefined && path !== undefined && unmergedChange(requester, path) !== undefined) {
    return 'superseded';
  }
  return 'no_longer_overlapping';
}
