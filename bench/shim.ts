import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { agentfleetMcpConfig } from '../agent-shim/claude/mcp-config.js';
import type { ServerInfo } from '../orchestrator/server-info.js';
import { AGENTFLEET_CLI, serverStatus, startAgentfleetUp } from './agentfleet-up.js';
import type { MessageUsage } from './anthropic-sse.js';
import { CLAUDE_BIN, claudeArgs, claudeEnv } from './claude-cli.js';
import { commandLine, cpuSeconds, descendantPids, peakRssBytes } from './proc-stats.js';
import { startScriptedAnthropic, type ScriptedTurn } from './scripted-anthropic.js';
import { commandHookSettings, httpHookSettings, startNoopHookServer, type NoopHookServer } from './shim-hooks.js';
import { recordedToolCalls, replayHookRoundTrips, type ReplayResult } from './shim-replay.js';
import { formatBenchTable, percentile, type BenchRow } from './table.js';

/**
 * `bench/shim`: what the shim adds to each Claude Code tool call.
 *
 * The real Claude Code CLI runs against the scripted Anthropic API
 * (127.0.0.1), one tool call per model turn (Read of a small file: cheap
 * and steady), under five set-ups:
 *
 * - `none`: no hooks (the baseline);
 * - `http`: the shim's hook events and matchers, each an HTTP hook to a
 *   loopback server answering `{}` at once (what an HTTP hook costs at least);
 * - `mcp`: the same, plus the agentfleet MCP server the shim registers
 *   (`--mcp-config`), to tell its cost from the hooks';
 * - `command`: the shim's events and matchers, each a `command` hook running `true`;
 * - `shim`: `agentfleet run --kind claude -- claude …`, sending to an
 *   `agentfleet up` on a temporary data directory.
 *
 * A tool call's round trip is measured at the API: from the moment it sends
 * the response asking for the call to the arrival of the request carrying
 * its result. That gap holds Claude Code's own work for the call (stream
 * parsing, running the tool, the transcript) and, with hooks, every hook
 * round trip of the call (PreToolUse, then PostToolUse), so a set-up's
 * percentile minus the same percentile without hooks is what it adds
 * (calls of different sessions are not paired, so there is no per-call
 * difference to take; for a constant added delay both ways agree). Sessions
 * of the set-ups are interleaved in rounds, the order rotating, so that
 * noise from the machine hits them alike.
 *
 * Then Edit calls without hooks and with the shim (two interleaved rounds):
 * an edit is where the shim does most before answering (the file before;
 * the control plane's intent check too where the gate policy can hold
 * edits — not under the default `warn`, which this bench runs) and after
 * (the file after, the diff, `file.edit`).
 *
 * Then two sessions (HTTP no-op, shim) with Claude Code's hook debug log,
 * which times each HTTP hook from its POST to its response (whole ms). Then
 * the hook round trip alone, to the tenth of a millisecond: the hooks of
 * recorded Read and Edit calls replayed to the no-op server, `true` and a
 * running shim (bench/shim-replay.ts) — the figure the target is checked
 * on, since in a session Claude Code's own cost of calling any HTTP hook
 * (several ms) is mixed in. Last, two sessions
 * of 1,000 tool calls, without hooks and under `agentfleet run`: the
 * processes' CPU and peak RSS from /proc, read when the first tool call is
 * asked for and when the last one's result arrives, and the spans stored.
 */

/** Rounds of the five set-ups, each a session of SESSION_CALLS tool calls (override with the env variables). */
const ROUNDS = Number(process.env['AGENTFLEET_BENCH_SHIM_ROUNDS'] ?? 5);
const SESSION_CALLS = Number(process.env['AGENTFLEET_BENCH_SHIM_SESSION_CALLS'] ?? 100);
/** A session's first calls, reported apart on stderr: how much a session's start weighs on the figures. */
const EARLY_CALLS = 20;
/** Edit tool calls per session; two rounds of a session without hooks and one with the shim. */
const EDIT_CALLS = Number(process.env['AGENTFLEET_BENCH_SHIM_EDIT_CALLS'] ?? 100);
const EDIT_ROUNDS = 2;
/** Tool calls of each of the two sessions with Claude Code's hook debug log (HTTP no-op, shim). */
const HOOK_LOG_CALLS = Number(process.env['AGENTFLEET_BENCH_SHIM_HOOK_LOG_CALLS'] ?? 100);
/** Tool calls recorded and replayed per tool (Read, Edit) for the hook round trip alone. */
const REPLAY_CALLS = Number(process.env['AGENTFLEET_BENCH_SHIM_REPLAY_CALLS'] ?? 300);
/** Tool calls of the long sessions, without hooks and with the shim (CPU, RSS, spans stored). */
const LONG_RUN_CALLS = Number(process.env['AGENTFLEET_BENCH_SHIM_CALLS'] ?? 1_000);

