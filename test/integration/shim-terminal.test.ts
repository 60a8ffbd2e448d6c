import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, freePort, startProcess, waitFor, type ProcessResult } from '../helpers/shim-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

/** util-linux `script` gives the command a pseudo-terminal; its stdin is typed at that terminal. */
const hasScript = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const shellQuote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

/**
 * Runs `command` in a fresh terminal, types Ctrl-C once it printed `ready`,
 * and returns what the terminal showed. `script` runs the command through
 * $SHELL -c; the `exec` keeps that shell out of the terminal's foreground
 * group, where a dash (SHELL unset or /bin/sh, as on CI) would die of the
 * Ctrl-C itself and make `script` report 130 whatever the agent did.
 */
async function ctrlCInTerminal(command: readonly string[]): Promise<ProcessResult> {
  const running = startProcess('script', ['-qec', `exec ${command.map(shellQuote).join(' ')}`, '/dev/null'], { cwd: tempDir(), stdin: 'pipe' });
  await waitFor('the agent to be ready', () => (running.stdout().includes('ready') ? true : undefined));
  await new Promise((r) => setTimeout(r, 100));
  running.child.stdin!.write('\x03');
  return running.result;
}

describe.skipIf(!hasScript)('agentfleet run in a terminal', () => {
  it('lets a Ctrl-C reach the agent once, as unwrapped, and ends as the agent did', async () => {
    const script = path.join(tempDir(), 'agent.sh');
    writeFileSync(script, 'n=0\ntrap \'n=$((n+1)); echo "SIGINT #$n"\' INT\necho ready\ni=0; while [ $i -lt 15 ]; do sleep 0.1; i=$((i+1)); done\necho "total $n"\nexit 4\n');
    const run = ['node', CLI, 'run', '--agent', 'tty-agent', '--server', `http://127.0.0.1:${await freePort()}`, '--spool-dir', tempDir(), '--'];

    const unwrapped = await ctrlCInTerminal(['sh', script]);
    const wrapped = await ctrlCInTerminal([...run, 'sh', script]);
    expect(unwrapped).toMatchObject({ code: 4, stdout: expect.stringContaining('total 1') });
    expect(wrapped).toEqual(unwrapped);

    const killedUnwrapped = await ctrlCInTerminal(['sh', '-c', 'echo ready; exec sleep 10']);
    const killedWrapped = await ctrlCInTerminal([...run, 'sh', '-c', 'echo ready; exec sleep 10']);
    expect(killedUnwrapped.code).toBe(130);
    expect(killedWrapped).toEqual(killedUnwrapped);
  });
});
