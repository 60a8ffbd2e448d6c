import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerAssumptionRoute } from '../../agent-shim/assumptions.js';
import { registerMcpRoutes } from '../../agent-shim/mcp/shim-routes.js';
import { SHIM_URL_ENV } from '../../agent-shim/mcp/shim-client.js';
import { startShimServer, type RunningShimServer } from '../../agent-shim/shim-server.js';
import { createLogger } from '../../orchestrator/log.js';
import type { FileTouch } from '../../orchestrator/routes/file-touches.js';
import {
  ATTR_AGENTFLEET_ASSUMPTION_SUBJECT,
  ATTR_AGENTFLEET_ASSUMPTION_TEXT,
  ATTR_AGENTFLEET_FILE_OP,
  ATTR_AGENTFLEET_FILE_PATH,
  SPAN_ASSUMPTION,
  SPAN_FILE_INTENT,
} from '../../semconv/index.js';
import { fakeAdapterContext, type FakeAdapterContext } from '../helpers/fake-adapter-context.js';
import { tempDir } from '../helpers/temp-dir.js';

const MCP_MAIN = fileURLToPath(new URL('../../dist/agent-shim/mcp/main.js', import.meta.url));

/** A control plane that knows one touch by another agent and one by the asking agent. */
async function fakeControlPlane(touches: FileTouch[]): Promise<{ url: string; queries: string[]; server: Server }> {
  const queries: string[] = [];
  const server = createServer((req, res) => {
    queries.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path: new URL(req.url!, 'http://x').searchParams.get('path'), touches }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, queries, server };
}

const text = (result: Awaited<ReturnType<Client['callTool']>>) => (result.content as Array<{ text: string }>).map((c) => c.text).join('\n');

describe('the agentfleet MCP server, started as Claude Code starts it, talking to a real shim server', () => {
  let repo: string;
  let shim: RunningShimServer;
  let fake: FakeAdapterContext;
  let client: Client;
  let controlPlane: Awaited<ReturnType<typeof fakeControlPlane>>;

  beforeEach(async () => {
    repo = tempDir();
    const other: FileTouch = { agent: 'agent-b', span: 'file.edit', op: 'modify', atMs: Date.parse('2026-11-25T10:00:00Z'), traceId: 't1', worktree: '/wt/b', branch: 'b' };
    controlPlane = await fakeControlPlane([other, { ...other, agent: 'test-agent' }]);
    shim = await startShimServer({ hookTimeoutMs: 2_000, log: createLogger('error') });
    fake = fakeAdapterContext(repo, { controlPlaneUrl: controlPlane.url }, shim);
    registerAssumptionRoute(fake.context);
    registerMcpRoutes(fake.context);
    client = new Client({ name: 'test', version: '1' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [MCP_MAIN], cwd: repo, env: { [SHIM_URL_ENV]: shim.url }, stderr: 'inherit' }));
  });

  afterEach(async () => {
    await client.close();
    await shim.close();
    controlPlane.server.close();
  });

  it('lists its three tools', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['declare_assumption', 'declare_intent', 'who_is_touching']);
  });

  it('declare_assumption makes an assumption span with text and subject', async () => {
    const result = await client.callTool({ name: 'declare_assumption', arguments: { text: 'the Charge type keeps its currency field', about: 'src/pay/types.ts#Charge' } });
    expect(result.isError).toBeFalsy();
    const [span] = fake.finished().filter((s) => s.name === SPAN_ASSUMPTION);
    expect(span?.attributes).toMatchObject({
      [ATTR_AGENTFLEET_ASSUMPTION_TEXT]: 'the Charge type keeps its currency field',
      [ATTR_AGENTFLEET_ASSUMPTION_SUBJECT]: 'src/pay/types.ts#Charge',
    });
  });

  it('declare_intent makes a file.intent per path, repository-relative, exported at once', async () => {
    const result = await client.callTool({ name: 'declare_intent', arguments: { paths: ['README.md', path.join(repo, 'src/new.ts')] } });
    expect(text(result)).toBe('Declared intent to edit: README.md (create), src/new.ts (create)');
    expect(fake.endedNow).toHaveLength(2);
    expect(fake.finished().filter((s) => s.name === SPAN_FILE_INTENT).map((s) => [s.attributes[ATTR_AGENTFLEET_FILE_PATH], s.attributes[ATTR_AGENTFLEET_FILE_OP]])).toEqual([
      ['README.md', 'create'],
      ['src/new.ts', 'create'],
    ]);
  });

  it("who_is_touching asks the control plane for the repository path and names the other agents, not this one", async () => {
    const result = await client.callTool({ name: 'who_is_touching', arguments: { path: path.join(repo, 'src', 'pay.ts') } });
    expect(controlPlane.queries).toEqual(['/api/v1/files/touches?path=src%2Fpay.ts']);
    expect(text(result)).toBe('Other agents touching src/pay.ts, newest first:\n- agent-b: file.edit (modify) at 2026-11-25T10:00:00.000Z on branch b in /wt/b');
  });

  it('reports an unreachable control plane as a tool error the model can read', async () => {
    controlPlane.server.close();
    controlPlane.server.closeAllConnections();
    const result = await client.callTool({ name: 'who_is_touching', arguments: { path: 'src/pay.ts' } });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/^agentfleet: cannot ask the control plane at http:\/\/127\.0\.0\.1:\d+: /);
  });
});
