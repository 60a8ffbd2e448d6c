import type { Alert } from '../../collisions/alert.js';
import type { AuditAlertSource, AuditFilter } from './audit-schema.js';

/** Whether an alert concerns the audited agent, session or file, and was alive within the window. */
export function alertMatches(alert: Alert, filter: AuditFilter): boolean {
  const subject =
    (filter.agent !== null && alert.parties.some((party) => party.agentName === filter.agent)) ||
    (filter.session !== null && alert.parties.some((party) => party.sessionId === filter.session)) ||
    (filter.file !== null && alert.files.includes(filter.file));
  const alive = (filter.sinceMs === null || (alert.resolvedMs ?? alert.lastSeenMs) >= filter.sinceMs) && (filter.untilMs === null || alert.firstSeenMs < filter.untilMs);
  return subject && alive;
}

/** An audit alert source over a list of alerts (the alert book's, or the store's), oldest first. */
export function auditAlertSource(alerts: () => Promise<readonly Alert[]>): AuditAlertSource {
  return async (filter) => (await alerts()).filter((alert) => alertMatches(alert, filter)).sort((a, b) => a.firstSeenMs - b.firstSeenMs || (a.id < b.id ? -1 : 1));
}
