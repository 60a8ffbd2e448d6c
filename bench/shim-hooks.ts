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
  /** Starts keeping the bodies of the hooks it answers (parsed JSON), until `takeRecorded`. */
  record(): void;
  /** The bodies kept since `record`, in arrival order; stops keeping them. */
  takeRecorded(): unknown[];
  close(): Promise<void>;
}

/** 127.0.0.1 server that reads each request and answers `{}`: the least an HTTP hook can cost. Recording (for the replay) is off unless asked for. */
export async function startNoopHookServer(): Promise<NoopHookServer> {
  let answered = 0;
  let recorded: Buffer[] | undefined;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    if (recorded === undefined) req.resume();
    else req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      answered++;
      recorded?.push(Buffer.concat(chunks));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 2 }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    answered: () => answered,
    record() {
      recorded = [];
    },
    takeRecorded() {
      const bodies = (recorded ?? []).map((body) => JSON.parse(body.toString('utf8')) as unknown);
      recorded = undefined;
      return bodies;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
