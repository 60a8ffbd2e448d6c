import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLAUDE_HOOK_ROUTE } from '../agent-shim/adapters/claude-code.js';
import { SHIM_URL_ENV } from '../agent-shim/mcp/shim-client.js';
import { defaultShimConfig } from '../agent-shim/config.js';
import { postJson } from '../agent-shim/post-json.js';
import type { ServerInfo } from '../orchestrator/server-info.js';
import { AGENTFLEET_CLI } from './agentfleet-up.js';

/**
 * The hook round trip alone: the PreToolUse and PostToolUse payloads Claude
 * Code sent for real tool calls (recorded by the no-op server) are posted
 * again, call by call, as an HTTP client sees them — to the no-op server
 * (in a process of its own, as the shim is), to
 * a `command` hook running `true` (payload on stdin, as Claude Code runs
 * it: `sh -c`), and to the hook endpoint of a running `agentfleet run`
 * (which does all it does for a real call: spans, events, snapshots, the
 * intent check, export to `agentfleet up`). Without Claude Code around it,
 * this is what each hook costs the tool call, to the tenth of a millisecond.
 * The targets take turns call by call; between calls the replay waits as a
 * model turn would, so the shim's work after its answers is done by then,
 * as it is in a session.
 */

/** One tool call's two hook payloads, as Claude Code sent them. */
export interface RecordedToolCall {
  readonly pre: unknown;
  readonly post: unknown;
}

export type ReplayTarget = 'noop' | 'command' | 'shim';
export const REPLAY_TARGETS: readonly ReplayTarget[] = ['noop', 'command', 'shim'];

/** Per target: each call's round trip (PreToolUse + PostToolUse) and each hook's, in ms. */
export type ReplayResult = Record<ReplayTarget, { readonly calls: number[]; readonly pre: number[]; readonly post: number[] }>;

/** Between a call's two hooks: the tool runs. */
const TOOL_MS = 2;
/** Between calls: a model turn (the scripted API's are ~20 ms, real ones seconds). */
const TURN_MS = 20;
const START_TIMEOUT_MS = 30_000;
/** The shim's own hook timeout: a replayed hook slower than this is a failure, not a figure. */
const HOOK_TIMEOUT_MS = defaultShimConfig().hookTimeoutMs;
const NOOP_PROCESS = fileURLToPath(new URL('./noop-hook-process.js', import.meta.url));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Pairs the tool hooks among recorded payloads by `tool_use_id`. */
export function recordedToolCalls(payloads: readonly unknown[]): RecordedToolCall[] {
  const pre = new Map<string, unknown>();
  const calls: RecordedToolCall[] = [];
  for (const payload of payloads) {
    const { hook_event_name: event, tool_use_id: id } = payload as { hook_event_name?: string; tool_use_id?: string };
    if (id === undefined) continue;
    if (event === 'PreToolUse') pre.set(id, payload);
    if (event === 'PostToolUse' && pre.has(id)) calls.push({ pre: pre.get(id), post: payload });
  }
  return calls;
}

/** An HTTP hook as a keep-alive client posts it (the shim's own JSON client), the answer read to its end. */
async function postHook(url: URL, payload: unknown): Promise<void> {
  const { status } = await postJson(url, payload, { timeoutMs: HOOK_TIMEOUT_MS });
  if (status !== 200) throw new Error(`bench/shim replay: ${url.href} answered ${status}`);
}

/** A `command` hook: `sh -c true` with the payload on stdin. */
async function runTrue(payload: unknown): Promise<void> {
  const body = JSON.stringify(payload);
  const child = spawn('sh', ['-c', 'true'], { stdio: ['pipe', 'ignore', 'ignore'] });
  // `true` may exit before reading its stdin; the broken pipe is no failure of the hook.
  child.stdin!.on('error', () => undefined);
  child.stdin!.end(body);
  const [code] = (await once(child, 'close')) as [number | null];
  if (code !== 0) throw new Error(`bench/shim replay: command hook exited ${code}`);
}

/** A child process that prints a URL on its first line and runs until its stdin closes. */
interface UrlProcess {
  readonly url: string;
  stop(): Promise<void>;
}

