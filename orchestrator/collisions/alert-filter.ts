import { ALERT_KINDS, ALERT_STATES, type Alert, type AlertKind, type AlertSeverity, type AlertState } from './alert.js';

/**
 * Which alerts a reader wants (`GET /api/v1/alerts`, `agentfleet alerts`,
 * its `--watch` and its offline fallback alike). Unset fields match
 * everything.
 */
export interface AlertFilter {
  readonly kinds?: ReadonlySet<AlertKind>;
  readonly states?: ReadonlySet<AlertState>;
  readonly severities?: ReadonlySet<AlertSeverity>;
  /** An agent name among the parties. */
  readonly agent?: string;
  /** A repository-relative path among the alert's files. */
  readonly file?: string;
  /** Only alerts that changed (seen or resolved) at or after this time, epoch ms. */
  readonly sinceMs?: number;
}

/** The states a reader means by "the alerts" unless told otherwise: those still to deal with. */
export const UNRESOLVED_STATES: ReadonlySet<AlertState> = new Set(['open', 'acknowledged']);

/** What a reader may ask for by state: the states, or `all`. */
export const ALERT_STATE_CHOICES = [...ALERT_STATES, 'all'] as const;
export type AlertStateChoice = (typeof ALERT_STATE_CHOICES)[number];

/** The states a reader asked for: none given → the unresolved ones; `all` among them → any state (undefined). */
export function statesOf(choices: ReadonlySet<AlertStateChoice> | undefined): ReadonlySet<AlertState> | undefined {
  if (choices === undefined) return UNRESOLVED_STATES;
  if (choices.has('all')) return undefined;
  return new Set(ALERT_STATES.filter((state) => choices.has(state)));
}

/**
 * The alerts query as `GET /api/v1/alerts` and `agentfleet alerts` take it
 * (parameter names of the API, values parsed); `state` unset means the
 * unresolved ones.
 */
export interface AlertQuery {
  readonly kind?: ReadonlySet<AlertKind>;
  readonly state?: ReadonlySet<AlertStateChoice>;
  readonly severity?: ReadonlySet<AlertSeverity>;
  readonly agent?: string;
  readonly file?: string;
  /** Epoch ms. */
  readonly since?: number;
}

export function alertFilterOf(query: AlertQuery): AlertFilter {
  return { kinds: query.kind, states: statesOf(query.state), severities: query.severity, agent: query.agent, file: query.file, sinceMs: query.since };
}

/** What a filter reads of an alert: an `Alert`, or one read back from the API. */
export type FilterableAlert = Pick<Alert, 'kind' | 'state' | 'severity' | 'files' | 'lastSeenMs'> & {
  readonly parties: readonly { readonly agentName: string }[];
  readonly resolvedMs?: number | undefined;
};

/** The last time anything happened to the alert's problem: seen with new content, or resolved. */
export function lastChangedMs(alert: Pick<FilterableAlert, 'lastSeenMs' | 'resolvedMs'>): number {
  return Math.max(alert.lastSeenMs, alert.resolvedMs ?? 0);
}

export function matchesAlert(alert: FilterableAlert, filter: AlertFilter): boolean {
  return (
    (filter.kinds === undefined || filter.kinds.has(alert.kind)) &&
    (filter.states === undefined || filter.states.has(alert.state)) &&
    (filter.severities === undefined || filter.severities.has(alert.severity)) &&
    (filter.agent === undefined || alert.parties.some((party) => party.agentName === filter.agent)) &&
    (filter.file === undefined || alert.files.includes(filter.file)) &&
    (filter.sinceMs === undefined || lastChangedMs(alert) >= filter.sinceMs)
  );
}

export interface AlertSelection {
  /** Newest change first (ties by id), at most `limit`. */
  readonly alerts: Alert[];
  /** How many matched, before the limit. */
  readonly total: number;
  /** Matching alerts per kind, before the limit (every kind present, 0 when none). */
  readonly byKind: Record<AlertKind, number>;
}

export function selectAlerts(alerts: readonly Alert[], filter: AlertFilter, limit: number): AlertSelection {
  const matching = alerts.filter((alert) => matchesAlert(alert, filter));
  const byKind = Object.fromEntries(ALERT_KINDS.map((kind) => [kind, 0])) as Record<AlertKind, number>;
  for (const alert of matching) byKind[alert.kind]++;
  matching.sort((a, b) => lastChangedMs(b) - lastChangedMs(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { alerts: matching.slice(0, limit), total: matching.length, byKind };
}
