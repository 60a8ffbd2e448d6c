import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The compiled `agentfleet` binary (built by test/global-setup.ts). */
export const CLI = fileURLToPath(new URL('../../dist/orchestrator/cli.js', import.meta.url));

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
  return { child, result, stdout: () => stdout };
}

/** `agentfleet <args>` as a child process. */
export function startAgentfleet(args: readonly string[], options: StartOptions): RunningProcess {
  return startProcess(process.execPath, [CLI, ...args], options);
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

/** Names of the spans in the OTLP/JSON bodies spooled under `spoolDir` (every run's directory). */
export function spooledSpanNames(spoolDir: string): string[] {
  const names: string[] = [];
  for (const run of readdirSync(spoolDir, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    const dir = path.join(spoolDir, run.name);
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const body = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<{ name: string }> }> }> };
      for (const resource of body.resourceSpans) for (const scope of resource.scopeSpans) for (const span of scope.spans) names.push(span.name);
    }
  }
  return names;
}

/** The run directories currently under `spoolDir`. */
export function spoolRunDirs(spoolDir: string): string[] {
  return readdirSync(spoolDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
}
