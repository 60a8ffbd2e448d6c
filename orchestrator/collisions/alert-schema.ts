import { z } from 'zod';
import { ALERT_KINDS, ALERT_RESOLUTIONS, ALERT_SEVERITIES, ALERT_STATES } from './alert.js';

/**
 * `Alert` (collisions/alert.ts) as a schema, for the OpenAPI document of
 * every route that returns alerts. Fields that are `undefined` in the type
 * are absent from the JSON, hence optional here. Routes type-check their
 * handlers against it (a field whose type changes fails the build), and a
 * unit test parses a complete `Alert` strictly (a field missing here fails
 * the test).
 */

export const alertPartySchema = z.object({
  sessionId: z.string().describe("'' when the party is a branch (a stale base)"),
  agentId: z.string(),
  agentName: z.string(),
  worktree: z.string(),
  branch: z.string().optional(),
});

const lineRangeSchema = z.object({ start: z.number().int(), end: z.number().int() }).describe('1-based, inclusive');

const hunkSchema = z
  .object({ oldStart: z.number().int(), oldLines: z.number().int(), newStart: z.number().int(), newLines: z.number().int() })
  .describe('a unified diff hunk header `@@ -oldStart,oldLines +newStart,newLines @@`, numbers as git prints them');

const fileChangeEvidenceSchema = z.object({
  sessionId: z.string(),
  linesAdded: z.number().int(),
  linesRemoved: z.number().int(),
  edits: z.number().int(),
  lastEditMs: z.number(),
  hunks: z
    .array(hunkSchema)
    .optional()
    .describe("the change's hunks, from the merge base of the session's work tree with its target branch to the work tree on disk at the last git pass; absent until git looked, or for another host's work tree"),
  hunksOmitted: z.number().int().optional().describe('hunks left out of `hunks` (over the cap)'),
});

export const alertEvidenceSchema = z.object({
  files: z.array(
    z.object({
      path: z.string(),
      ranges: z.array(z.array(lineRangeSchema)).optional().describe('per party (as in `parties`), the lines involved'),
      changes: z
        .array(fileChangeEvidenceSchema)
        .optional()
        .describe('the unmerged changes of the parties that have one, by session'),
    }),
  ),
  symbols: z
    .array(
      z.object({
        path: z.string().describe('file that defines the symbol'),
        symbol: z.string(),
        symbolKind: z.string(),
        usedIn: z.array(z.string()).describe("the other party's files that import or call it"),
        change: z.enum(['signature', 'body', 'removed', 'added']).optional(),
        lines: lineRangeSchema.optional(),
        renamedTo: z.string().optional(),
      }),
    )
    .optional(),
  assumption: z.object({ id: z.string(), text: z.string(), subject: z.string() }).optional(),
  spans: z.array(z.object({ traceId: z.string(), spanId: z.string() })).describe('spans that caused or updated the alert, newest last'),
  commits: z.array(z.string()).optional().describe('for merge conflicts: the snapshot commits compared'),
});

export const alertSchema = z.object({
  id: z.string(),
  kind: z.enum(ALERT_KINDS),
  severity: z.enum(ALERT_SEVERITIES),
  state: z.enum(ALERT_STATES),
  parties: z.array(alertPartySchema),
  files: z.array(z.string()),
  summary: z.string(),
  evidence: alertEvidenceSchema,
  firstSeenMs: z.number(),
  lastSeenMs: z.number(),
  resolvedMs: z.number().optional(),
  resolution: z.enum(ALERT_RESOLUTIONS).optional(),
  acknowledgedBy: z.string().optional(),
  resolvedBy: z.string().optional(),
  version: z.number().int(),
});
