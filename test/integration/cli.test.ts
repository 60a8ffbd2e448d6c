import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { StatusReport } from '../../orchestrator/status-report.js';
import { jsonKeyPaths } from '../helpers/json-keys.js';
import { sampleRequest } from '../helpers/otlp-requests.js';
import { freePort } from '../helpers/shim-cli.js';
import { startServerProcess } from '../helpers/server-process.js';
import { tempDir } from '../helpers/temp-dir.js';

const CLI = fileURLToPath(new URL('../../dist/orchestrator/cli.js', import.meta.url));
const run = promisify(execFile);

/** Runs the real binary; resolves with its exit code and output instead of throwing on failure. */
async function agentfleet(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('the agentfleet command line', () => {
  it('documents every command and its environment variables in --help', async () => {
    const top = await agentfleet('--help');
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/up\b/);
    expect(top.stdout).toMatch(/status\b/);
    const up = await agentfleet('up', '--help');
    expect(up.code).toBe(0);
    for (const text of ['--data-dir', 'AGENTFLEET_DATA_DIR', '--storage', '--otlp-port', '--token', 'AGENTFLEET_TOKEN', '--wal-sync']) expect(up.stdout).toContain(text);
    const status = await agentfleet('status', '--help');
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('--json');
  });

  it('documents the flags of status, audit, alerts, run and assume in their --help', async () => {
    const flags: Record<string, string[]> = {
      status: ['--data-dir', '--server', 'AGENTFLEET_CONTROL_PLANE', '--token', '--storage', '--json'],
      audit: ['--agent', '--session', '--file', '--since', '--until', '--limit', '--data-dir', '--server', '--token', '--storage', '--json'],
      alerts: ['--state', '--kind', '--severity', '--agent', '--file', '--since', '--limit', '--watch', '--json', '--data-dir', '--server', '--token', '--storage'],
      run: ['--agent', '--task', '--kind', '--server', '--control-plane', '--token', '--spool-dir'],
      assume: ['--about'],
    };
    for (const [command, expected] of Object.entries(flags)) {
      const help = await agentfleet(command, '--help');
      expect({ command, code: help.code }).toEqual({ command, code: 0 });
      expect(help.stdout).toMatch(new RegExp(`^Usage: agentfleet ${command}\\b`));
      for (const flag of expected) expect(help.stdout, `${command} --help`).toContain(flag);
    }
  });

  it('says which server does not answer when status, audit or alerts are pointed at none', async () => {
    const server = `http://127.0.0.1:${await freePort()}`;
    for (const args of [['status'], ['audit', '--agent', 'alice'], ['alerts']]) {
      const result = await agentfleet(...args, '--server', server);
      expect({ args, code: result.code }).toEqual({ args, code: 1 });
      expect(result.stderr).toBe(`agentfleet: no agentfleet server answers at ${server} (connect ECONNREFUSED ${server.slice('http://'.length)}): is agentfleet up running there? (--server, or --data-dir of the running one)\n`);
    }
  });

  it('refuses to bind beyond loopback without a token, with a message that says what to do', async () => {
    const result = await agentfleet('up', '--data-dir', tempDir(), '--host', '0.0.0.0', '--port', '0', '--otlp-port', '0');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/without a token.*--token/);
  });

  it('rejects a malformed option value with a clear error', async () => {
    const result = await agentfleet('up', '--otlp-port', 'seventy');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('expected a port number');
  });

  it('runs up, reports status while running and after a clean stop, and refuses a second server on the same data', async () => {
    const dataDir = tempDir();
    const server = await startServerProcess(dataDir, ['--wal-sync', 'none', '--flush-interval-ms', '50']);
    try {
      const request = sampleRequest('traces', 42, 7);
      const response = await fetch(`${server.info.otlpUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: request.protobuf });
      expect(response.status).toBe(200);

      const second = await agentfleet('up', '--data-dir', dataDir, '--port', '0', '--otlp-port', '0');
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(`in use by process ${server.child.pid}`);

      let running: StatusReport | undefined;
      for (let i = 0; i < 100; i++) {
        const status = await agentfleet('status', '--data-dir', dataDir, '--json');
        expect(status.code, status.stderr).toBe(0);
        running = JSON.parse(status.stdout) as StatusReport;
        if (running.running && running.server.ingest.traces.rowsInserted === 7) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(running?.running).toBe(true);
      if (!running?.running) return;
      expect(running.server.pid).toBe(server.child.pid);
      expect(running.server.storage.tables.find((t) => t.table === 'otel_traces')?.rows).toBe(7);
      expect(running.server.receiver.responses['/v1/traces']?.['200']).toBe(1);

      const human = await agentfleet('status', '--data-dir', dataDir);
      expect(human.stdout).toMatch(/running \(pid \d+/);
      expect(human.stdout).toMatch(/otel_traces\s+7/);
    } finally {
      expect(await server.stop('SIGTERM')).toBe(0);
    }

    const offline = await agentfleet('status', '--data-dir', dataDir, '--json');
    expect(offline.code, offline.stderr).toBe(0);
    const report = JSON.parse(offline.stdout) as StatusReport;
    expect(report.running).toBe(false);
    expect(jsonKeyPaths(report)).toEqual([
      'dataDir', 'running', 'storage', 'storage.description', 'storage.kind', 'storage.localBytesOnDisk', 'storage.tables',
      'storage.tables[].bytesOnDisk', 'storage.tables[].rows', 'storage.tables[].table', 'wal', 'wal.logs', 'wal.logs.pendingBytes',
      'wal.logs.pendingRows', 'wal.logs.segments', 'wal.traces', 'wal.traces.pendingBytes', 'wal.traces.pendingRows', 'wal.traces.segments',
    ]);
    if (report.running) return;
    expect(report.storage?.tables.find((t) => t.table === 'otel_traces')?.rows).toBe(7);
    expect(report.wal.traces.pendingRows).toBe(0);
  });
});
