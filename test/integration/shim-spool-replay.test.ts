import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../orchestrator/log.js';
import { startServer } from '../../orchestrator/server.js';
import { defaultServerConfig } from '../../orchestrator/server-config.js';
import { ATTR_AGENTFLEET_FILE_PATH, EVENT_SESSION_START, SPAN_FILE_EDIT, invokeAgentSpanName } from '../../semconv/index.js';
import { freePort, makeGitRepo, spooledSpanNames, spoolRunDirs, startAgentfleet, waitFor } from '../helpers/shim-cli.js';
import { eventNames, storedLogEvents } from '../helpers/stored-logs.js';
import { storedSpans } from '../helpers/stored-spans.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('a spool left by a shim that was killed', () => {
  it('is replayed by the next agentfleet run, every span and session event exactly once', async () => {
    const port = await freePort();
    const spoolDir = tempDir();
    const script = path.join(tempDir(), 'agent.sh');
    writeFileSync(script, "printf 'x\\n' > one.txt\nsleep 0.3\nprintf 'y\\n' > two.txt\nexec sleep 30\n");
    const repo = tempDir();
    makeGitRepo(repo, { 'readme.txt': 'hello\n' });

    // The collector is down: the killed run's edits can only go to its spool.
    const killed = startAgentfleet(['run', '--agent', 'killed-run', '--server', `http://127.0.0.1:${port}`, '--spool-dir', spoolDir, '--', 'sh', script], { cwd: repo, detached: true });
    await waitFor('both edits to be spooled', () => (spooledSpanNames(spoolDir).filter((n) => n === SPAN_FILE_EDIT).length === 2 ? true : undefined));
    process.kill(-killed.child.pid!, 'SIGKILL');
    expect((await killed.result).signal).toBe('SIGKILL');
    expect(spoolRunDirs(spoolDir)).toHaveLength(1);

    const defaults = defaultServerConfig();
    const server = await startServer(
      { ...defaults, dataDir: tempDir(), port: 0, collector: { ...defaults.collector, port }, ingest: { ...defaults.ingest, syncMode: 'none', flushIntervalMs: 50 } },
      createLogger('warn'),
    );
    try {
      const next = await startAgentfleet(['run', '--agent', 'next-run', '--server', server.otlpUrl, '--spool-dir', spoolDir, '--', 'true'], { cwd: tempDir() }).result;
      expect(next).toMatchObject({ code: 0, stdout: '', stderr: '' });

      await waitFor('the killed run\'s edits to arrive', async () => ((await storedSpans(server.storage, 'killed-run')).length >= 2 ? true : undefined));
      await waitFor('the next run\'s session to arrive', async () => ((await storedSpans(server.storage, 'next-run')).length >= 1 ? true : undefined));
      await new Promise((r) => setTimeout(r, 1_000));
      const killedSpans = await storedSpans(server.storage, 'killed-run');
      // The killed run's root span never ended, so it was never exported: its edits are all it left.
      expect(killedSpans.map((s) => [s.SpanName, s.SpanAttributes[ATTR_AGENTFLEET_FILE_PATH]]).sort()).toEqual([
        [SPAN_FILE_EDIT, 'one.txt'],
        [SPAN_FILE_EDIT, 'two.txt'],
      ]);
      expect((await storedSpans(server.storage, 'next-run')).map((s) => s.SpanName)).toEqual([invokeAgentSpanName('next-run')]);
      // Its session.start was spooled with them, and arrives once; there is no session.end to a killed run.
      expect(eventNames(await storedLogEvents(server.storage, 'killed-run'))).toEqual([EVENT_SESSION_START]);
      expect(spoolRunDirs(spoolDir)).toEqual([]);
    } finally {
      await server.shutdown();
    }
  });
});
