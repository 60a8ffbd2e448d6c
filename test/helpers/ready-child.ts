import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

/** A child `node` process that has said it is ready. */
export interface ReadyChild {
  readonly child: ChildProcess;
  /** The first line it printed. */
  readonly firstLine: string;
  /** Ends the child (if still running) and waits until it is gone. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Runs `node script ...args` and resolves once the script prints its first
 * line on stdout (fixture scripts print when they are ready). Scripts import
 * the code under test from dist/, which test/global-setup.ts builds.
 * The child's stderr is passed through for diagnosis.
 */
export async function spawnReadyChild(script: string, args: readonly string[] = []): Promise<ReadyChild> {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = once(child, 'exit');
  const lines = createInterface({ input: child.stdout! });
  const firstLine = await Promise.race([
    once(lines, 'line').then(([line]) => String(line)),
    exited.then(([code]) => {
      throw new Error(`${script} exited with ${String(code)} before it was ready`);
    }),
  ]);
  return {
    child,
    firstLine,
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
        await exited;
      }
    },
  };
}
