import { z } from 'zod';
import { FILE_CHANGE_SPANS, type SessionStatus } from './model.js';

/**
 * `Session` and `AgentSummary` (model.ts) as schemas, for the OpenAPI
 * document of the fleet routes and for clients that read them back
 * (`agentfleet status`). Fields that are `undefined` in the type are absent
 * from the JSON, hence optional here. Routes type-check their handlers
 * against these (a field whose type changes fails the build), and a unit
 * test parses complete objects strictly (a field missing here fails it).
 */

export const SESSION_STATUSES = ['running', 'waiting', 'idle', 'done', 'crashed'] as const satisfies readonly SessionStatus[];

const count = z.number().int().nonnegative();

const currentToolSchema = z
  .object({ name: z.string(), callId: z.string(), sinceMs: z.number() })
  .describe('the tool call in progress: started, with no result yet');

export const fileChangeSchema = z.object({
  path: z.string().describe('repository-relative'),
  linesAdded: count,
  linesRemoved: count,
  edits: count,
  lastOp: z.string().describe('create | modify | delete | rename'),
  firstEditMs: z.number(),
  lastEditMs: z.number(),
  spanIds: z.array(z.string()).describe(`span ids of its newest \`file.edit\` spans (at most ${FILE_CHANGE_SPANS}), oldest first, in the session's trace`),
  unmerged: z.boolean().describe('true until git shows the change in the target branch, or undone'),
});

export const assumptionSchema = z.object({
  id: z.string().describe('span id of the `assumption` span'),
  sessionId: z.string(),
  text: z.string(),
  subject: z.string().optional().describe('a repository-relative path, or a symbol / API name'),
  atMs: z.number(),
});

const usageSchema = z.object({
  inputTokens: count,
  outputTokens: count,
  costUsd: z.number().nonnegative(),
  llmRequests: count,
  toolCalls: count,
  commands: count,
  failedCommands: count,
});

const sessionStatusSchema = z.enum(SESSION_STATUSES);

export const sessionSchema = z.object({
  id: z.string().describe('`service.instance.id`: one `agentfleet run`'),
  traceId: z.string(),
  agentId: z.string(),
  agentName: z.string(),
  kind: z.string().describe('claude-code, codex, gemini-cli, generic'),
  fleetId: z.string(),
  host: z.string(),
  worktree: z.string().describe('absolute path of the work tree'),
  branch: z.string().optional(),
  baseCommit: z.string().optional(),
  repository: z.string().optional(),
  task: z.string().optional(),
  conversationId: z.string().optional(),
  status: sessionStatusSchema,
  currentTool: currentToolSchema.optional(),
  startedMs: z.number(),
  lastActivityMs: z.number(),
  endedMs: z.number().optional(),
  exitCode: z.number().int().optional(),
  exitSignal: z.string().optional(),
  files: z.record(z.string(), fileChangeSchema).describe('by repository-relative path'),
  assumptions: z.array(assumptionSchema),
  usage: usageSchema,
});

export const agentSummarySchema = z.object({
  agentId: z.string().describe('`gen_ai.agent.id`: a name in a work tree on a host'),
  agentName: z.string(),
  worktree: z.string(),
  host: z.string(),
  branch: z.string().optional(),
  status: sessionStatusSchema.describe("the newest session's status"),
  sessionIds: z.array(z.string()).describe('oldest first'),
  currentTool: currentToolSchema.optional(),
  lastActivityMs: z.number(),
  unmergedFiles: z.array(z.string()).describe("paths with unmerged changes over all the agent's sessions"),
});
