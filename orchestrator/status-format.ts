import type { ReceiverStats } from '../collector/receiver-stats.js';
import type { SignalIngestStats } from '../ingest/ingest.js';
import type { TableStats } from '../ingest/storage.js';
import type { WalDepth } from '../ingest/wal/inspect.js';
import { formatBytes, formatColumns, formatCount, formatDuration } from './format.js';
import { ALERT_KINDS } from './collisions/alert.js';
import type { FleetStatus, StatusReport } from './status-report.js';

function tableLines(tables: readonly TableStats[]): string[] {
  const rows = [['  table', 'rows', 'on disk'], ...tables.map((t) => [`  ${t.table}`, formatCount(t.rows), formatBytes(t.bytesOnDisk)])];
  return formatColumns(rows, [false, true, true]);
}

function ingestLine(signal: string, s: SignalIngestStats): string {
  const lag = s.lagMs > 0 ? `lag ${formatDuration(s.lagMs)}` : 'caught up';
  const errors = s.insertErrors > 0 ? `, ${formatCount(s.insertErrors)} insert errors (last: ${s.lastInsertError ?? '?'})` : '';
  return `  ${signal.padEnd(7)} ${lag}; write-ahead log ${formatCount(s.walSegments)} segments, ${formatCount(s.walPendingRows)} rows (${formatBytes(s.walPendingBytes)}) pending; ${formatCount(s.rowsAccepted)} accepted, ${formatCount(s.rowsInserted)} inserted, ${formatCount(s.duplicatesDropped)} duplicate requests dropped${errors}`;
}

function walLine(signal: string, d: WalDepth, nowMs: number): string {
  const age = d.oldestPendingAtMs === undefined ? '' : `, oldest from ${formatDuration(nowMs - d.oldestPendingAtMs)} ago`;
  return `  ${signal.padEnd(7)} ${formatCount(d.segments)} segments, ${formatCount(d.pendingRows)} rows (${formatBytes(d.pendingBytes)}) waiting to be inserted${age}`;
}

function receiverLines(r: ReceiverStats): string[] {
  const routes = Object.entries(r.responses).map(([route, byStatus]) => {
    const statuses = Object.entries(byStatus).map(([status, n]) => `${status}: ${formatCount(n)}`).join(', ');
    return `  ${route.padEnd(11)} ${statuses}`;
  });
  return [
    `collector (responses by route and status; ${formatCount(r.spansAccepted)} spans and ${formatCount(r.logRecordsAccepted)} log records accepted, ${formatCount(r.spansRejected + r.logRecordsRejected)} rejected, ${formatCount(r.valuesRedacted)} values redacted, ${formatBytes(r.bodyBytesReceived)} received)`,
    ...(routes.length > 0 ? routes : ['  no requests yet']),
  ];
}

/** Unmerged paths named in the fleet table before "…" (`--json` lists them all). */
const NAMED_UNMERGED = 2;

function unmergedCell(paths: readonly string[]): string {
  if (paths.length === 0) return '0';
  const more = paths.length > NAMED_UNMERGED ? ', …' : '';
  return `${paths.length}: ${paths.slice(0, NAMED_UNMERGED).join(', ')}${more}`;
}

function fleetLines(fleet: FleetStatus, nowMs: number): string[] {
  const { agents, openAlerts } = fleet;
  const kinds = ALERT_KINDS.filter((kind) => openAlerts.byKind[kind] > 0).map((kind) => `${formatCount(openAlerts.byKind[kind])} ${kind}`);
  const alerts = `${formatCount(openAlerts.total)} open ${openAlerts.total === 1 ? 'alert' : 'alerts'}${kinds.length > 0 ? ` (${kinds.join(', ')})` : ''}`;
  const heading = `fleet: ${agents.length === 0 ? 'no agents yet' : `${formatCount(agents.length)} ${agents.length === 1 ? 'agent' : 'agents'}`}; ${alerts}`;
  if (agents.length === 0) return [heading];
  const rows = agents.map((a) => [
    `  ${a.agentName}`,
    a.status,
    a.currentTool?.name ?? '',
    `${formatDuration(Math.max(0, nowMs - a.lastActivityMs))} ago`,
    unmergedCell(a.unmergedFiles),
    `${a.worktree}${a.branch === undefined ? '' : ` (${a.branch})`}`,
  ]);
  return [heading, ...formatColumns([['  agent', 'status', 'current tool', 'last activity', 'unmerged files', 'work tree (branch)'], ...rows], [false, false, false, true, false, false])];
}

/** The human rendering of `agentfleet status`; `--json` prints the report itself. */
export function formatStatus(report: StatusReport, nowMs: number = Date.now()): string {
  if (report.running) {
    const s = report.server;
    const disk = s.storage.localBytesOnDisk === undefined ? '' : ` (${formatBytes(s.storage.localBytesOnDisk)} on disk)`;
    return [
      `agentfleet ${s.version} — running (pid ${s.pid}, up ${formatDuration(s.uptimeMs)})`,
      `  OTLP/HTTP      ${s.otlpUrl}`,
      `  control plane  ${s.controlPlaneUrl}`,
      `  storage        ${s.storage.description}${disk}`,
      '',
      ...fleetLines(report.fleet, nowMs),
      '',
      ...tableLines(s.storage.tables),
      '',
      ...receiverLines(s.receiver),
      '',
      'ingest',
      ingestLine('traces', s.ingest.traces),
      ingestLine('logs', s.ingest.logs),
      '',
    ].join('\n');
  }
  const lines = [`agentfleet — not running (data directory ${report.dataDir})`];
  if (!report.storage) {
    lines.push('  no data yet: `agentfleet up` creates it');
  } else {
    const disk = report.storage.localBytesOnDisk === undefined ? '' : ` (${formatBytes(report.storage.localBytesOnDisk)} on disk)`;
    lines.push(`  storage        ${report.storage.description}${disk}`, '', ...tableLines(report.storage.tables));
  }
  lines.push('', 'write-ahead log (inserted at the next start)', walLine('traces', report.wal.traces, nowMs), walLine('logs', report.wal.logs, nowMs), '');
  return lines.join('\n');
}