async function startUrlProcess(what: string, args: readonly string[], cwd: string): Promise<UrlProcess> {
  const child: ChildProcess = spawn(process.execPath, [...args], { cwd, stdio: ['pipe', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`bench/shim replay: ${what} did not start in time`)), START_TIMEOUT_MS);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!out.includes('\n')) return;
      clearTimeout(timer);
      resolve(out.split('\n')[0]!);
    });
    child.once('exit', (code) => reject(new Error(`bench/shim replay: ${what} exited ${code} before it started`)));
  });
  return {
    url,
    async stop() {
      const exited = once(child, 'exit');
      child.stdin!.end();
      await exited;
    },
  };
}

/**
 * The agent of the replay's `agentfleet run`: prints the shim's URL from
 * its environment and waits for its stdin to close. An executable file,
 * because the shim puts Claude Code's flags (`--mcp-config`, `--settings`)
 * first, where `node -e` would refuse them.
 */
function writeReplayAgent(dir: string): string {
  const file = path.join(dir, 'replay-agent.mjs');
  writeFileSync(
    file,
    `#!${process.execPath}\nprocess.stdout.write(process.env.${SHIM_URL_ENV} + '\\n');\nprocess.stdin.resume();\nprocess.stdin.on('end', () => process.exit(0));\n`,
    { mode: 0o755 },
  );
  return file;
}

/** `agentfleet run --kind claude` around the replay agent: the shim's URL (its stdin is the agent's). */
function startReplayShim(options: ReplayOptions): Promise<UrlProcess> {
  const { server } = options;
  return startUrlProcess(
    'agentfleet run',
    [
      ...(options.nodeArgs ?? []), AGENTFLEET_CLI, 'run', '--agent', options.agent, '--kind', 'claude', '--spool-dir', options.spoolDir,
      '--server', server.otlpUrl, '--control-plane', server.controlPlaneUrl, '--', writeReplayAgent(options.scratchDir),
    ],
    options.repo,
  );
}

export interface ReplayOptions {
  readonly calls: readonly RecordedToolCall[];
  /** The work tree the calls were recorded in (the shim runs there). */
  readonly repo: string;
  readonly spoolDir: string;
  /** Where the replay's stand-in agent is written. */
  readonly scratchDir: string;
  readonly server: ServerInfo;
  readonly agent: string;
  /** Node flags for the shim (a CPU profile). */
  readonly nodeArgs?: readonly string[];
}

/** Replays every call to each target, the targets' order rotating call by call. */
export async function replayHookRoundTrips(options: ReplayOptions): Promise<ReplayResult> {
  const noop = await startUrlProcess('the no-op hook server', [NOOP_PROCESS], options.repo);
  const shim = await startReplayShim(options);
  const hookUrl = new URL(`${shim.url}${CLAUDE_HOOK_ROUTE}`);
  const noopUrl = new URL(noop.url);
  const send: Record<ReplayTarget, (payload: unknown) => Promise<void>> = {
    noop: (payload) => postHook(noopUrl, payload),
    command: runTrue,
    shim: (payload) => postHook(hookUrl, payload),
  };
  const result: ReplayResult = { noop: { calls: [], pre: [], post: [] }, command: { calls: [], pre: [], post: [] }, shim: { calls: [], pre: [], post: [] } };
  try {
    for (const [k, call] of options.calls.entries()) {
      for (let i = 0; i < REPLAY_TARGETS.length; i++) {
        const target = REPLAY_TARGETS[(i + k) % REPLAY_TARGETS.length]!;
        const t0 = performance.now();
        await send[target](call.pre);
        const t1 = performance.now();
        await sleep(TOOL_MS);
        const t2 = performance.now();
        await send[target](call.post);
        const t3 = performance.now();
        result[target].pre.push(t1 - t0);
        result[target].post.push(t3 - t2);
        result[target].calls.push(t1 - t0 + (t3 - t2));
        await sleep(TURN_MS);
      }
    }
  } finally {
    await Promise.all([shim.stop(), noop.stop()]);
  }
  return result;
}
