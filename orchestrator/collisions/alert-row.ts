import { z } from 'zod';

import { alertEvidenceSchema, alertPartySchema } from './alert-schema.js';
import {
  ALERT_KINDS,
  ALERT_RESOLUTIONS,
  ALERT_SEVERITIES,
  ALERT_STATES,
  type Alert,
  type AlertParty,
} from './alert.js';

/**
 * An alert as a row of `agentfleet_alerts` (ingest/schema/alerts-table.ts)
 * and back. Rows read back are checked: the table may hold rows an older or
 * newer agentfleet wrote.
 */

/** A row as inserted (JSONEachRow): times in epoch milliseconds, nested parts as JSON text. */
export type AlertRow = {
  readonly id: string;
  readonly version: number;
  readonly kind: string;
  readonly severity: string;
  readonly state: string;
  readonly agent_names: readonly string[];
  readonly session_ids: readonly string[];
  readonly files: readonly string[];
  readonly summary: string;
  readonly parties: string;
  readonly evidence: string;
  readonly first_seen: number;
  readonly last_seen: number;
  readonly resolved_at: number | null;
  readonly resolution: string | null;
  readonly acknowledged_by: string | null;
  readonly resolved_by: string | null;
};

export function alertToRow(alert: Alert): AlertRow {
  const sessions = alert.parties.filter((party) => party.sessionId !== '');
  return {
    id: alert.id,
    version: alert.version,
    kind: alert.kind,
    severity: alert.severity,
    state: alert.state,
    agent_names: [...new Set(sessions.map((party) => party.agentName))],
    session_ids: sessions.map((party) => party.sessionId),
    files: alert.files,
    summary: alert.summary,
    parties: JSON.stringify(alert.parties),
    evidence: JSON.stringify(alert.evidence),
    // DateTime64(3) takes whole milliseconds from JSON.
    first_seen: Math.round(alert.firstSeenMs),
    last_seen: Math.round(alert.lastSeenMs),
    resolved_at: alert.resolvedMs === undefined ? null : Math.round(alert.resolvedMs),
    resolution: alert.resolution ?? null,
    acknowledged_by: alert.acknowledgedBy ?? null,
    resolved_by: alert.resolvedBy ?? null,
  };
}

/** The columns `alertFromRow` reads, times as epoch-millisecond integers (strings: they are 64-bit). */
export const ALERT_COLUMNS_SQL = `id, version, kind, severity, state, summary, files, parties, evidence,
    toUnixTimestamp64Milli(first_seen) AS first_seen_ms,
    toUnixTimestamp64Milli(last_seen) AS last_seen_ms,
    toUnixTimestamp64Milli(resolved_at) AS resolved_ms,
    resolution, acknowledged_by, resolved_by`;

const milliseconds = z.coerce.number().int();

const storedRowSchema = z.object({
  id: z.string().min(1),
  version: z.coerce.number().int().positive(),
  kind: z.enum(ALERT_KINDS),
  severity: z.enum(ALERT_SEVERITIES),
  state: z.enum(ALERT_STATES),
  summary: z.string(),
  files: z.array(z.string()),
  parties: z.string(),
  evidence: z.string(),
  first_seen_ms: milliseconds,
  last_seen_ms: milliseconds,
  resolved_ms: milliseconds.nullable(),
  resolution: z.enum(ALERT_RESOLUTIONS).nullable(),
  acknowledged_by: z.string().nullable(),
  resolved_by: z.string().nullable(),
});

const partiesSchema = z.array(alertPartySchema);

/** Parses a row selected with `ALERT_COLUMNS_SQL`; throws, naming the alert and the field, when it is malformed. */
export function alertFromRow(row: unknown): Alert {
  const parsed = storedRowSchema.safeParse(row);
  if (!parsed.success) throw new Error(`stored alert row is malformed: ${describeIssue(parsed.error)}`);
  const stored = parsed.data;
  const parties = parseJson(stored.id, 'parties', stored.parties, partiesSchema);
  return {
    id: stored.id,
    kind: stored.kind,
    severity: stored.severity,
    state: stored.state,
    parties: parties.map((party): AlertParty => ({ ...party, branch: party.branch })),
    files: stored.files,
    summary: stored.summary,
    evidence: parseJson(stored.id, 'evidence', stored.evidence, alertEvidenceSchema),
    firstSeenMs: stored.first_seen_ms,
    lastSeenMs: stored.last_seen_ms,
    resolvedMs: stored.resolved_ms ?? undefined,
    resolution: stored.resolution ?? undefined,
    acknowledgedBy: stored.acknowledged_by ?? undefined,
    ...(stored.resolved_by === null ? {} : { resolvedBy: stored.resolved_by }),
    version: stored.version,
  };
}

function parseJson<T>(id: string, field: string, text: string, schema: z.ZodType<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`stored alert ${id}: ${field} is not JSON: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new Error(`stored alert ${id}: ${field}: ${describeIssue(parsed.error)}`);
  return parsed.data;
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  return `${issue.path.join('.') || '(root)'}: ${issue.message}`;
}
