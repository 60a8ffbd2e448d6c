import { ALERT_KINDS } from './collisions/alert.js';
import { lastChangedMs, type AlertQuery } from './collisions/alert-filter.js';
import { dateTime, formatColumns, formatCount, oneLine } from './format.js';
import type { Hunk } from './git/changed-hunks.js';
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

// How much of the hunks the list shows under an alert; `--json` has them all.
const LISTED_HUNK_FILES = 3;
const LISTED_HUNKS = 3;

/** `-12,3 +12,4`: a hunk header as git abbreviates it (a count of 1 left out). */
function hunkHeader(hunk: Hunk): string {
  const side = (start: number, lines: number) => (lines === 1 ? `${start}` : `${start},${lines}`);
  return `-${side(hunk.oldStart, hunk.oldLines)} +${side(hunk.newStart, hunk.newLines)}`;
}

/** `    src/db.ts — alice: -3,3 +3,4; bob: -25 +25`: where in each file each side changed, a line per file, for the alerts that know. */
function hunkLines(alert: ListedAlert): string[] {
  const nameOf = (sessionId: string) => alert.parties.find((p) => p.sessionId === sessionId)?.agentName ?? sessionId;
  const lines = alert.evidence.files.flatMap(({ path, changes = [] }) => {
    const sides = changes.flatMap(({ sessionId, hunks, hunksOmitted = 0 }) => {
      if (hunks === undefined || hunks.length === 0) return [];
      const more = hunks.length - LISTED_HUNKS + hunksOmitted;
      return [`${nameOf(sessionId)}: ${hunks.slice(0, LISTED_HUNKS).map(hunkHeader).join(', ')}${more > 0 ? ` (+${more} more)` : ''}`];
    });
    return sides.length === 0 ? [] : [`    ${path} — ${sides.join('; ')}`];
  });
  const more = lines.length - LISTED_HUNK_FILES;
  return more > 0 ? [...lines.slice(0, LISTED_HUNK_FILES), `    … and ${formatCount(more)} more files`] : lines;
}

/**
 * `3 alerts open or acknowledged: 2 overlap, 1 intent`, then one aligned row
 * per alert, newest change first, each followed by the hunks its evidence
 * names (old → new lines, as in a diff header).
 */
export function formatAlertList(list: AlertList, query: AlertQuery): string {
  const heading = `${formatCount(list.total)} ${list.total === 1 ? 'alert' : 'alerts'} ${statesLabel(query)}${kindCounts(list.byKind)}`;
  if (list.alerts.length === 0) return `${heading}\n`;
  const rows = list.alerts.map((a) => [`  ${a.severity}`, a.kind, a.state, dateTime(lastChangedMs(a)), a.id, summaryOf(a)]);
  const [header, ...alertRows] = formatColumns([['  severity', 'kind', 'state', 'last change', 'id', 'summary'], ...rows]);
  const body = alertRows.flatMap((row, i) => [row, ...hunkLines(list.alerts[i]!)]);
  const more = list.total > list.alerts.length ? [`  … and ${formatCount(list.total - list.alerts.length)} more (--limit raises it)`] : [];
  return [heading, '', header!, ...body, ...more, ''].join('\n');
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
