import { ALERT_KINDS } from './collisions/alert.js';
import { lastChangedMs, type AlertQuery } from './collisions/alert-filter.js';
import { dateTime, formatColumns, formatCount, oneLine } from './format.js';
import type { AlertList, ListedAlert } from './routes/alerts.js';

/** The human rendering of `agentfleet alerts` and of its `--watch` lines; `--json` prints the API's documents. Times are local. */

/** What happened to an alert, as a `--watch` line says it; `current` for the alerts listed when watching starts. */
export type AlertChangeWord = 'current' | 'opened' | 'updated' | 'acknowledged' | 'resolved' | 'reopened';

function statesLabel(query: AlertQuery): string {
  if (query.state === undefined) return 'open or acknowledged';
  if (query.state.has('all')) return 'in any state';
  return [...query.state].join(' or ');
}

function kindCounts(byKind: AlertList['byKind']): string {
  const counts = ALERT_KINDS.filter((kind) => byKind[kind] > 0).map((kind) => `${formatCount(byKind[kind])} ${kind}`);
  return counts.length === 0 ? '' : `: ${counts.join(', ')}`;
}

/** What a human reads after the summary: who acknowledged, how it was resolved. */
function stateNote(alert: ListedAlert): string {
  if (alert.state === 'acknowledged') return ` (acknowledged by ${alert.acknowledgedBy ?? '?'})`;
  if (alert.state === 'resolved') return ` (resolved: ${alert.resolution ?? '?'}${alert.resolvedBy === undefined ? '' : ` by ${alert.resolvedBy}`})`;
  return '';
}

const summaryOf = (alert: ListedAlert) => oneLine(alert.summary, 140) + stateNote(alert);

/** `3 alerts open or acknowledged: 2 overlap, 1 intent`, then one aligned row per alert, newest change first. */
export function formatAlertList(list: AlertList, query: AlertQuery): string {
  const heading = `${formatCount(list.total)} ${list.total === 1 ? 'alert' : 'alerts'} ${statesLabel(query)}${kindCounts(list.byKind)}`;
  if (list.alerts.length === 0) return `${heading}\n`;
  const rows = list.alerts.map((a) => [`  ${a.severity}`, a.kind, a.state, dateTime(lastChangedMs(a)), a.id, summaryOf(a)]);
  const more = list.total > list.alerts.length ? [`  … and ${formatCount(list.total - list.alerts.length)} more (--limit raises it)`] : [];
  return [heading, '', ...formatColumns([['  severity', 'kind', 'state', 'last change', 'id', 'summary'], ...rows]), ...more, ''].join('\n');
}

// Widest values of the fixed-width columns of a --watch line.
const CHANGE_WIDTH = 'acknowledged'.length;
const SEVERITY_WIDTH = 'critical'.length;
const KIND_WIDTH = 'merge_conflict'.length;
const ID_WIDTH = 'merge_conflict-'.length + 16;

/** One `--watch` line: when, what happened, severity, kind, id, summary — columns fixed, so lines printed over time align. */
export function formatAlertChange(change: AlertChangeWord, alert: ListedAlert): string {
  return [
    dateTime(lastChangedMs(alert)),
    change.padEnd(CHANGE_WIDTH),
    alert.severity.padEnd(SEVERITY_WIDTH),
    alert.kind.padEnd(KIND_WIDTH),
    alert.id.padEnd(ID_WIDTH),
    summaryOf(alert),
  ].join('  ');
}

/**
 * What a published alert is, next to the version of it seen before (if
 * any); undefined when it is not newer (a repeat, e.g. after resuming).
 */
export function describeChange(previous: ListedAlert | undefined, next: ListedAlert): AlertChangeWord | undefined {
  if (previous !== undefined && next.version <= previous.version) return undefined;
  if (next.state === 'resolved') return previous?.state === 'resolved' ? 'updated' : 'resolved';
  if (next.state === 'acknowledged' && previous?.state !== 'acknowledged') return 'acknowledged';
  if (previous?.state === 'resolved') return 'reopened';
  if (previous === undefined && next.version === 1) return 'opened';
  return 'updated';
}
