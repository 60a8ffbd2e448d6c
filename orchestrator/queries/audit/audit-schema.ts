import { z } from 'zod';
import { alertSchema } from '../../collisions/alert-schema.js';
import type { Alert } from '../../collisions/alert.js';

/**
 * What an audit answers — `GET /api/v1/audit` and `agentfleet audit --json`
 * print this document as is. Absent values are `null`, never missing keys,
 * so the shape stays the same whatever the data.
 */

/** Whose history: exactly one of agent, session, file; the window bounds are optional. */
export interface AuditFilter {
  /** `service.name`. */
  readonly agent: string | null;
  /** `service.instance.id`: one `agentfleet run`. */
  readonly session: string | null;
  /** Repository-relative path. */
  readonly file: string | null;
  readonly sinceMs: number | null;
  readonly untilMs: number | null;
}

/** Where an audit's `alerts` come from (the alert store); without one the section is empty. */
export type AuditAlertSource = (filter: AuditFilter) => Promise<readonly Alert[]>;

const usageSchema = z.object({
  inputTokens: z.number().int().describe('cache reads and writes included'),
  outputTokens: z.number().int(),
  costUsd: z.number(),
  llmRequests: z.number().int().describe('model turns recorded as llm.request spans'),
});
export type AuditUsage = z.output<typeof usageSchema>;

const auditSessionSchema = z.object({
  sessionId: z.string().describe('`service.instance.id`, else the trace id'),
  traceId: z.string(),
  agent: z.string(),
  agentId: z.string().nullable(),
  worktree: z.string().nullable(),
  branch: z.string().nullable(),
  task: z.string().nullable(),
  startedMs: z.number(),
  lastSeenMs: z.number(),
  endedMs: z.number().nullable().describe('null while the session runs (its root span is not stored yet)'),
  exitCode: z.number().int().nullable(),
  exitSignal: z.string().nullable(),
  usage: usageSchema.describe('from llm.request spans in the window; from the session totals when it recorded none and lies wholly in the window'),
});
export type AuditSession = z.output<typeof auditSessionSchema>;

const auditFileSchema = z.object({
  path: z.string(),
  agent: z.string(),
  edits: z.number().int(),
  linesAdded: z.number().int(),
  linesRemoved: z.number().int(),
  lastOp: z.string().describe('create | modify | delete | rename'),
  firstEditMs: z.number(),
  lastEditMs: z.number(),
  sessionIds: z.array(z.string()).describe('sessions that made the edits (at most 100)'),
});

const auditCommandSchema = z.object({
  atMs: z.number(),
  durationMs: z.number(),
  agent: z.string(),
  sessionId: z.string(),
  text: z.string(),
  exitCode: z.number().int().nullable(),
});

const auditAssumptionSchema = z.object({
  id: z.string().describe('span id of the assumption span'),
  atMs: z.number(),
  agent: z.string(),
  sessionId: z.string(),
  text: z.string(),
  subject: z.string().nullable(),
});

const auditToolCallsSchema = z.object({
  tool: z.string(),
  calls: z.number().int(),
  errors: z.number().int(),
  totalDurationMs: z.number(),
});
export type AuditToolCalls = z.output<typeof auditToolCallsSchema>;

const AUDIT_SECTIONS = ['sessions', 'files', 'commands', 'assumptions'] as const;
export type AuditSection = (typeof AUDIT_SECTIONS)[number];

export const auditReportSchema = z.object({
  filter: z.object({
    agent: z.string().nullable(),
    session: z.string().nullable(),
    file: z.string().nullable(),
    sinceMs: z.number().nullable(),
    untilMs: z.number().nullable(),
  }),
  sessions: z.array(auditSessionSchema).describe('oldest first'),
  files: z.array(auditFileSchema).describe('by path, then agent'),
  commands: z.array(auditCommandSchema).describe('oldest first; the newest `limit` when there are more'),
  assumptions: z.array(auditAssumptionSchema).describe('oldest first'),
  toolCalls: z.array(auditToolCallsSchema).describe('per tool, most calls first'),
  usage: usageSchema.describe('sum over `sessions`'),
  alerts: z.array(alertSchema),
  truncated: z.array(z.enum(AUDIT_SECTIONS)).describe('sections that hold only `limit` items of more'),
});
/** The document as JSON carries it (alerts as the schema describes them). */
export type AuditDocument = z.output<typeof auditReportSchema>;
