import { fileURLToPath } from 'node:url';
import { SHIM_URL_ENV } from '../mcp/shim-client.js';

/** Name of the shim's MCP server: Claude Code calls its tools `mcp__agentfleet__<tool>`. */
export const MCP_SERVER_NAME = 'agentfleet';

/** The compiled MCP server entry beside this module in dist/ (`dist/agent-shim/mcp/main.js`). */
const MCP_MAIN = fileURLToPath(new URL('../mcp/main.js', import.meta.url));

/**
 * The `--mcp-config` that makes Claude Code start the agentfleet MCP server
 * (stdio) with this Node.js. The shim URL is passed explicitly: Claude Code
 * passes its environment to MCP servers today, but the config should not
 * depend on that.
 */
export function agentfleetMcpConfig(shimUrl: string): object {
  return {
    mcpServers: {
      [MCP_SERVER_NAME]: { type: 'stdio', command: process.execPath, args: [MCP_MAIN], env: { [SHIM_URL_ENV]: shimUrl } },
    },
  };
}
