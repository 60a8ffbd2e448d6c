import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { captureHooks, hookTimeoutSeconds, type ClaudeSettings } from '../agent-shim/claude/hook-settings.js';
import { defaultShimConfig } from '../agent-shim/config.js';

/**
 * The hook set-ups `bench/shim` compares the shim with: the same events and
 * matchers the shim installs (`captureHooks`), each hook either an HTTP POST
 * to a loopback server that answers `{}` at once, or a `command` hook
 * running `true`.
 */

const TIMEOUT_SECONDS = hookTimeoutSeconds(defaultShimConfig().hookTimeoutMs);

/** Claude Code settings with the shim's hooks, posting to `url`. */
export function httpHookSettings(url: string): ClaudeSettings {
  return { hooks: captureHooks(url, TIMEOUT_SECONDS) };
}

/** Claude Code settings with the shim's events and matchers, each hook running the command `true`. */
export function commandHookSettings(): ClaudeSettings {
  const hook = { type: 'command', command: 'true', timeout: TIMEOUT_SECONDS };
  // The shim's layout, with its (never called) HTTP hook swapped for the command.
  const layout = captureHooks('http://127.0.0.1/', TIMEOUT_SECONDS);
  return { hooks: Object.fromEntries(Object.entries(layout).map(([event, groups]) => [event, groups.map((group) => ({ ...group, hooks: [hook] }))])) };
}

export interface NoopHookServer {
  readonly url: string;
  /** Hook requests answered so far. */
  readonly answered: () => number;
  close(): Promise<void>;
}

/** 127.0.0.1 server that reads each request and answers `{}`: the least an HTTP hook can cost. */
export async function startNoopHookServer(): Promise<NoopHookServer> {
  let answered = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      answered++;
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 2 }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    answered: () => answered,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
