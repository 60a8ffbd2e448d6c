import { spawn, type ChildProcess } from 'node:child_process';
import type { AgentLaunch } from './agent-adapter.js';

/** How the agent process ended: an exit code, or the signal that killed it. */
export type ChildExit = { readonly code: number; readonly signal?: undefined } | { readonly code?: undefined; readonly signal: NodeJS.Signals };

/** Exit codes a shell uses when it cannot start a command. */
export const EXIT_COMMAND_NOT_FOUND = 127;
export const EXIT_NOT_EXECUTABLE = 126;

export type SpawnResult =
  | { readonly started: true; readonly child: ChildProcess; readonly exited: Promise<ChildExit> }
  | { readonly started: false; readonly exit: ChildExit; readonly message: string };

/** What a shell says and returns when `command` cannot be started. */
function startFailure(command: string, error: NodeJS.ErrnoException): SpawnResult {
  if (error.code === 'ENOENT') return { started: false, exit: { code: EXIT_COMMAND_NOT_FOUND }, message: `${command}: command not found` };
  if (error.code === 'EACCES') return { started: false, exit: { code: EXIT_NOT_EXECUTABLE }, message: `${command}: permission denied` };
  return { started: false, exit: { code: EXIT_NOT_EXECUTABLE }, message: `${command}: ${error.message}` };
}

/**
 * Starts the agent with the terminal's stdin, stdout and stderr (inherited,
 * never piped: an interactive TUI sees its terminal and behaves exactly as
 * unwrapped) in the shim's own process group, so Ctrl-C, Ctrl-Z and window
 * resizes reach it straight from the terminal. Resolves once the process
 * runs, or with the shell's answer when it cannot start.
 */
export function spawnAgent(launch: AgentLaunch): Promise<SpawnResult> {
  const child = spawn(launch.command, [...launch.args], { cwd: launch.cwd, env: launch.env, stdio: 'inherit' });
  const exited = new Promise<ChildExit>((resolve) => {
    child.once('exit', (code, signal) => resolve(signal !== null ? { signal } : { code: code ?? 0 }));
  });
  return new Promise((resolve) => {
    child.once('spawn', () => resolve({ started: true, child, exited }));
    child.once('error', (error: NodeJS.ErrnoException) => resolve(startFailure(launch.command, error)));
  });
}