/** AGENTFLEET_BENCH_PROFILE=<dir>: V8 CPU profiles of the replay's and the long session's shim processes are written there. */
const PROFILE_DIR = process.env['AGENTFLEET_BENCH_PROFILE'];
const profileArgs = (name: string): string[] => (PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', PROFILE_DIR, '--cpu-prof-name', `shim-${name}.cpuprofile`] : []);

/** The issue's targets for the shim's added latency per tool call. */
const TARGET_P50_MS = 2;
const TARGET_P99_MS = 10;

const SETUPS = ['none', 'http', 'mcp', 'command', 'shim'] as const;
type Setup = (typeof SETUPS)[number];
const SETUP_LABEL: Readonly<Record<Setup, string>> = {
  none: 'no hooks',
  http: 'HTTP hooks, no-op server',
  mcp: 'HTTP no-op + agentfleet MCP server',
  command: 'command hooks `true`',
  shim: 'agentfleet run (shim)',
};

const PROMPT = 'Work on the files.';
const FINAL_TEXT = 'Done with the files.';
const FILES = 8;
/** Small constant token counts: a long session must not make Claude Code compact. */
const USAGE: MessageUsage = { inputTokens: 100, outputTokens: 10, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 };
/** Hook events per session besides the tool calls' two each: UserPromptSubmit, Stop, SessionEnd. */
const SESSION_HOOKS = 3;
const SPANS_WAIT_MS = 30_000;

interface Workspace {
  readonly root: string;
  /** A git repository with FILES small files, the agent's work tree. */
  readonly repo: string;
  /** Claude Code's HOME (config, transcripts), outside the work tree. */
  readonly home: string;
  readonly spoolDir: string;
  readonly httpSettings: string;
  readonly commandSettings: string;
  /** The `--mcp-config` the shim passes, its shim URL the no-op server (the model never calls its tools). */
  readonly mcpConfig: string;
}

/** The work tree's files as committed (again, after Edit sessions changed them). */
function writeFiles(repo: string): void {
  for (let i = 0; i < FILES; i++) {
    writeFileSync(path.join(repo, `file-${i}.ts`), Array.from({ length: 20 }, (_, line) => `export const value${i}_${line} = ${line};\n`).join(''));
  }
}

function makeWorkspace(noop: NoopHookServer): Workspace {
  const root = mkdtempSync(path.join(os.tmpdir(), 'agentfleet-bench-shim-'));
  const repo = path.join(root, 'repo');
  const home = path.join(root, 'home');
  mkdirSync(repo);
  mkdirSync(home);
  writeFiles(repo);
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@localhost', ...args], { cwd: repo, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('commit', '-q', '-m', 'files');
  const httpSettings = path.join(root, 'http-hooks.json');
  const commandSettings = path.join(root, 'command-hooks.json');
  writeFileSync(httpSettings, JSON.stringify(httpHookSettings(noop.url)));
  writeFileSync(commandSettings, JSON.stringify(commandHookSettings()));
  const mcpConfig = path.join(root, 'mcp.json');
  writeFileSync(mcpConfig, JSON.stringify(agentfleetMcpConfig(noop.url)));
  return { root, repo, home, spoolDir: path.join(root, 'spool'), httpSettings, commandSettings, mcpConfig };
}

/** Checks that `calls` scripted Edits all happened (a refused Edit would be a cheap error, not an edit). */
function expectEdited(repo: string, calls: number): void {
  for (let file = 0; file < FILES; file++) {
    const edits = Math.ceil((calls - file) / FILES);
    const expected = `export const value${file}_0 = ${edits % 2};`;
    const first = readFileSync(path.join(repo, `file-${file}.ts`), 'utf8').split('\n')[0];
    if (first !== expected) throw new Error(`bench/shim: file-${file}.ts starts ${JSON.stringify(first)} after ${edits} Edits, expected ${JSON.stringify(expected)}`);
  }
}

/** The tool each turn calls: Read of a file, or an Edit flipping a constant of a file between 0 and 1. */
type BenchTool = 'Read' | 'Edit';

/** `calls` turns of one tool call each, then the final text; the Edits assume the files as committed. */
function toolScript(repo: string, tool: BenchTool, calls: number): ScriptedTurn[] {
  const turns: ScriptedTurn[] = Array.from({ length: calls }, (_, k) => {
    const file = k % FILES;
    const filePath = path.join(repo, `file-${file}.ts`);
    if (tool === 'Read') return { tools: [{ name: 'Read', input: { file_path: filePath } }] };
    const before = Math.floor(k / FILES) % 2;
    return { tools: [{ name: 'Edit', input: { file_path: filePath, old_string: `value${file}_0 = ${before};`, new_string: `value${file}_0 = ${1 - before};` } }] };
  });
  return [...turns, { text: FINAL_TEXT }];
}

interface SessionTarget {
  readonly ws: Workspace;
  readonly server: ServerInfo;
}

interface SessionOptions {
  readonly setup: Setup;
  readonly calls: number;
  /** Read (default) or Edit. */
  readonly tool?: BenchTool;
  readonly agent: string;
  readonly nodeArgs?: readonly string[];
  /** Claude Code writes its hook debug log (`--debug hooks`) to this file. */
  readonly hookLog?: string;
  /** Called when turn `turn` is asked for, before it is answered (not part of any measured gap), with the session's top process. */
  readonly probe?: (turn: number, pid: number) => void;
}

/** The command line of a session. */
function sessionCommand(target: SessionTarget, options: SessionOptions): [string, string[]] {
  const args = [...claudeArgs(PROMPT), ...(options.hookLog === undefined ? [] : ['--debug', 'hooks', '--debug-file', options.hookLog])];
  switch (options.setup) {
    case 'none':
      return [CLAUDE_BIN, args];
    case 'http':
      return [CLAUDE_BIN, [...args, '--settings', target.ws.httpSettings]];
    case 'mcp':
      return [CLAUDE_BIN, [...args, '--settings', target.ws.httpSettings, '--mcp-config', target.ws.mcpConfig]];
    case 'command':
      return [CLAUDE_BIN, [...args, '--settings', target.ws.commandSettings]];
    case 'shim':
      return [
        process.execPath,
        [
          ...(options.nodeArgs ?? []), AGENTFLEET_CLI, 'run', '--agent', options.agent, '--kind', 'claude', '--spool-dir', target.ws.spoolDir,
          '--server', target.server.otlpUrl, '--control-plane', target.server.controlPlaneUrl, '--', CLAUDE_BIN, ...args,
        ],
      ];
  }
}

/** Kills a session's process and everything below it (claude under the shim, MCP servers under claude). */
function killTree(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const below = descendantPids(child.pid);
  child.kill('SIGKILL');
  for (const pid of below) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Runs one session; resolves with the round trip of each tool call in ms, in order. */
async function runSession(target: SessionTarget, options: SessionOptions): Promise<number[]> {
  const answeredAtMs: number[] = [];
  let child: ChildProcess | undefined;
  const api = await startScriptedAnthropic({
    script: toolScript(target.ws.repo, options.tool ?? 'Read', options.calls),
    recordBodies: false,
    usage: () => USAGE,
    beforeTurn: (turn) => {
      if (child?.pid !== undefined) options.probe?.(turn, child.pid);
      // The answer is written right after this returns (same tick).
      answeredAtMs[turn] = performance.now();
    },
  });
  try {
    const [command, args] = sessionCommand(target, options);
    child = spawn(command, args, { cwd: target.ws.repo, env: claudeEnv(api.url, target.ws.home), stdio: ['ignore', 'pipe', 'pipe'] });
    const running = child;
    let stdout = '';
    let stderr = '';
    running.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
    running.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const timeoutMs = 60_000 + options.calls * 1_000;
    const timer = setTimeout(() => killTree(running), timeoutMs);
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
      running.on('error', reject);
      running.on('close', (c, s) => resolve([c, s]));
    }).finally(() => clearTimeout(timer));
    if (code !== 0 || stdout.trim() !== FINAL_TEXT) {
      throw new Error(`bench/shim: ${options.setup} session ended ${code ?? signal} with ${JSON.stringify(stdout.slice(-300))}; stderr ${JSON.stringify(stderr.slice(-1000))}`);
    }
    const arrivedAtMs = new Map<number, number>();
    for (const request of api.requests) if (request.turn !== undefined && !arrivedAtMs.has(request.turn)) arrivedAtMs.set(request.turn, request.atMs);
    return Array.from({ length: options.calls }, (_, k) => {
      const arrived = arrivedAtMs.get(k + 1);
      const answered = answeredAtMs[k];
      if (arrived === undefined || answered === undefined) throw new Error(`bench/shim: ${options.setup} session: no round trip for tool call ${k}`);
      return arrived - answered;
    });
  } finally {
    if (child !== undefined) killTree(child);
    await api.close();
  }
}

