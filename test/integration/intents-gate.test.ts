import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../orchestrator/collisions/alert.js';
import {
  ATTR_AGENTFLEET_FILE_LINES_ADDED,
  ATTR_AGENTFLEET_FILE_LINES_REMOVED,
  ATTR_AGENTFLEET_FILE_OP,
  ATTR_AGENTFLEET_FILE_PATH,
  EVENT_SESSION_START,
  SPAN_FILE_EDIT,
} from '../../semconv/index.js';
import { SdkSession } from '../helpers/sdk-session.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { startAgentfleet, waitFor } from '../helpers/shim-cli.js';
import { followStream } from '../helpers/stream-follower.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * `POST /api/v1/intents` of a real `agentfleet up`, with the gate set by
 * its flags. Sessions come from the official OpenTelemetry SDK (as the
 * shim sends them) on another host, so no git is involved: the decision is
 * made from the fleet state alone.
 */

interface IntentAnswer {
  readonly decision: string;
  readonly reason: string;
  readonly alerts: Alert[];
  readonly error?: string;
}

async function postIntent(server: ServerProcess, body: unknown): Promise<{ status: number; body: IntentAnswer }> {
  const response = await fetch(`${server.info.controlPlaneUrl}/api/v1/intents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as IntentAnswer };
}

/** A session of `agent` on another host that has edited `paths` (12 lines added, 3 removed each), or only started. */
async function sendSession(server: ServerProcess, agent: string, paths: readonly string[]): Promise<void> {
  const startMs = Date.now() - 60_000;
  const session = new SdkSession({ otlpUrl: server.info.otlpUrl, sessionId: `run-${agent}`, agentName: agent, worktree: `/trees/${agent}`, branch: `agentfleet/${agent}`, startMs, hostName: 'agent-host' });
  session.event(EVENT_SESSION_START, startMs);
  for (const [i, file] of paths.entries()) {
    session.span(SPAN_FILE_EDIT, startMs + 100 + i, startMs + 100 + i, {
      [ATTR_AGENTFLEET_FILE_PATH]: file,
      [ATTR_AGENTFLEET_FILE_OP]: 'modify',
      [ATTR_AGENTFLEET_FILE_LINES_ADDED]: 12,
      [ATTR_AGENTFLEET_FILE_LINES_REMOVED]: 3,
    });
  }
  await session.send();
}

/** Asks until the fleet knows the session's rivals, i.e. the answer is no longer the one for an unknown or unopposed session. */
function decisionOnceKnown(server: ServerProcess, body: { sessionId: string; paths: string[] }, expected: string): Promise<IntentAnswer> {
  return waitFor(`decision ${expected} for ${body.paths.join(', ')}`, async () => {
    const answer = await postIntent(server, body);
    return answer.body.decision === expected ? answer.body : undefined;
  });
}

describe('agentfleet up --gate deny', () => {
  let server: ServerProcess;

  beforeAll(async () => {
    server = await startServerProcess(tempDir(), ['--gate', 'deny']);
    await sendSession(server, 'alice', ['src/db.ts']);
    await sendSession(server, 'bob', []);
  });
  afterAll(() => server?.stop('SIGTERM'));

  it("denies an edit of a file another agent changed and has not merged, with a reason naming that agent's work, and streams the intent alert", async () => {
    const stream = await followStream(server.info.controlPlaneUrl, ['alert']);
    try {
      const answer = await decisionOnceKnown(server, { sessionId: 'run-bob', paths: ['src/db.ts'] }, 'deny');
      expect(answer.reason).toBe(
        'agentfleet refused this edit: src/db.ts has unmerged changes by alice (+12 −3 lines in 1 edit; branch agentfleet/alice, work tree /trees/alice). ' +
          'Coordinate with alice, or edit src/db.ts after agentfleet/alice is merged. Details: agentfleet audit --file src/db.ts',
      );
      expect(answer.alerts).toEqual([
        expect.objectContaining({
          kind: 'intent',
          severity: 'warning',
          state: 'open',
          files: ['src/db.ts'],
          parties: [expect.objectContaining({ sessionId: 'run-bob', agentName: 'bob' }), expect.objectContaining({ sessionId: 'run-alice', agentName: 'alice' })],
        }),
      ]);
      const streamed = await waitFor('the intent alert on the stream', () => stream.alerts().get(answer.alerts[0]!.id));
      expect(streamed).toEqual(answer.alerts[0]);

      // Asked again: the same alert, unchanged (no new version, nothing new streamed).
      const again = await postIntent(server, { sessionId: 'run-bob', paths: ['src/db.ts'], toolName: 'Edit', toolCallId: 'toolu_2' });
      expect(again.body.alerts).toEqual(answer.alerts);
    } finally {
      stream.close();
    }
  });

  it('allows an edit nothing collides with, and a session it does not know yet', async () => {
    expect(await postIntent(server, { sessionId: 'run-bob', paths: ['src/other.ts', 'README.md'] })).toEqual({
      status: 200,
      body: { decision: 'allow', reason: 'agentfleet: no other session has unmerged changes to these files', alerts: [], holdsEdits: true },
    });
    expect(await postIntent(server, { sessionId: 'run-nobody', paths: ['src/db.ts'] })).toEqual({
      status: 200,
      body: { decision: 'allow', reason: 'agentfleet: session run-nobody is not known yet; edit not checked', alerts: [], holdsEdits: true },
    });
  });

  it('answers 400 naming the field for a malformed body', async () => {
    const cases: Array<[unknown, string]> = [
      [{ paths: ['a.ts'] }, 'bad body: sessionId:'],
      [{ sessionId: '', paths: ['a.ts'] }, 'bad body: sessionId:'],
      [{ sessionId: 'run-bob', paths: [] }, 'bad body: paths:'],
      [{ sessionId: 'run-bob', paths: Array.from({ length: 101 }, (_, i) => `f${i}.ts`) }, 'bad body: paths:'],
      [{ sessionId: 'run-bob', paths: ['/etc/passwd'] }, 'bad body: paths.0: expected a repository-relative path'],
      [{ sessionId: 'run-bob', paths: ['src/../../x.ts'] }, 'bad body: paths.0: expected a repository-relative path'],
      [{ sessionId: 'run-bob', paths: ['a.ts'], toolName: 7 }, 'bad body: toolName:'],
      ['{"sessionId": ', 'bad body:'],
    ];
    for (const [body, error] of cases) {
      const answer = await postIntent(server, body);
      expect({ body, status: answer.status }).toEqual({ body, status: 400 });
      expect(answer.body.error).toContain(error);
    }
  });

  it('describes the route in the OpenAPI document', async () => {
    const document = (await (await fetch(`${server.info.controlPlaneUrl}/api/v1/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(document.paths['/api/v1/intents'] ?? {})).toEqual(['post']);
  });
});

