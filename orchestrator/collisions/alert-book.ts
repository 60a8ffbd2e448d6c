import { isDeepStrictEqual } from 'node:util';

import { ALERT_SEVERITIES, type Alert, type AlertCandidate, type AlertKind, type AlertResolution } from './alert.js';
import { alertKey } from './alert-key.js';

/** What happened to an alert; the SSE stream and the alert store get one per change. */
export type AlertChangeKind = 'opened' | 'updated' | 'reopened' | 'acknowledged' | 'resolved';

export interface AlertChange {
  readonly change: AlertChangeKind;
  /** The alert after the change (its `version` went up by one). */
  readonly alert: Alert;
}

/** Which alerts a detector run looked at: those it may resolve when it no longer finds them. */
export type AlertScope = (alert: Alert) => boolean;

/** Why alerts a detector no longer finds are resolved; a function can tell each alert its own reason. */
export type ResolutionReason = AlertResolution | ((alert: Alert) => AlertResolution);

/**
 * Every alert and its lifecycle (open → acknowledged → resolved, and back to
 * open when the problem returns). Detectors report candidates; the book
 * decides whether that is a new alert, an update, or nothing — a problem
 * seen again unchanged produces no change at all, so a detector may re-run
 * on every fleet change without flooding the stream or the store.
 * Times are passed in (epoch ms), never read from a clock.
 */
export interface AlertBook {
  get(id: string): Alert | undefined;
  /** Every alert, resolved ones included, oldest first (ties by id, as the store loads them). */
  all(): Alert[];
  /**
   * Creates the alert, or updates it when its content (severity, parties,
   * files, summary, evidence) changed. A resolved alert reopens when its
   * problem is detected again — one resolved by hand only when its content
   * changed, so dismissing it sticks while nothing new happens. An
   * acknowledged alert whose severity rises is open again.
   */
  upsert(candidate: AlertCandidate, nowMs: number): Alert;
  /**
   * Resolves the unresolved alerts of `kind` within `scope` whose id is not
   * in `stillPresentKeys`: the detector re-ran and no longer finds them.
   */
  resolveMissing(
    kind: AlertKind,
    scope: AlertScope,
    stillPresentKeys: ReadonlySet<string>,
    reason: ResolutionReason,
    nowMs: number,
  ): Alert[];
  /** `upsert` each candidate, then `resolveMissing` the rest: one detector run in one call. */
  reconcile(
    kind: AlertKind,
    scope: AlertScope,
    candidates: readonly AlertCandidate[],
    reason: ResolutionReason,
    nowMs: number,
  ): void;
  /** Marks an open alert seen by `by`; undefined for an unknown id. Acknowledged or resolved alerts stay as they are. */
  acknowledge(id: string, by: string): Alert | undefined;
  /** Resolves an alert by hand; undefined for an unknown id. A resolved alert stays as it is. */
  resolve(id: string, by: string, nowMs: number): Alert | undefined;
  /** Calls `listener` after every change, in order; returns the unsubscribe function. */
  onChange(listener: (change: AlertChange) => void): () => void;
}

/** Evidence keeps the newest span references only: an alert that lives for hours must not grow without bound. */
export const MAX_EVIDENCE_SPANS = 20;

/** A book holding `initial` (the alert store's contents on start). */
export function createAlertBook(initial: readonly Alert[] = []): AlertBook {
  const alerts = new Map<string, Alert>(initial.map((alert) => [alert.id, alert]));
  const listeners = new Set<(change: AlertChange) => void>();

  function commit(change: AlertChangeKind, alert: Alert): Alert {
    alerts.set(alert.id, alert);
    for (const listener of listeners) listener({ change, alert });
    return alert;
  }

  function upsert(candidate: AlertCandidate, nowMs: number): Alert {
    const id = alertKey(candidate);
    const content = contentOf(candidate);
    const existing = alerts.get(id);
    if (existing === undefined) {
      return commit('opened', {
        id,
        kind: candidate.kind,
        ...content,
        state: 'open',
        firstSeenMs: nowMs,
        lastSeenMs: nowMs,
        resolvedMs: undefined,
        resolution: undefined,
        acknowledgedBy: undefined,
        version: 1,
      });
    }
    const changed = !sameJson(contentOf(existing), content);
    const autoResolved = existing.state === 'resolved' && existing.resolution !== 'manual';
    if (!changed && !autoResolved) return existing;
    const updated = { ...existing, ...content, lastSeenMs: nowMs, version: existing.version + 1 };
    if (existing.state === 'resolved') {
      return commit('reopened', {
        ...updated,
        state: 'open',
        resolvedMs: undefined,
        resolution: undefined,
        resolvedBy: undefined,
        acknowledgedBy: undefined,
      });
    }
    const escalated = existing.state === 'acknowledged' && severityRank(content.severity) > severityRank(existing.severity);
    return commit('updated', escalated ? { ...updated, state: 'open', acknowledgedBy: undefined } : updated);
  }

  function resolveMissing(
    kind: AlertKind,
    scope: AlertScope,
    stillPresentKeys: ReadonlySet<string>,
    reason: ResolutionReason,
    nowMs: number,
  ): Alert[] {
    const gone = [...alerts.values()].filter(
      (alert) => alert.kind === kind && alert.state !== 'resolved' && !stillPresentKeys.has(alert.id) && scope(alert),
    );
    return gone.map((alert) =>
      commit('resolved', {
        ...alert,
        state: 'resolved',
        resolvedMs: nowMs,
        resolution: typeof reason === 'function' ? reason(alert) : reason,
        version: alert.version + 1,
      }),
    );
  }

  return {
    get: (id) => alerts.get(id),
    all: () => [...alerts.values()].sort((a, b) => a.firstSeenMs - b.firstSeenMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    upsert,
    resolveMissing,
    reconcile(kind, scope, candidates, reason, nowMs) {
      const wrongKind = candidates.find((candidate) => candidate.kind !== kind);
      if (wrongKind !== undefined) throw new Error(`reconcile(${kind}) was given a ${wrongKind.kind} candidate`);
      const present = new Set(candidates.map((candidate) => upsert(candidate, nowMs).id));
      resolveMissing(kind, scope, present, reason, nowMs);
    },
    acknowledge(id, by) {
      const alert = alerts.get(id);
      if (alert === undefined || alert.state !== 'open') return alert;
      return commit('acknowledged', { ...alert, state: 'acknowledged', acknowledgedBy: by, version: alert.version + 1 });
    },
    resolve(id, by, nowMs) {
      const alert = alerts.get(id);
      if (alert === undefined || alert.state === 'resolved') return alert;
      return commit('resolved', {
        ...alert,
        state: 'resolved',
        resolvedMs: nowMs,
        resolution: 'manual',
        resolvedBy: by,
        version: alert.version + 1,
      });
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The part of an alert a detector decides. */
function contentOf(source: AlertCandidate | Alert): Pick<Alert, 'severity' | 'parties' | 'files' | 'summary' | 'evidence'> {
  const { evidence } = source;
  const spans = evidence.spans.length > MAX_EVIDENCE_SPANS ? evidence.spans.slice(-MAX_EVIDENCE_SPANS) : evidence.spans;
  return {
    severity: source.severity,
    parties: source.parties,
    files: source.files,
    summary: source.summary,
    evidence: spans === evidence.spans ? evidence : { ...evidence, spans },
  };
}

/**
 * Equal as JSON: an absent key and an `undefined` one are the same, as they
 * are once the alert went through the store or the API.
 */
function sameJson(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b)));
}

function severityRank(severity: Alert['severity']): number {
  return ALERT_SEVERITIES.indexOf(severity);
}
