import type { Session } from '../fleet/model.js';
import type { AlertCandidate } from './alert.js';
import type { AlertBook, AlertScope } from './alert-book.js';
import type { SymbolLookup } from './assumption.js';
import { detectAssumptionBreaks } from './assumption.js';
import { alertMode, type GatePolicy } from './gate-policy.js';
import type { HunkLookup } from './hunk-index.js';
import { recheckIntents } from './intent.js';
import { detectOverlaps } from './overlap.js';
import { whyResolved } from './resolution.js';

/** Detectors that see the whole fleet: every alert of their kind is theirs to resolve. */
const EVERY_ALERT: AlertScope = () => true;

/** Whether the policy wants an after-the-fact alert raised at all (`off` for every party and file drops it). */
export function raisedUnder(policy: GatePolicy): (candidate: AlertCandidate) => boolean {
  return (candidate) => alertMode(policy, candidate) !== 'off';
}

/** What the fleet pass looks up beyond the fleet state, as the git side last saw it. */
export interface FleetLookups {
  /** Files defining a symbol (symbol-index.ts), for assumptions about symbols. */
  readonly symbolDefinedIn: SymbolLookup;
  /** Sessions' hunks (hunk-index.ts), for the evidence. */
  readonly hunksOf: HunkLookup;
}

/**
 * The detectors that need only the fleet state, run as one pass: overlaps,
 * broken assumptions, and the open intent alerts re-checked (an intent is
 * a request, so only a re-check can tell it is over). What they no longer
 * find is resolved with the reason the fleet state gives.
 */
export function reconcileFleetAlerts(book: AlertBook, sessions: readonly Session[], policy: GatePolicy, lookups: FleetLookups, nowMs: number): void {
  const raised = raisedUnder(policy);
  const why = (alert: Parameters<typeof whyResolved>[0]) => whyResolved(alert, sessions);
  book.reconcile('overlap', EVERY_ALERT, detectOverlaps(sessions, lookups.hunksOf).filter(raised), why, nowMs);
  book.reconcile('assumption', EVERY_ALERT, detectAssumptionBreaks(sessions, lookups.symbolDefinedIn, lookups.hunksOf).filter(raised), why, nowMs);
  book.reconcile('intent', EVERY_ALERT, recheckIntents(book.all(), sessions, lookups.hunksOf), why, nowMs);
}
