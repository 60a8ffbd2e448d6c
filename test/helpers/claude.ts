import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { CLAUDE_BIN, claudeArgs, claudeEnv } from '../../bench/claude-cli.js';
import { startScriptedAnthropic, type ScriptedAnthropic, type ScriptedTurn } from '../../bench/scripted-anthropic.js';
import { CLI, makeGitRepo, type ProcessResult } from './shim-cli.js';
import { tempDir } from './temp-dir.js';

/**
 * The real Claude Code CLI against a scripted API (see bench/claude-cli.ts,
 * shared with `bench/shim`), with a temporary git repository as its work tree.
 */

/** A fresh git repository with one commit (README.md `# demo`), and a separate empty HOME. */
export function claudeWorkspace(): { repo: string; home: string } {
  const root = tempDir('agentfleet-claude-');
  const repo = path.join(root, 'repo');
  const home = path.join(root, 'home');
  mkdirSync(repo);
  mkdirSync(home);
  makeGitRepo(repo, { 'README.md': '# demo\n' });
  return { repo, home };
}

/** An empty HOME for Claude Code to run in a work tree the test made. */
function claudeHome(): string {
  return tempDir('agentfleet-claude-home-');
}

/** Runs `command` to completion with exactly `env` (stdin closed), killing it after `timeoutMs`. */
export function runProcess(
  command: string,
  args: readonly string[],
  options: { readonly cwd: string; readonly env: Readonly<Record<string, string>>; readonly timeoutMs: number },
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Where a wrapped agent's shim sends and asks. */
export interface ShimTarget {
  readonly agent: string;
  readonly otlpUrl: string;
  readonly controlPlaneUrl: string;
  /** More `agentfleet run` options, e.g. `--native-telemetry`. */
  readonly runOptions?: readonly string[];
}

export interface ScriptedRun {
  readonly result: ProcessResult;
  /** The API the run talked to (closed): its requests are still readable. */
  readonly api: ScriptedAnthropic;
  readonly repo: string;
}

const RUN_TIMEOUT_MS = 45_000;

export interface ScriptedRunOptions {
  /** Awaited before script turn `index` is answered. */
  readonly beforeTurn?: (index: number) => Promise<void>;
  /** The user's prompt (default `Make the change.`). */
  readonly prompt?: string;
  /** Run in this work tree (e.g. a git worktree of a repository other agents share) instead of a fresh repository. */
  readonly workTree?: string;
}

/**
 * `claude -p PROMPT --output-format text` answering `script(repo)` in a
 * fresh workspace (or `options.workTree`) — wrapped as `node dist/orchestrator/cli.js run --agent …
 * -- claude …` when `shim` is given (its spool in the workspace's HOME).
 */
export async function runScriptedClaude(script: (repo: string) => ScriptedTurn[], shim: ShimTarget | undefined, options: ScriptedRunOptions = {}): Promise<ScriptedRun> {
  const { repo, home } = options.workTree === undefined ? claudeWorkspace() : { repo: options.workTree, home: claudeHome() };
  const api = await startScriptedAnthropic({ script: script(repo), beforeTurn: options.beforeTurn });
  const args = claudeArgs(options.prompt ?? 'Make the change.', 'text');
  const [command, commandArgs] =
    shim === undefined
      ? [CLAUDE_BIN, args]
      : [
          process.execPath,
          [
            CLI, 'run', '--agent', shim.agent, '--server', shim.otlpUrl, '--control-plane', shim.controlPlaneUrl, '--spool-dir', path.join(home, 'spool'),
            ...(shim.runOptions ?? []), '--', CLAUDE_BIN, ...args,
          ],
        ];
  try {
    return { result: await runProcess(command, commandArgs, { cwd: repo, env: claudeEnv(api.url, home), timeoutMs: RUN_TIMEOUT_MS }), api, repo };
  } finally {
    await api.close();
  }
}