const HOOK_POST = /^(\S+) \[DEBUG\] Hooks: HTTP hook POST to /;
const HOOK_RESPONSE = /^(\S+) \[DEBUG\] Hooks: HTTP hook response status /;

/**
 * Each HTTP hook's round trip as Claude Code itself logs it (`--debug
 * hooks`): from "HTTP hook POST" to "HTTP hook response status", in whole
 * milliseconds (the log's resolution). One tool call per turn: hooks never overlap.
 */
function hookRoundTripsMs(hookLog: string): number[] {
  const roundTrips: number[] = [];
  let postedAt: number | undefined;
  for (const line of readFileSync(hookLog, 'utf8').split('\n')) {
    const posted = HOOK_POST.exec(line);
    if (posted) postedAt = Date.parse(posted[1]!);
    const answered = HOOK_RESPONSE.exec(line);
    if (answered && postedAt !== undefined) {
      roundTrips.push(Date.parse(answered[1]!) - postedAt);
      postedAt = undefined;
    }
  }
  return roundTrips;
}

interface ProcessUsage {
  readonly cpuSeconds: number;
  readonly peakRssBytes: number;
}

/** A process's CPU and peak RSS so far; undefined when it is not (or no longer) there. */
function usageOf(pid: number | undefined): ProcessUsage | undefined {
  if (pid === undefined) return undefined;
  try {
    return { cpuSeconds: cpuSeconds(pid), peakRssBytes: peakRssBytes(pid) };
  } catch {
    return undefined;
  }
}

