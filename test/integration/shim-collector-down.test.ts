import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../orchestrator/log.js';
import { startServer } from '../../orchestrator/server.js';
import { defaultServerConfig } from '../../orchestrator/server-config.js';
import { EVENT_HEARTBEAT, EVENT_SESSION_END, EVENT_SESSION_START, SPAN_FILE_EDIT, invokeAgentSpanName } from '../../semconv/index.js';
import { freePort, makeGitRepo, spooledEventNames, spooledSpanNames, spoolRunDirs, startAgentfleet, startProcess, waitFor } from '../helpers/shim-cli.js';
import { eventNames, storedLogEvents } from '../helpers/stored-logs.js';
import { storedSpans } from '../helpers/stored-spans.js';
import { tempDir } from '../helpers/temp-dir.js';

/** Edits two files, says it is half done, waits for the test's go, edits two more. */
const AGENT_SCRIPT = `
printf 'a\\n' > a.txt
sleep 0.3
printf 'b\\n' > b.txt
sleep 0.3
touch "$MARKS/half"
while [ ! -e "$MARKS/go" ]; do sleep 0.05; done
printf 'c\\n' > c.txt
sleep 0.3
printf 'a\\na2\\n' > a.txt
sleep 0.3
echo "agent done"
`;

describe('agentfleet run while the collector is down', () => {
  it('runs the agent unchanged, spools, and delivers every span and session event exactly once when the collector comes back', async () => {
    const port = await freePort();
    const marks = tempDir();
    const spoolDir = tempDir();
    const script = path.join(tempDir(), 'agent.sh');
    writeFileSync(script, AGENT_SCRIPT);

    const unwrappedMarks = tempDir();
    writeFileSync(path.join(unwrappedMarks, 'go'), '');
    const unwrappedRepo = tempDir();
    makeGitRepo(unwrappedRepo, { 'readme.txt': 'hello\n' });
    const unwrapped = await startProcess('sh', [script], { cwd: unwrappedRepo, env: { MARKS: unwrappedMarks } }).result;

    const repo = tempDir();
    makeGitRepo(repo, { 'readme.txt': 'hello\n' });
    const running = startAgentfleet(['run', '--agent', 'down-half', '--server', `http://127.0.0.1:${port}`, '--spool-dir', spoolDir, '--', 'sh', script], {
      cwd: repo,
      env: { MARKS: marks },
    });
    await waitFor('the agent to be half done', () => (existsSync(path.join(marks, 'half')) ? true : undefined));
    // The first half's edits, and the session's start, are in the spool before the collector exists.
    await waitFor('the first edits to be spooled', () => (spooledSpanNames(spoolDir).filter((n) => n === SPAN_FILE_EDIT).length >= 2 ? true : undefined));
    await waitFor('session.start to be spooled', () => (spooledEventNames(spoolDir).includes(EVENT_SESSION_START) ? true : undefined));

    const defaults = defaultServerConfig();
    const server = await startServer(
      { ...defaults, dataDir: tempDir(), port: 0, collector: { ...defaults.collector, port }, ingest: { ...defaults.ingest, syncMode: 'none', flushIntervalMs: 50 } },
      createLogger('warn'),
    );
    try {
      writeFileSync(path.join(marks, 'go'), '');
      const wrapped = await running.result;
      expect(wrapped).toEqual(unwrapped);
      expect(wrapped).toMatchObject({ code: 0, stdout: 'agent done\n', stderr: '' });

      const arrived = () => storedSpans(server.storage, 'down-half');
      await waitFor('all spans to arrive', async () => ((await arrived()).length >= 5 ? true : undefined));
      // Whatever was sent twice (a live export that timed out, then its spooled copy) must not be stored twice.
      await new Promise((r) => setTimeout(r, 1_500));
      const spans = await arrived();
      expect(spans.map((s) => s.SpanName).sort()).toEqual([...Array<string>(4).fill(SPAN_FILE_EDIT), invokeAgentSpanName('down-half')].sort());
      expect(new Set(spans.map((s) => s.SpanId)).size).toBe(spans.length);
      expect(spans.filter((s) => s.SpanName === SPAN_FILE_EDIT).map((s) => s.SpanAttributes['agentfleet.file.op']).sort()).toEqual(['create', 'create', 'create', 'modify']);
      // The live session events too, each once (a heartbeat may fall in between on a slow machine).
      const events = await storedLogEvents(server.storage, 'down-half');
      expect(eventNames(events).filter((n) => n !== EVENT_HEARTBEAT)).toEqual([EVENT_SESSION_START, EVENT_SESSION_END]);
      expect(new Set(events.map((e) => `${e.EventName}@${e.timeMs}`)).size).toBe(events.length);
      // Delivered: the run removed its spool directory.
      expect(spoolRunDirs(spoolDir)).toEqual([]);
    } finally {
      running.child.kill('SIGKILL');
      await server.shutdown();
    }
  });
});
