import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { readServerInfo, type ServerInfo } from '../../orchestrator/server-info.js';

const CLI = fileURLToPath(new URL('../../dist/orchestrator/cli.js', import.meta.url));

/** `agentfleet up` running as a real child process (the compiled binary). */
export interface ServerProcess {
  readonly child: ChildProcess;
  readonly info: ServerInfo;
  /** What the process printed on stderr so far (for failure messages). */
  stderr(): string;
  /** Sends `signal` and resolves with the exit code once the process is gone. */
  stop(signal: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts `agentfleet up` on `dataDir` with both ports chosen by the OS, and
 * resolves once it has written its addresses to the data directory.
 */
export async function startServerProcess(dataDir: string, extraArgs: readonly string[] = []): Promise<ServerProcess> {
  const child = spawn(process.execPath, [CLI, 'up', '--data-dir', dataDir, '--otlp-port', '0', '--port', '0', ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout!.resume();
  const exited = once(child, 'exit');
  const deadline = Date.now() + 30_000;
  for (;;) {
    const info = await readServerInfo(dataDir);
    if (info !== undefined && info.pid === child.pid) {
      const found: ServerInfo = info;
      return {
        child,
        info: found,
        stderr: () => stderr,
        async stop(signal) {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          const [code] = (await exited) as [number | null];
          return code;
        },
      };
    }
    if (child.exitCode !== null) throw new Error(`agentfleet up exited with ${child.exitCode}:\n${stderr}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`agentfleet up did not come up within 30 s:\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