/**
 * A session's processes at one moment: the shim (if any), the Claude Code it
 * runs, the agentfleet MCP server Claude Code starts, and `agentfleet up`.
 */
interface SessionUsage {
  readonly shim: ProcessUsage | undefined;
  readonly claude: ProcessUsage | undefined;
  readonly mcpServer: ProcessUsage | undefined;
  readonly server: ProcessUsage | undefined;
}

function sessionUsage(topPid: number, serverPid: number | undefined): SessionUsage {
  const processes = [topPid, ...descendantPids(topPid)].map((pid) => ({ pid, command: commandLine(pid) }));
  const claude = processes.find((p) => p.command.startsWith(CLAUDE_BIN))?.pid;
  return {
    shim: claude === topPid ? undefined : usageOf(topPid),
    claude: usageOf(claude),
    mcpServer: usageOf(processes.find((p) => p.command.includes(path.join('agent-shim', 'mcp', 'main.js')))?.pid),
    server: usageOf(serverPid),
  };
}

/** CPU seconds between two readings; NaN when either is missing. */
const cpuBetween = (first: ProcessUsage | undefined, last: ProcessUsage | undefined) => (first && last ? last.cpuSeconds - first.cpuSeconds : NaN);
const mib = (usage: ProcessUsage | undefined) => (usage ? usage.peakRssBytes / 1024 / 1024 : NaN);

/** `execute_tool` spans stored for `agent` (the control plane's span feed), or undefined when this server has no such route. */
async function storedToolCallSpans(server: ServerInfo, agent: string, sinceMs: number): Promise<number | undefined> {
  let count = 0;
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ agent, name: 'execute_tool *', from: String(sinceMs), limit: '1000', ...(cursor === null ? {} : { cursor }) });
    const response = await fetch(`${server.controlPlaneUrl}/api/v1/spans?${query}`);
    if (response.status === 404) return undefined;
    if (!response.ok) throw new Error(`bench/shim: /api/v1/spans answered ${response.status}: ${await response.text()}`);
    const page = (await response.json()) as { spans: unknown[]; nextCursor: string | null };
    count += page.spans.length;
    cursor = page.nextCursor;
  } while (cursor !== null);
  return count;
}

