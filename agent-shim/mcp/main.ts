#!/usr/bin/env node
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createAgentfleetMcpServer } from './mcp-server.js';
import { SHIM_URL_ENV } from './shim-client.js';

/**
 * Entry of the agentfleet MCP server, started by Claude Code from the
 * `--mcp-config` the shim passes (stdio: stdout is the protocol, so
 * diagnostics go to stderr only).
 */
const shimUrl = process.env[SHIM_URL_ENV];
if (shimUrl === undefined || shimUrl === '') {
  process.stderr.write(`agentfleet mcp: ${SHIM_URL_ENV} is not set; start the agent with \`agentfleet run\`\n`);
  process.exit(1);
}
await createAgentfleetMcpServer(shimUrl, process.cwd()).connect(new StdioServerTransport());
