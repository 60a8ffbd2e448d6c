import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { readServerInfo, type ServerInfo } from '../orchestrator/server-info.js';
import type { ServerStatus } from '../orchestrator/server-status.js';

/** The compiled `agentfleet` CLI beside this module in dist/. */
export const AGENTFLEET_CLI = fileURLToPath(new URL('../orchestrator/cli.js', import.meta.url));

const START_TIMEOUT_MS = 30_000;

export interface AgentfleetUpOptions {
  readonly dataDir: string;
  /** More `agentfleet up` flags; the ports are always 0 (the OS picks), the log level warn. */
  readonly args?: readonly string[];
  /** Node.js flags, e.g. `--cpu-prof`. */
  readonly nodeArgs?: readonly string[];
}

/** `agentfleet up` as a child process on `dataDir`, resolved once it has written its addresses there. */
export async function startAgentfleetUp(options: AgentfleetUpOptions): Promise<{ child: ChildProcess; info: ServerInfo }> {
  const args = ['up', '--data-dir', options.dataDir, '--otlp-port', '0', '--port', '0', '--log-level', 'warn', ...(options.args ?? [])];
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), AGENTFLEET_CLI, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const info = await readServerInfo(options.dataDir);
    if (info !== undefined && info.pid === child.pid) return { child, info };
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('bench: agentfleet up did not start');
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function serverStatus(info: ServerInfo): Promise<ServerStatus> {
  const response = await fetch(`${info.controlPlaneUrl}/api/v1/status`);
  return (await response.json()) as ServerStatus;
}
