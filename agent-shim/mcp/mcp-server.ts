import path from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { VERSION } from '../../orchestrator/version.js';
import { MCP_SERVER_NAME } from '../claude/mcp-config.js';
import { ASSUMPTIONS_ROUTE, INTENTS_ROUTE, TOUCHES_ROUTE, intentsResponseSchema, touchesResponseSchema, type TouchesResponse } from './protocol.js';
import { postToShim } from './shim-client.js';

/**
 * The agentfleet MCP server: tools an agent calls to tell the fleet what it
 * assumes and what it is about to edit, and to ask who else is working on a
 * file. Each tool is one request to the agent's shim; a shim that does not
 * answer makes the tool report an error to the model, never hang it.
 */
export function createAgentfleetMcpServer(shimUrl: string, cwd: string): McpServer {
  const server = new McpServer({ name: MCP_SERVER_NAME, version: VERSION });
  const absolute = (p: string) => path.resolve(cwd, p);

  server.registerTool(
    'declare_assumption',
    {
      description:
        'Record an assumption your work relies on (e.g. "the Charge type keeps its currency field"), so other agents and the human are warned when someone changes what it is about.',
      inputSchema: { text: z.string().min(1).describe('the assumption, one sentence'), about: z.string().min(1).optional().describe('the file path, symbol or API it is about') },
    },
    ({ text, about }) => answer(async () => {
      await postToShim(shimUrl, ASSUMPTIONS_ROUTE, { text, ...(about !== undefined ? { about } : {}) }, z.unknown());
      return `Recorded assumption: ${text}${about !== undefined ? ` (about ${about})` : ''}`;
    }),
  );

  server.registerTool(
    'declare_intent',
    {
      description: 'Announce files you are about to edit, before editing them, so agents working on the same files are warned early.',
      inputSchema: { paths: z.array(z.string().min(1)).min(1).max(100).describe('paths of the files, relative to the working directory or absolute') },
    },
    ({ paths }) => answer(async () => {
      const { intents } = await postToShim(shimUrl, INTENTS_ROUTE, { paths: paths.map(absolute) }, intentsResponseSchema);
      return `Declared intent to edit: ${intents.map((i) => `${i.path} (${i.op})`).join(', ')}`;
    }),
  );

  server.registerTool(
    'who_is_touching',
    {
      description: 'Ask which other agents recently edited, or announced they will edit, a file — newest first.',
      inputSchema: { path: z.string().min(1).describe('path of the file, relative to the working directory or absolute') },
    },
    ({ path: file }) => answer(async () => describeTouches(await postToShim(shimUrl, TOUCHES_ROUTE, { path: absolute(file) }, touchesResponseSchema))),
  );

  return server;
}

function describeTouches({ path: file, touches, error }: TouchesResponse): string {
  if (error !== undefined) throw new Error(error);
  if (touches.length === 0) return `No other agent has touched ${file} recently.`;
  const lines = touches.map(
    (t) => `- ${t.agent}: ${t.span} (${t.op}) at ${new Date(t.atMs).toISOString()}${t.branch ? ` on branch ${t.branch}` : ''}${t.worktree ? ` in ${t.worktree}` : ''}`,
  );
  return [`Other agents touching ${file}, newest first:`, ...lines].join('\n');
}

/** A tool's text, or the failure as an error result the model can read. */
async function answer(work: () => Promise<string>): Promise<CallToolResult> {
  try {
    return { content: [{ type: 'text', text: await work() }] };
  } catch (error) {
    return { isError: true, content: [{ type: 'text', text: `agentfleet: ${error instanceof Error ? error.message : String(error)}` }] };
  }
}
