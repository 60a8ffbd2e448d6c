import type { ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import type { ChildExit } from './child-process.js';

/** Signals the shim passes on to the agent: the ways a parent, a supervisor or the terminal ask a process to stop. */
export const FORWARDED_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH'];

/**
 * Signals a terminal sends to its whole foreground process group, the agent
 * included (they share the shim's group). Forwarding them as well would
 * deliver them twice, and a second Ctrl-C means "quit now" to many agents.
 */
const TERMINAL_GROUP_SIGNALS: ReadonlySet<NodeJS.Signals> = new Set(['SIGINT', 'SIGQUIT', 'SIGWINCH']);

/**
 * Whether a signal the shim received must be sent on to the agent. In a
 * terminal, the terminal's own signals already reached the agent; without
 * one (a supervisor, `timeout`, `kill <pid>`) only the shim got it. (A
 * `kill -INT <shim pid>` from elsewhere while in a terminal is therefore not
 * passed on: the shim cannot tell who sent a signal.)
 */
export function shouldForward(signal: NodeJS.Signals, inTerminal: boolean): boolean {
  return !(inTerminal && TERMINAL_GROUP_SIGNALS.has(signal));
}

/** Whether the shim runs attached to a terminal (any of its standard streams is one). */
export function attachedToTerminal(): boolean {
  return Boolean(process.stdin.isTTY || process.stdout.isTTY || process.stderr.isTTY);
}

/**
 * Passes signals to the agent until the returned function is called. While
 * the shim listens, a signal no longer ends the shim itself: it waits for
 * the agent and then ends the way the agent did.
 */
export function forwardSignals(child: ChildProcess, inTerminal: boolean): () => void {
  const listeners = FORWARDED_SIGNALS.map((signal) => {
    const listener = () => {
      if (!shouldForward(signal, inTerminal) || child.exitCode !== null || child.signalCode !== null) return;
      try {
        child.kill(signal);
      } catch {
        // The agent exited between the check and the kill.
      }
    };
    process.on(signal, listener);
    return [signal, listener] as const;
  });
  return () => {
    for (const [signal, listener] of listeners) process.off(signal, listener);
  };
}

/** The status a shell reports for an exit: the code, or 128 + the signal's number. */
export function shellStatus(exit: ChildExit): number {
  if (exit.signal === undefined) return exit.code;
  return 128 + (constants.signals[exit.signal] ?? 0);
}

/** How long to wait for a re-raised signal to end the process before exiting with the shell's status instead. */
const RERAISE_GRACE_MS = 200;

/**
 * Ends this process the way the agent ended: the same exit code, or the
 * same signal raised on itself so the parent sees a death by that signal
 * (`$?` = 128 + n, core dumps and all). Node keeps a few signals for itself
 * (SIGUSR1 starts the inspector, SIGPIPE is ignored): if the process is
 * still alive shortly after, it exits with the shell's status.
 */
export function exitLike(exit: ChildExit): void {
  if (exit.signal === undefined) {
    process.exit(exit.code);
  }
  for (const signal of FORWARDED_SIGNALS) process.removeAllListeners(signal);
  setTimeout(() => process.exit(shellStatus(exit)), RERAISE_GRACE_MS);
  process.kill(process.pid, exit.signal);
}
