import { createHash } from 'node:crypto';
import { realpathSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../orchestrator/log.js';
import { startServer, type RunningServer } from '../../orchestrator/server.js';
import { defaultServerConfig } from '../../orchestrator/server-config.js';
import {
  ATTR_AGENTFLEET_AGENT_KIND,
  ATTR_AGENTFLEET_ASSUMPTION_SUBJECT,
  ATTR_AGENTFLEET_ASSUMPTION_TEXT,
  ATTR_AGENTFLEET_BASE_COMMIT,
  ATTR_AGENTFLEET_EXIT_CODE,
  ATTR_AGENTFLEET_EXIT_SIGNAL,
  ATTR_AGENTFLEET_FILE_HASH_AFTER,
  ATTR_AGENTFLEET_FILE_HASH_BEFORE,
  ATTR_AGENTFLEET_FILE_LINES_ADDED,
  ATTR_AGENTFLEET_FILE_LINES_REMOVED,
  ATTR_AGENTFLEET_FILE_OLD_PATH,
  ATTR_AGENTFLEET_FILE_OP,
  ATTR_AGENTFLEET_FILE_PATH,
  ATTR_AGENTFLEET_TASK,
  ATTR_AGENTFLEET_TOTAL_FILES_CHANGED,
  ATTR_AGENTFLEET_WORKTREE,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_HOST_NAME,
  ATTR_SERVICE_INSTANCE_ID,
  ATTR_VCS_REF_HEAD_NAME,
  ATTR_VCS_REPOSITORY_URL_FULL,
  EVENT_HEARTBEAT,
  EVENT_SESSION_END,
  EVENT_SESSION_START,
  SPAN_ASSUMPTION,
  SPAN_FILE_EDIT,
  invokeAgentSpanName,
} from '../../semconv/index.js';
import { SHIM_URL_ENV } from '../../agent-shim/mcp/shim-client.js';
import { CLI, makeGitRepo, startAgentfleet, startProcess, startShimWith, waitFor, type ProcessResult } from '../helpers/shim-cli.js';
import { eventNames, storedLogEvents, waitForLogEvent } from '../helpers/stored-logs.js';
import { storedSpans, type StoredSpan } from '../helpers/stored-spans.js';
import { tempDir } from '../helpers/temp-dir.js';

const sha256 = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;

/** The agent: one step of each kind of change, far enough apart to be judged separately, then output and an exit code. */
const AGENT_SCRIPT = `
printf 'one\\ntwo\\n' > created.txt
sleep 0.4
printf 'line1\\nline2 changed\\nline3\\nline4\\n' > keep.txt
sleep 0.4
mv old-name.txt new-name.txt
sleep 0.4
rm doomed.txt
sleep 0.4
echo noise > debug.log
mkdir -p build && echo 'x' > build/out.js
sleep 0.4
echo "to stdout"
echo "to stderr" >&2
exit 3
`;

const REPO_FILES = { 'keep.txt': 'line1\nline2\nline3\n', 'old-name.txt': 'a\nb\n', 'doomed.txt': 'bye\n' };

describe('agentfleet run with a generic agent', () => {
  let server: RunningServer;
  let spoolDir: string;

  beforeAll(async () => {
    const defaults = defaultServerConfig();
    server = await startServer(
      { ...defaults, dataDir: tempDir(), port: 0, collector: { ...defaults.collector, port: 0 }, ingest: { ...defaults.ingest, syncMode: 'none', flushIntervalMs: 50 } },
      createLogger('warn'),
    );
    spoolDir = tempDir();
  });
  afterAll(() => server?.shutdown());

  /** `agentfleet run --agent <agent> -- <command…>` in `cwd` against the test's collector. */
  function run(agent: string, cwd: string, command: readonly string[], extra: readonly string[] = []): Promise<ProcessResult> {
    return startAgentfleet(['run', '--agent', agent, '--server', server.otlpUrl, '--spool-dir', spoolDir, ...extra, '--', ...command], { cwd }).result;
  }

  /** Waits until the session's root span is stored, then returns all of the agent's spans. */
  async function sessionSpans(agent: string): Promise<StoredSpan[]> {
    await waitFor(`the invoke_agent span of ${agent}`, async () => ((await storedSpans(server.storage, agent)).some((s) => s.SpanName === invokeAgentSpanName(agent)) ? true : undefined));
    return storedSpans(server.storage, agent);
  }

  it('reports creates, edits, renames and deletes as file.edit spans under the session, and skips ignored files', async () => {
    const repo = tempDir();
    const head = makeGitRepo(repo, REPO_FILES);
    const script = path.join(tempDir(), 'agent.sh');
    writeFileSync(script, AGENT_SCRIPT);

    const result = await run('gen-edits', repo, ['sh', script], ['--task', 'tidy the repo']);
    expect(result.code).toBe(3);

    const spans = await sessionSpans('gen-edits');
    const session = spans.find((s) => s.SpanName === invokeAgentSpanName('gen-edits'))!;
    const edits = spans.filter((s) => s.SpanName === SPAN_FILE_EDIT);
    const byPath = Object.fromEntries(edits.map((s) => [s.SpanAttributes[ATTR_AGENTFLEET_FILE_PATH], s.SpanAttributes]));
    expect(Object.keys(byPath).sort()).toEqual(['created.txt', 'doomed.txt', 'keep.txt', 'new-name.txt']);
    expect(edits).toHaveLength(4);
    expect(byPath['created.txt']).toMatchObject({
      [ATTR_AGENTFLEET_FILE_OP]: 'create',
      [ATTR_AGENTFLEET_FILE_LINES_ADDED]: '2',
      [ATTR_AGENTFLEET_FILE_LINES_REMOVED]: '0',
      [ATTR_AGENTFLEET_FILE_HASH_AFTER]: sha256('one\ntwo\n'),
    });
    expect(byPath['keep.txt']).toMatchObject({
      [ATTR_AGENTFLEET_FILE_OP]: 'modify',
      [ATTR_AGENTFLEET_FILE_LINES_ADDED]: '2',
      [ATTR_AGENTFLEET_FILE_LINES_REMOVED]: '1',
      [ATTR_AGENTFLEET_FILE_HASH_BEFORE]: sha256(REPO_FILES['keep.txt']),
      [ATTR_AGENTFLEET_FILE_HASH_AFTER]: sha256('line1\nline2 changed\nline3\nline4\n'),
    });
    expect(byPath['new-name.txt']).toMatchObject({
      [ATTR_AGENTFLEET_FILE_OP]: 'rename',
      [ATTR_AGENTFLEET_FILE_OLD_PATH]: 'old-name.txt',
      [ATTR_AGENTFLEET_FILE_LINES_ADDED]: '0',
      [ATTR_AGENTFLEET_FILE_LINES_REMOVED]: '0',
    });
    expect(byPath['doomed.txt']).toMatchObject({ [ATTR_AGENTFLEET_FILE_OP]: 'delete', [ATTR_AGENTFLEET_FILE_LINES_REMOVED]: '1', [ATTR_AGENTFLEET_FILE_HASH_BEFORE]: sha256('bye\n') });
    for (const edit of edits) {
      expect(edit.TraceId).toBe(session.TraceId);
      expect(edit.ParentSpanId).toBe(session.SpanId);
    }

    expect(session.ParentSpanId).toBe('');
    expect(session.StatusCode).toBe('STATUS_CODE_ERROR');
    expect(session.SpanAttributes).toMatchObject({
      [ATTR_GEN_AI_OPERATION_NAME]: 'invoke_agent',
      [ATTR_GEN_AI_AGENT_NAME]: 'gen-edits',
      [ATTR_AGENTFLEET_TASK]: 'tidy the repo',
      [ATTR_AGENTFLEET_EXIT_CODE]: '3',
      [ATTR_AGENTFLEET_TOTAL_FILES_CHANGED]: '4',
    });
    for (const span of spans) {
      expect(span.ResourceAttributes).toMatchObject({
        'service.name': 'gen-edits',
        [ATTR_GEN_AI_AGENT_NAME]: 'gen-edits',
        [ATTR_AGENTFLEET_WORKTREE]: realpathSync(repo),
        [ATTR_VCS_REF_HEAD_NAME]: 'main',
        [ATTR_AGENTFLEET_BASE_COMMIT]: head,
        [ATTR_VCS_REPOSITORY_URL_FULL]: 'https://example.com/acme/shop.git',
        [ATTR_HOST_NAME]: os.hostname(),
        [ATTR_AGENTFLEET_AGENT_KIND]: 'generic',
      });
      expect(span.ResourceAttributes[ATTR_SERVICE_INSTANCE_ID]).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('sends session.start, heartbeats while the agent runs and session.end with its exit code as live events of the session', async () => {
    const repo = tempDir();
    makeGitRepo(repo, REPO_FILES);
    const marks = tempDir();
    // The agent runs until the test has seen it alive, so the heartbeats are there however slow the machine.
    const agent = ['sh', '-c', 'while [ ! -e "$MARKS/go" ]; do sleep 0.05; done; exit 3'];
    const running = startShimWith({ collectorUrl: server.otlpUrl, spoolDir, heartbeatIntervalMs: 100 }, 'gen-live', 'tidy the repo', agent, { cwd: repo, env: { MARKS: marks } });
    try {
      const whileRunning = await waitFor('session.start and two heartbeats', async () => {
        const names = eventNames(await storedLogEvents(server.storage, 'gen-live'));
        return names.includes(EVENT_SESSION_START) && names.filter((n) => n === EVENT_HEARTBEAT).length >= 2 ? names : undefined;
      });
      expect(whileRunning).not.toContain(EVENT_SESSION_END);
    } finally {
      writeFileSync(path.join(marks, 'go'), '');
    }
    expect((await running.result).code).toBe(3);

    const session = (await sessionSpans('gen-live')).find((s) => s.SpanName === invokeAgentSpanName('gen-live'))!;
    const events = await waitForLogEvent(server.storage, 'gen-live', EVENT_SESSION_END);
    const names = eventNames(events);
    expect(names[0]).toBe(EVENT_SESSION_START);
    expect(names.at(-1)).toBe(EVENT_SESSION_END);
    expect(new Set(names.slice(1, -1))).toEqual(new Set([EVENT_HEARTBEAT]));
    for (const event of events) {
      expect(event).toMatchObject({ TraceId: session.TraceId, SpanId: session.SpanId, SeverityText: 'INFO', Body: '' });
      expect(event.ResourceAttributes).toEqual(session.ResourceAttributes);
    }
    expect(events[0]!.LogAttributes).toEqual({ [ATTR_AGENTFLEET_TASK]: 'tidy the repo' });
    expect(events.at(-1)!.LogAttributes).toEqual({ [ATTR_AGENTFLEET_EXIT_CODE]: '3' });
    expect(events[1]!.LogAttributes).toEqual({});
  });

  it("gives the agent the same stdout, stderr and exit code as an unwrapped run", async () => {
    const script = path.join(tempDir(), 'agent.sh');
    writeFileSync(script, AGENT_SCRIPT);
    const unwrappedRepo = tempDir();
    makeGitRepo(unwrappedRepo, REPO_FILES);
    const unwrapped = await startProcess('sh', [script], { cwd: unwrappedRepo }).result;
    const wrappedRepo = tempDir();
    makeGitRepo(wrappedRepo, REPO_FILES);
    const wrapped = await run('gen-output', wrappedRepo, ['sh', script]);
    expect(unwrapped).toMatchObject({ code: 3, stdout: 'to stdout\n', stderr: 'to stderr\n' });
    expect(wrapped).toEqual(unwrapped);
  });

  it('ends by the same signal as an agent killed by SIGTERM', async () => {
    const cwd = tempDir();
    const unwrapped = await startProcess('sh', ['-c', 'kill -TERM $$'], { cwd }).result;
    const wrapped = await run('gen-killed', cwd, ['sh', '-c', 'kill -TERM $$']);
    expect(unwrapped.signal).toBe('SIGTERM');
    expect(wrapped).toMatchObject({ code: null, signal: 'SIGTERM', stdout: '', stderr: '' });
    const session = (await sessionSpans('gen-killed')).find((s) => s.SpanName === invokeAgentSpanName('gen-killed'))!;
    expect(session.SpanAttributes[ATTR_AGENTFLEET_EXIT_SIGNAL]).toBe('SIGTERM');
    const end = (await waitForLogEvent(server.storage, 'gen-killed', EVENT_SESSION_END)).filter((e) => e.EventName === EVENT_SESSION_END);
    expect(end.map((e) => e.LogAttributes)).toEqual([{ [ATTR_AGENTFLEET_EXIT_SIGNAL]: 'SIGTERM' }]);
  });

  it('passes a SIGTERM sent to run on to the agent and ends as the agent did', async () => {
    // The agent traps SIGTERM and exits 7: only a forwarded signal gives that exit (a shim killed by it would end by SIGTERM).
    const agent = 'trap "echo got-term; exit 7" TERM; echo ready; while :; do sleep 0.1; done';
    const running = startAgentfleet(['run', '--agent', 'gen-forward', '--server', server.otlpUrl, '--spool-dir', spoolDir, '--', 'sh', '-c', agent], { cwd: tempDir() });
    await waitFor('the agent to start', () => (running.stdout().includes('ready') ? true : undefined));
    running.child.kill('SIGTERM');
    const result = await running.result;
    expect(result).toMatchObject({ code: 7, signal: null });
    expect(running.stdout()).toBe('ready\ngot-term\n');
  });

  it('records an assumption the agent declares with agentfleet assume, its subject repository-relative', async () => {
    const repo = tempDir();
    makeGitRepo(repo, { 'api.ts': 'export const version = 1;\n' });
    const script = 'node "$CLI" assume "the version export stays a number" --about api.ts && node "$CLI" assume "callers retry on 503"';
    const result = await startAgentfleet(['run', '--agent', 'gen-assume', '--server', server.otlpUrl, '--spool-dir', spoolDir, '--', 'sh', '-c', script], { cwd: repo, env: { CLI } }).result;
    expect(result).toMatchObject({ code: 0, stdout: 'assumption recorded (about api.ts)\nassumption recorded\n', stderr: '' });

    const spans = await sessionSpans('gen-assume');
    const session = spans.find((s) => s.SpanName === invokeAgentSpanName('gen-assume'))!;
    const assumptions = spans.filter((s) => s.SpanName === SPAN_ASSUMPTION).map((s) => s.SpanAttributes);
    expect(assumptions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ [ATTR_AGENTFLEET_ASSUMPTION_TEXT]: 'the version export stays a number', [ATTR_AGENTFLEET_ASSUMPTION_SUBJECT]: 'api.ts' }),
        expect.objectContaining({ [ATTR_AGENTFLEET_ASSUMPTION_TEXT]: 'callers retry on 503' }),
      ]),
    );
    expect(assumptions).toHaveLength(2);
    for (const span of spans.filter((s) => s.SpanName === SPAN_ASSUMPTION)) expect(span.ParentSpanId).toBe(session.SpanId);
  });

  it('refuses agentfleet assume outside an agent started by agentfleet run, with exit code 2', async () => {
    const result = await startProcess(process.execPath, [CLI, 'assume', 'anything'], { cwd: tempDir(), env: { [SHIM_URL_ENV]: '' } }).result;
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('run it from an agent started with `agentfleet run`');
  });

  it('documents run and its environment variables in --help', async () => {
    const help = await startAgentfleet(['run', '--help'], { cwd: tempDir() }).result;
    expect(help.code).toBe(0);
    for (const text of ['--agent', '--task', '--kind', '--native-telemetry', 'AGENTFLEET_SERVER', 'AGENTFLEET_CONTROL_PLANE', 'AGENTFLEET_TOKEN', 'AGENTFLEET_SPOOL_DIR']) expect(help.stdout).toContain(text);
  });

  it('answers a command that does not exist as a shell does: a message and exit code 127', async () => {
    const result = await run('gen-missing', tempDir(), ['no-such-agent-command-xyz', '--flag']);
    expect(result.code).toBe(127);
    expect(result.stderr).toContain('no-such-agent-command-xyz: command not found');
    const session = (await sessionSpans('gen-missing')).find((s) => s.SpanName === invokeAgentSpanName('gen-missing'))!;
    expect(session.SpanAttributes[ATTR_AGENTFLEET_EXIT_CODE]).toBe('127');
  });
});