/** Waits until storage holds at least `rows` spans (and the log is drained); resolves with the count. */
async function waitForStored(server: ServerInfo, rows: number): Promise<number> {
  const deadline = Date.now() + SPANS_WAIT_MS;
  for (;;) {
    const { traces } = (await serverStatus(server)).ingest;
    if ((traces.rowsInserted >= rows && traces.walPendingRows === 0) || Date.now() > deadline) return traces.rowsInserted;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const ms = (n: number) => n.toFixed(1);

/** Every set-up's sessions, interleaved: round r runs the set-ups in an order rotated by r. Resolves with all round trips per set-up. */
async function latencyRounds(target: SessionTarget, noop: NoopHookServer): Promise<Record<Setup, number[]>> {
  const roundTrips: Record<Setup, number[]> = { none: [], http: [], mcp: [], command: [], shim: [] };
  const early: Record<Setup, number[]> = { none: [], http: [], mcp: [], command: [], shim: [] };
  const late: Record<Setup, number[]> = { none: [], http: [], mcp: [], command: [], shim: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < SETUPS.length; i++) {
      const setup = SETUPS[(i + round) % SETUPS.length]!;
      const answeredBefore = noop.answered();
      const session = await runSession(target, { setup, calls: SESSION_CALLS, agent: `bench-shim-round-${round}` });
      roundTrips[setup].push(...session);
      early[setup].push(...session.slice(0, EARLY_CALLS));
      late[setup].push(...session.slice(EARLY_CALLS));
      const hooks = noop.answered() - answeredBefore;
      const expected = setup === 'http' || setup === 'mcp' ? 2 * SESSION_CALLS + SESSION_HOOKS : 0;
      if (hooks !== expected) process.stderr.write(`bench/shim: ${setup}: the no-op hook server answered ${hooks} hooks, expected ${expected}\n`);
    }
    const p50s = SETUPS.map((s) => `${s} ${ms(percentile(roundTrips[s], 50))}`).join(', ');
    process.stderr.write(`bench/shim: round ${round + 1}/${ROUNDS}: round trip p50 so far (ms): ${p50s}\n`);
  }
  // How much a session's start weighs on each set-up's figures.
  const split = SETUPS.map((s) => `${s} ${ms(percentile(early[s], 50))} / ${ms(percentile(late[s], 50))}`).join(', ');
  process.stderr.write(`bench/shim: round trip p50, first ${EARLY_CALLS} calls of each session / the rest (ms): ${split}\n`);
  return roundTrips;
}

/**
 * Edit calls, without hooks and with the shim, interleaved: an edit is where
 * the shim does most (the file before and after, a diff, the intent check).
 */
async function editRounds(target: SessionTarget): Promise<{ none: number[]; shim: number[] }> {
  const roundTrips = { none: [] as number[], shim: [] as number[] };
  for (let round = 0; round < EDIT_ROUNDS; round++) {
    for (const setup of round % 2 === 0 ? (['none', 'shim'] as const) : (['shim', 'none'] as const)) {
      writeFiles(target.ws.repo);
      roundTrips[setup].push(...(await runSession(target, { setup, tool: 'Edit', calls: EDIT_CALLS, agent: `bench-shim-edit-${round}` })));
      expectEdited(target.ws.repo, EDIT_CALLS);
    }
  }
  writeFiles(target.ws.repo);
  return roundTrips;
}

/**
 * The hook round trip alone, replayed (see bench/shim-replay.ts): Claude
 * Code's payloads of REPLAY_CALLS Read and REPLAY_CALLS Edit calls, recorded
 * by the no-op server, posted again to the no-op server, a `true` command
 * and a running shim.
 */
async function replayedRoundTrips(target: SessionTarget, noop: NoopHookServer): Promise<Record<BenchTool, ReplayResult>> {
  const replayed = {} as Record<BenchTool, ReplayResult>;
  for (const tool of ['Read', 'Edit'] as const) {
    writeFiles(target.ws.repo);
    noop.record();
    await runSession(target, { setup: 'http', tool, calls: REPLAY_CALLS, agent: 'bench-shim-record' });
    const calls = recordedToolCalls(noop.takeRecorded());
    if (calls.length !== REPLAY_CALLS) process.stderr.write(`bench/shim: ${calls.length} ${tool} calls recorded, expected ${REPLAY_CALLS}\n`);
    replayed[tool] = await replayHookRoundTrips({
      calls,
      repo: target.ws.repo,
      spoolDir: target.ws.spoolDir,
      scratchDir: target.ws.root,
      server: target.server,
      agent: `bench-shim-replay-${tool.toLowerCase()}`,
      nodeArgs: profileArgs(`replay-${tool.toLowerCase()}`),
    });
  }
  writeFiles(target.ws.repo);
  return replayed;
}

/** One HTTP no-op session and one shim session with Claude Code's hook debug log: each HTTP hook's round trip as Claude Code saw it. */
async function loggedHookRoundTrips(target: SessionTarget): Promise<{ http: number[]; shim: number[] }> {
  const roundTrips = { http: [] as number[], shim: [] as number[] };
  for (const setup of ['http', 'shim'] as const) {
    const hookLog = path.join(target.ws.root, `${setup}-hooks.log`);
    await runSession(target, { setup, calls: HOOK_LOG_CALLS, agent: 'bench-shim-hook-log', hookLog });
    roundTrips[setup] = hookRoundTripsMs(hookLog);
    const expected = 2 * HOOK_LOG_CALLS + SESSION_HOOKS;
    if (roundTrips[setup].length !== expected) process.stderr.write(`bench/shim: ${setup}: ${roundTrips[setup].length} HTTP hooks in Claude Code's log, expected ${expected}\n`);
  }
  return roundTrips;
}

interface LongSession {
  readonly roundTripsMs: number[];
  /** When the first tool call was asked for, and when the last one's result arrived. */
  readonly first: SessionUsage | undefined;
  readonly last: SessionUsage | undefined;
}

/** One session of LONG_RUN_CALLS tool calls, its processes' CPU and memory read at the first and the last call. */
async function longSession(target: SessionTarget, setup: Setup, agent: string, nodeArgs: readonly string[] = []): Promise<LongSession> {
  const serverPid = target.server.pid;
  let first: SessionUsage | undefined;
  let last: SessionUsage | undefined;
  const roundTripsMs = await runSession(target, {
    setup,
    calls: LONG_RUN_CALLS,
    agent,
    nodeArgs,
    probe: (turn, pid) => {
      if (turn === 0) first = sessionUsage(pid, serverPid);
      if (turn === LONG_RUN_CALLS) last = sessionUsage(pid, serverPid);
    },
  });
  // How the round trip moves along the session (Claude Code's own work per turn grows with the conversation).
  const tenth = Math.ceil(roundTripsMs.length / 10);
  const p50s = Array.from({ length: Math.ceil(roundTripsMs.length / tenth) }, (_, i) => ms(percentile(roundTripsMs.slice(i * tenth, (i + 1) * tenth), 50)));
  process.stderr.write(`bench/shim: ${setup} ${LONG_RUN_CALLS}-call session, round trip p50 per tenth (ms): ${p50s.join(' ')}\n`);
  return { roundTripsMs, first, last };
}

export async function main(): Promise<void> {
  const started = performance.now();
  const loadAtStart = os.loadavg()[0]!;
  process.stderr.write(
    `bench/shim: ${ROUNDS} rounds × ${SETUPS.length} set-ups × ${SESSION_CALLS} Read tool calls (one per turn); ` +
      `${EDIT_ROUNDS} × ${EDIT_CALLS} Edit calls without hooks and with the shim; ${HOOK_LOG_CALLS} calls with Claude Code's hook log; ` +
      `${LONG_RUN_CALLS}-call sessions without hooks and with the shim\n`,
  );
  const noop = await startNoopHookServer();
  const ws = makeWorkspace(noop);
  let up: { child: ChildProcess; info: ServerInfo } | undefined;
  try {
    up = await startAgentfleetUp({ dataDir: path.join(ws.root, 'data') });
    const target: SessionTarget = { ws, server: up.info };
    const rounds = await latencyRounds(target, noop);
    process.stderr.write(`bench/shim: Edit calls, ${EDIT_ROUNDS} rounds × ${EDIT_CALLS} without hooks and with the shim…\n`);
    const edits = await editRounds(target);
    process.stderr.write(`bench/shim: hook round trips from Claude Code's debug log (${HOOK_LOG_CALLS} calls, HTTP no-op then shim)…\n`);
    const logged = await loggedHookRoundTrips(target);
    process.stderr.write(`bench/shim: replaying ${REPLAY_CALLS} recorded Read and Edit calls' hooks to the no-op server, \`true\` and the shim…\n`);
    const replayed = await replayedRoundTrips(target, noop);

    process.stderr.write(`bench/shim: ${LONG_RUN_CALLS}-call sessions, no hooks then shim…\n`);
    const plain = await longSession(target, 'none', 'bench-shim-plain');
    const storedBefore = await waitForStored(up.info, 0);
    const sinceMs = Date.now();
    const longAgent = 'bench-shim-long';
    const shim = await longSession(target, 'shim', longAgent, profileArgs('long-session'));
    // At least every execute_tool and llm.request span, and the session's.
    const spansStored = (await waitForStored(up.info, storedBefore + 2 * LONG_RUN_CALLS + 1)) - storedBefore;
    const toolSpansStored = await storedToolCallSpans(up.info, longAgent, sinceMs - 60_000);

    const p = (setup: Setup, q: number) => percentile(rounds[setup], q);
    const added = (setup: Setup, q: number) => p(setup, q) - p('none', q);
    const rows: BenchRow[] = [];
    for (const tool of ['Read', 'Edit'] as const) {
      const { noop: plainHooks, command, shim: shimHooks } = replayed[tool];
      for (const q of [50, 99]) {
        rows.push(
          { figure: `hook round trip per ${tool} call p${q}, replayed, shim`, value: percentile(shimHooks.calls, q), unit: 'ms', baseline: percentile(plainHooks.calls, q), baselineLabel: 'HTTP no-op' },
          { figure: `hook round trip per ${tool} call p${q}, replayed, command \`true\``, value: percentile(command.calls, q), unit: 'ms', baseline: percentile(plainHooks.calls, q), baselineLabel: 'HTTP no-op' },
        );
      }
      for (const hook of ['pre', 'post'] as const) {
        const name = hook === 'pre' ? 'PreToolUse' : 'PostToolUse';
        rows.push({ figure: `${name} round trip of a ${tool} call p50, replayed, shim`, value: percentile(shimHooks[hook], 50), unit: 'ms', baseline: percentile(plainHooks[hook], 50), baselineLabel: 'HTTP no-op' });
      }
    }
    for (const q of [50, 99]) {
      rows.push({ figure: `tool call round trip p${q}, ${SETUP_LABEL.none}`, value: p('none', q), unit: 'ms' });
      for (const setup of SETUPS.slice(1)) {
        rows.push({ figure: `tool call round trip p${q}, ${SETUP_LABEL[setup]}`, value: p(setup, q), unit: 'ms', baseline: p('none', q), baselineLabel: 'no hooks' });
      }
    }
    for (const q of [50, 99]) {
      rows.push({ figure: `added per call p${q}, ${SETUP_LABEL.shim}`, value: added('shim', q), unit: 'ms', baseline: added('http', q), baselineLabel: 'HTTP no-op' });
      for (const setup of ['http', 'mcp', 'command'] as const) rows.push({ figure: `added per call p${q}, ${SETUP_LABEL[setup]}`, value: added(setup, q), unit: 'ms' });
    }
    for (const q of [50, 99]) {
      const plainEdit = percentile(edits.none, q);
      rows.push({ figure: `Edit call round trip p${q}, shim`, value: percentile(edits.shim, q), unit: 'ms', baseline: plainEdit, baselineLabel: 'no hooks' });
    }
    for (const q of [50, 99]) rows.push({ figure: `added per Edit call p${q}, shim`, value: percentile(edits.shim, q) - percentile(edits.none, q), unit: 'ms' });
    rows.push(
      { figure: "HTTP hook round trip p50 (Claude Code's log), shim", value: percentile(logged.shim, 50), unit: 'ms', baseline: percentile(logged.http, 50), baselineLabel: 'HTTP no-op' },
      { figure: "HTTP hook round trip p99 (Claude Code's log), shim", value: percentile(logged.shim, 99), unit: 'ms', baseline: percentile(logged.http, 99), baselineLabel: 'HTTP no-op' },
    );
    const calls = LONG_RUN_CALLS;
    const shimCpu = cpuBetween(shim.first?.shim, shim.last?.shim);
    const perCallMs = (seconds: number) => (seconds / calls) * 1000;
    rows.push(
      { figure: `${calls}-call session round trip p50, shim`, value: percentile(shim.roundTripsMs, 50), unit: 'ms', baseline: percentile(plain.roundTripsMs, 50), baselineLabel: 'no hooks' },
      { figure: `${calls}-call session round trip p99, shim`, value: percentile(shim.roundTripsMs, 99), unit: 'ms', baseline: percentile(plain.roundTripsMs, 99), baselineLabel: 'no hooks' },
      {
        figure: 'Claude Code CPU per tool call, shim session',
        value: perCallMs(cpuBetween(shim.first?.claude, shim.last?.claude)),
        unit: 'ms',
        baseline: perCallMs(cpuBetween(plain.first?.claude, plain.last?.claude)),
        baselineLabel: 'no hooks',
      },
      { figure: `shim CPU over the ${calls} calls`, value: shimCpu, unit: 's', baseline: cpuBetween(shim.first?.claude, shim.last?.claude), baselineLabel: 'Claude Code' },
      { figure: 'shim CPU per tool call', value: perCallMs(shimCpu), unit: 'ms' },
      { figure: 'shim CPU from its start to the last call', value: shim.last?.shim?.cpuSeconds ?? NaN, unit: 's' },
      { figure: 'agentfleet MCP server CPU, same interval', value: cpuBetween(shim.first?.mcpServer, shim.last?.mcpServer), unit: 's' },
      {
        figure: 'agentfleet up CPU, same interval',
        value: cpuBetween(shim.first?.server, shim.last?.server),
        unit: 's',
        baseline: cpuBetween(plain.first?.server, plain.last?.server),
        baselineLabel: 'no-hooks session',
      },
      { figure: 'shim peak RSS', value: mib(shim.last?.shim), unit: 'MiB', baseline: mib(shim.last?.claude), baselineLabel: 'Claude Code' },
      { figure: 'agentfleet MCP server peak RSS', value: mib(shim.last?.mcpServer), unit: 'MiB' },
      { figure: 'spans stored from the shim session', value: spansStored, unit: 'spans' },
    );
    if (toolSpansStored !== undefined) rows.push({ figure: 'execute_tool spans stored', value: toolSpansStored, unit: 'spans', baseline: calls, baselineLabel: 'tool calls made' });

    const verdict = (value: number, q: number, targetMs: number) => `p${q} ${ms(value)} ms ${value <= targetMs ? `≤ ${targetMs} ms, met` : `> ${targetMs} ms, MISSED`}`;
    // The target is the latency the shim's hooks add over an HTTP hook that does nothing (the issue's baseline), both timed in the same replay.
    const targetLine = (tool: BenchTool) => {
      const { shim: shimHooks, noop: plainHooks } = replayed[tool];
      const added = (q: number) => percentile(shimHooks.calls, q) - percentile(plainHooks.calls, q);
      const roundTrip = (hooks: readonly number[]) => `p50 ${ms(percentile(hooks, 50))} ms, p99 ${ms(percentile(hooks, 99))} ms`;
      return (
        `\ntarget, added per ${tool} call by the shim's hooks over the HTTP no-op (replayed): ${verdict(added(50), 50, TARGET_P50_MS)}; ${verdict(added(99), 99, TARGET_P99_MS)}` +
        ` (round trip, shim: ${roundTrip(shimHooks.calls)}; no-op: ${roundTrip(plainHooks.calls)})`
      );
    };
    process.stdout.write(
      formatBenchTable(`shim: Claude Code ${claudeVersion()}, tool call round trips (Read unless named), ${ROUNDS * SESSION_CALLS} Read calls per set-up in ${ROUNDS} interleaved rounds`, rows) +
        '\nreplayed = the hooks of recorded calls posted again by an HTTP client (or piped to `sh -c true`), targets taking turns call by call.' +
        '\nadded = percentile of the set-up minus the same percentile without hooks (same run).' +
        targetLine('Read') +
        targetLine('Edit') +
        `\nin Claude Code sessions, added per call over no hooks: shim ${verdict(added('shim', 50), 50, TARGET_P50_MS)}; ${verdict(added('shim', 99), 99, TARGET_P99_MS)}` +
        ` (an HTTP hook that does nothing: p50 ${ms(added('http', 50))} ms, p99 ${ms(added('http', 99))} ms)` +
        `\n1-minute load average ${loadAtStart.toFixed(1)} at start, ${os.loadavg()[0]!.toFixed(1)} at end (${os.cpus().length} cores); ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
    );
  } finally {
    if (up !== undefined && up.child.exitCode === null) {
      const { child } = up;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(force);
    }
    await noop.close();
    rmSync(ws.root, { recursive: true, force: true });
  }
}

/** The pinned CLI's version, from its package. */
function claudeVersion(): string {
  return (createRequire(import.meta.url)('@anthropic-ai/claude-code/package.json') as { version: string }).version;
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) await main();
