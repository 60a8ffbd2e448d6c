import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Some tests run the real `agentfleet` binary in child processes (to SIGKILL
 * it, for one); they need dist/ to match the sources under test, so the
 * suite compiles once before any test file starts. Type errors do not stop
 * the run here (tsc still emits); `npm ci`/`npm run build` is where they fail.
 */
export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));
  try {
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: root, stdio: 'pipe' });
  } catch (error) {
    const output = String((error as { stdout?: Buffer }).stdout ?? '');
    process.stderr.write(`warning: tsc reported errors while building dist/ for the tests:\n${output.slice(0, 4000)}\n`);
  }
}
