import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ShimConfig } from '../../agent-shim/config.js';
import { parseSpoolFileName } from '../../agent-shim/spool/spool.js';
import type { Signal } from '../../ingest/schema/otel-tables.js';

/** The compiled `agentfleet` binary (built by test/global-setup.ts). */
export const CLI = fileURLToPath(new URL('../../dist/orchestrator/cli.js', import.meta.url));
const SHIM_CHILD = fileURLToPath(new URL('./shim-child.mjs', import.meta.url));

export interface ProcessResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunningProcess {
  readonly child: ChildProcess;
  /** Resolves when the process has exited and its output is complete. */
  readonly result: Promise<ProcessResult>;
  /** What it printed on stdout so far. */
  stdout(): string;
  /** What it printed on stderr so far. */
  stderr(): string;
}

export interface StartOptions {
  readonly cwd: string;
  readonly env?: Readonly<Record<string, string>>;
  /** Own process group, so the test can kill the process and its children at once. */
  readonly detached?: boolean;
  /** `pipe` to type into it; closed by default. */
  readonly stdin?: 'pipe' | 'ignore';
}

/** Starts `command args` with piped output. */
export function startProcess(command: string, args: readonly string[], options: StartOptions): RunningProcess {
  const child = spawn(command, [...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const result = once(child, 'close').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null, stdout, stderr }));
  return { child, result, stdout: () => stdout, stderr: () => stderr };
}

/** `agentfleet <args>` as a child process. */
export function startAgentfleet(args: readonly string[], options: StartOptions): RunningProcess {
  return startProcess(process.execPath, [CLI, ...args], options);
}

/**
 * `agentfleet run --agent <agent> --task <task> -- <command…>` with shim
 * settings its flags do not expose (a short heartbeat interval), through
 * test/helpers/shim-child.mjs.
 */
export function startShimWith(settings: Partial<ShimConfig>, agent: string, task: string, command: readonly string[], options: StartOptions): RunningProcess {
  return startProcess(process.execPath, [SHIM_CHILD, JSON.stringify(settings), agent, task, ...command], options);
}

/** A TCP port free right now on 127.0.0.1 (for a collector started later on a known port). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

export function gitIn(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
}

/**
 * A git repository in `dir` on branch `main` with `files` committed, a
 * `.gitignore` (`*.log`, `build/`) and an `origin` remote whose URL carries
 * credentials. Returns HEAD.
 */
export function makeGitRepo(dir: string, files: Readonly<Record<string, string>>): string {
  gitIn(dir, 'init', '-q', '-b', 'main');
  gitIn(dir, 'config', 'user.email', 'test@example.com');
  gitIn(dir, 'config', 'user.name', 'test');
  gitIn(dir, 'remote', 'add', 'origin', 'https://someone:s3cret@example.com/acme/shop.git');
  writeFileSync(path.join(dir, '.gitignore'), '*.log\nbuild/\n');
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  gitIn(dir, 'add', '-A');
  gitIn(dir, 'commit', '-q', '-m', 'start');
  return gitIn(dir, 'rev-parse', 'HEAD');
}

/** Polls `check` every 50 ms until it returns a value other than undefined, or throws after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The OTLP/JSON request bodies of `signal` spooled under `spoolDir` (every run's directory). */
function spooledBodies(spoolDir: string, signal: Signal): unknown[] {
  const bodies: unknown[] = [];
  for (const run of readdirSync(spoolDir, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    const dir = path.join(spoolDir, run.name);
    for (const file of readdirSync(dir).filter((f) => parseSpoolFileName(f)?.signal === signal)) bodies.push(JSON.parse(readFileSync(path.join(dir, file), 'utf8')));
  }
  return bodies;
}

/** Names of the spans spooled under `spoolDir`. */
export function spooledSpanNames(spoolDir: string): string[] {
  const bodies = spooledBodies(spoolDir, 'traces') as Array<{ resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<{ name: string }> }> }> }>;
  return bodies.flatMap((body) => body.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((scope) => scope.spans.map((span) => span.name))));
}

/** Event names of the log records spooled under `spoolDir`. */
export function spooledEventNames(spoolDir: string): string[] {
  const bodies = spooledBodies(spoolDir, 'logs') as Array<{ resourceLogs: Array<{ scopeLogs: Array<{ logRecords: Array<{ eventName?: string }> }> }> }>;
  return bodies.flatMap((body) => body.resourceLogs.flatMap((r) => r.scopeLogs.flatMap((scope) => scope.logRecords.map((record) => record.eventName ?? ''))));
}

/** The run directories currently under `spoolDir`. */
export function spoolRunDirs(spoolDir: string): string[] {
  return readdirSync(spoolDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
}