describe('agentfleet up --gate-policy', () => {
  it('applies per-agent and per-path modes from the file, with --gate replacing its fleet-wide mode', async () => {
    const dir = tempDir();
    const policy = path.join(dir, 'gate.json');
    writeFileSync(policy, JSON.stringify({ mode: 'deny', agents: { bob: 'ask' }, paths: [{ glob: 'migrations/**', mode: 'deny' }] }));
    const server = await startServerProcess(path.join(dir, 'data'), ['--gate-policy', policy, '--gate', 'off']);
    try {
      await sendSession(server, 'alice', ['src/db.ts', 'migrations/001.sql']);
      await sendSession(server, 'bob', []);
      await sendSession(server, 'carol', []);
      expect((await decisionOnceKnown(server, { sessionId: 'run-bob', paths: ['src/db.ts'] }, 'ask')).reason).toMatch(/^agentfleet asks before this edit: src\/db.ts has unmerged changes by alice/);
      expect((await postIntent(server, { sessionId: 'run-bob', paths: ['migrations/001.sql'] })).body.decision).toBe('deny');
      // carol has no rule of her own: the fleet's mode is --gate off, so the collision is ignored (no alert).
      expect((await postIntent(server, { sessionId: 'run-carol', paths: ['src/db.ts'] })).body).toEqual({
        decision: 'allow',
        reason: 'agentfleet: no other session has unmerged changes to these files',
        alerts: [],
        // The deny rule on migrations/** may hold any agent's edit.
        holdsEdits: true,
      });
    } finally {
      await server.stop('SIGTERM');
    }
  });

  it('refuses to start with a policy file it cannot use, saying which file and what is wrong', async () => {
    const dir = tempDir();
    const cases: Array<[string, string | undefined, RegExp]> = [
      ['bad-mode.json', '{"mode": "block"}', /--gate-policy .*bad-mode\.json: gate policy: mode: /],
      ['unknown-field.json', '{"mode": "warn", "agent": {}}', /--gate-policy .*unknown-field\.json: gate policy: \(root\): .*agent/],
      ['not-json.json', '{mode: warn', /--gate-policy .*not-json\.json: .*JSON/],
      ['missing.json', undefined, /--gate-policy .*missing\.json: ENOENT/],
    ];
    for (const [name, content, message] of cases) {
      const file = path.join(dir, name);
      if (content !== undefined) writeFileSync(file, content);
      const result = await startAgentfleet(['up', '--data-dir', path.join(dir, 'data'), '--port', '0', '--otlp-port', '0', '--gate-policy', file], { cwd: dir }).result;
      expect({ name, code: result.code }).toEqual({ name, code: 1 });
      expect(result.stderr).toMatch(message);
    }
  });

  it('refuses a --gate mode it does not know, and documents both flags in --help', async () => {
    const dir = tempDir();
    const bad = await startAgentfleet(['up', '--gate', 'block', '--data-dir', dir], { cwd: dir }).result;
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("argument 'block' is invalid. Allowed choices are off, warn, ask, deny");
    const help = await startAgentfleet(['up', '--help'], { cwd: dir }).result;
    for (const text of ['--gate <mode>', 'AGENTFLEET_GATE', '--gate-policy <file>', 'AGENTFLEET_GATE_POLICY']) expect(help.stdout).toContain(text);
  });
});
