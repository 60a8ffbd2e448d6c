import type { DeepReadonly } from './api/route.js';
import { dateTime, formatColumns, formatCount, formatDuration, oneLine } from './format.js';
import type { AuditDocument, AuditSection } from './queries/audit/audit-schema.js';

/** The human rendering of `agentfleet audit`; `--json` prints the report itself. Times are local. */

type Report = DeepReadonly<AuditDocument>;

function usd(value: number): string {
  return `$${value.toFixed(value > 0 && value < 0.01 ? 4 : 2)}`;
}

function heading(report: Report): string {
  const { filter } = report;
  const subject = filter.agent !== null ? `agent ${filter.agent}` : filter.session !== null ? `session ${filter.session}` : `file ${filter.file}`;
  const since = filter.sinceMs === null ? '' : ` since ${dateTime(filter.sinceMs)}`;
  const until = filter.untilMs === null ? '' : ` until ${dateTime(filter.untilMs)}`;
  return `audit of ${subject}${since}${until}${since || until ? '' : ' (all recorded time)'}`;
}

function section(title: string, count: number, body: readonly string[], truncated: boolean): string[] {
  const more = truncated ? ' — more than shown; --limit raises it' : '';
  return [`${title} (${count}${more})`, ...(count === 0 ? ['  none'] : body), ''];
}

function sessionLines(report: Report): string[] {
  const rows = report.sessions.map((s) => [
    `  ${s.sessionId}`,
    s.agent,
    dateTime(s.startedMs),
    s.endedMs === null ? 'running' : formatDuration(s.endedMs - s.startedMs),
    s.exitSignal ?? (s.exitCode === null ? '' : String(s.exitCode)),
    `${formatCount(s.usage.inputTokens)} / ${formatCount(s.usage.outputTokens)}`,
    usd(s.usage.costUsd),
    oneLine(s.task ?? '', 60),
  ]);
  return formatColumns([['  session', 'agent', 'started', 'took', 'exit', 'tokens in / out', 'cost', 'task'], ...rows], [false, false, false, true, true, true, true, false]);
}

function fileLines(report: Report): string[] {
  const rows = report.files.map((f) => [`  ${f.path}`, f.agent, formatCount(f.edits), `+${formatCount(f.linesAdded)}`, `-${formatCount(f.linesRemoved)}`, f.lastOp, dateTime(f.lastEditMs)]);
  return formatColumns([['  path', 'agent', 'edits', 'added', 'removed', 'last op', 'last edit'], ...rows], [false, false, true, true, true, false, false]);
}

function commandLines(report: Report): string[] {
  const rows = report.commands.map((c) => [`  ${dateTime(c.atMs)}`, c.agent, c.exitCode === null ? '?' : String(c.exitCode), formatDuration(c.durationMs), oneLine(c.text)]);
  return formatColumns([['  at', 'agent', 'exit', 'took', 'command'], ...rows], [false, false, true, true, false]);
}

function assumptionLines(report: Report): string[] {
  return report.assumptions.map((a) => `  ${dateTime(a.atMs)}  ${a.agent}  ${oneLine(a.text)}${a.subject === null ? '' : `  (about ${a.subject})`}`);
}

function toolCallLines(report: Report): string[] {
  const rows = report.toolCalls.map((t) => [`  ${t.tool}`, formatCount(t.calls), formatCount(t.errors), formatDuration(t.totalDurationMs)]);
  return formatColumns([['  tool', 'calls', 'errors', 'total time'], ...rows], [false, true, true, true]);
}

function alertLines(report: Report): string[] {
  return formatColumns(report.alerts.map((a) => [`  ${a.severity}`, a.kind, a.state, oneLine(a.summary, 120)]));
}

/** Renders every section, always in the same order, `none` where empty. */
export function formatAudit(report: Report): string {
  const truncated = (name: AuditSection) => report.truncated.includes(name);
  const { usage } = report;
  return [
    heading(report),
    '',
    ...section('sessions', report.sessions.length, sessionLines(report), truncated('sessions')),
    ...section('files', report.files.length, fileLines(report), truncated('files')),
    ...section('commands', report.commands.length, commandLines(report), truncated('commands')),
    ...section('assumptions', report.assumptions.length, assumptionLines(report), truncated('assumptions')),
    ...section('tool calls', report.toolCalls.reduce((n, t) => n + t.calls, 0), toolCallLines(report), false),
    ...section('alerts', report.alerts.length, alertLines(report), false),
    'tokens and cost',
    `  ${formatCount(usage.inputTokens)} input tokens, ${formatCount(usage.outputTokens)} output tokens, ${usd(usage.costUsd)} (${formatCount(usage.llmRequests)} model turns)`,
    '',
  ].join('\n');
}
