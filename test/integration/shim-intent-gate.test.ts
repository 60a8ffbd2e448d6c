import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createClaudeHooks, type ClaudeHooks } from '../../agent-shim/claude/claude-hooks.js';
import { createIntentGate } from '../../agent-shim/claude/intent-gate.js';
import { createLogger } from '../../orchestrator/log.js';
import { INTENTS_API } from '../../orchestrator/routes/intents.js';
import {
  ATTR_AGENTFLEET_GATE_DECISION,
  ATTR_AGENTFLEET_GATE_REASON,
  ATTR_GEN_AI_TOOL_CALL_ID,
  EVENT_TOOL_END,
  SPAN_FILE_INTENT,
  executeToolSpanName,
} from '../../semconv/index.js';
import * as hook from '../helpers/claude-hook-payloads.js';
import { fakeAdapterContext, type FakeAdapterContext } from '../helpers/fake-adapter-context.js';
import { freePort } from '../helpers/shim-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * The shim's collision gate: Claude Code's PreToolUse hook handler with the
 * intent gate, asking a loopback control plane that answers the
 * `POST /api/v1/intents` contract — decided by the path asked about.
 */

const DENY_REASON = 'agentfleet refused this edit: src/denied.ts has unmerged changes by bob (+4 −1 lines in 1 edit; branch agentfleet/bob, work tree /w/bob).';
const ASK_REASON = 'agentfleet asks before this edit: src/ask.ts has unmerged changes by bob.';

interface IntentRequestSeen {
  readonly path: string | undefined;
  readonly authorization: string | undefined;
  readonly body: unknown;
  /** Spans the shim had exported at once when the request arrived (file.intent comes first). */
  readonly exportedBefore: string[];
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => resolve(text));
  });
}

describe('the intent gate at PreToolUse of an editing tool', () => {
  let server: Server;
  let controlPlaneUrl: string;
  const seen: IntentRequestSeen[] = [];
  let repo: string;
  let fake: FakeAdapterContext;
  let hooks: ClaudeHooks;
  let session: hook.HookSession;
  /** What the control plane says of its policy in each answer. */
  let holdsEdits: boolean;
  /** Answers to requests for src/later.ts, held back until the test sends them. */
  const releases: Array<() => void> = [];

  const handled = (payload: unknown) => hook.handleSettled(hooks, payload);

  /** Answers the contract by the path asked about; some paths get what a broken control plane would send. */
  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = JSON.parse(await readBody(req)) as { paths: string[] };
    seen.push({ path: req.url, authorization: req.headers.authorization, body, exportedBefore: fake.endedNow.map((s) => (s as unknown as ReadableSpan).name) });
    const json = (status: number, value: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(status === 200 ? { ...(value as object), holdsEdits } : value));
    };
    switch (body.paths[0]) {
      case 'src/denied.ts':
        return json(200, { decision: 'deny', reason: DENY_REASON, alerts: [] });
      case 'src/ask.ts':
        return json(200, { decision: 'ask', reason: ASK_REASON, alerts: [] });
      case 'src/broken.ts':
        return json(500, { error: 'the engine is down' });
      case 'src/garbled.ts':
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ verdict: 'deny' }));
        return;
      case 'src/later.ts':
        // Answered when the test says so.
        releases.push(() => json(200, { decision: 'allow', reason: 'answered later', alerts: [] }));
        return;
      case 'src/slow.ts':
        return; // never answers: the gate's timeout decides
      default:
        return json(200, { decision: 'allow', reason: 'agentfleet: no other session has unmerged changes to these files', alerts: [] });
    }
  }

  function gatedHooks(url: string): ClaudeHooks {
    return createClaudeHooks(fake.context, createIntentGate({ controlPlaneUrl: url, token: 's3cret', sessionId: 'run-1', timeoutMs: 300, log: createLogger('error') }));
  }

  beforeAll(async () => {
    server = createServer((req, res) => void answer(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    controlPlaneUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );

  beforeEach(() => {
    seen.length = 0;
    holdsEdits = true;
    repo = tempDir();
    session = hook.hookSession(repo, path.join(repo, '.transcript.jsonl'));
    fake = fakeAdapterContext(repo);
    hooks = gatedHooks(controlPlaneUrl);
  });

  const write = (file: string) => ({ file_path: path.join(repo, file), content: 'x\n' });
  const callSpan = (tool: string, id: string) => fake.finished().find((s) => s.name === executeToolSpanName(tool) && s.attributes[ATTR_GEN_AI_TOOL_CALL_ID] === id)!;
  const toolEnd = (id: string) => fake.events.find((e) => e.name === EVENT_TOOL_END && e.attributes[ATTR_GEN_AI_TOOL_CALL_ID] === id)!;

  it('asks the control plane about the repository-relative path after sending file.intent, and refuses the edit it denies with its reason', async () => {
    expect(await handled(hook.preToolUse(session, 'toolu_d', 'Write', write('src/denied.ts')))).toEqual({
      hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: DENY_REASON },
    });
    expect(seen).toEqual([
      { path: INTENTS_API, authorization: 'Bearer s3cret', body: { sessionId: 'run-1', paths: ['src/denied.ts'], toolName: 'Write', toolCallId: 'toolu_d' }, exportedBefore: [SPAN_FILE_INTENT] },
    ]);
    // Refused: no PostToolUse will come, so the call is ended now, with the decision on it and on its tool.end.
    const span = callSpan('Write', 'toolu_d');
    expect(span.attributes).toMatchObject({ [ATTR_AGENTFLEET_GATE_DECISION]: 'deny', [ATTR_AGENTFLEET_GATE_REASON]: DENY_REASON });
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: `denied: ${DENY_REASON}`.slice(0, 256) });
    expect(toolEnd('toolu_d')).toMatchObject({ severity: 'warn', attributes: { [ATTR_AGENTFLEET_GATE_DECISION]: 'deny' } });
  });

  it('has Claude Code ask the human when the policy says ask, and records the decision when the call ends', async () => {
    const input = write('src/ask.ts');
    expect(await handled(hook.preToolUse(session, 'toolu_a', 'Write', input))).toEqual({
      hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'ask', permissionDecisionReason: ASK_REASON },
    });
    await handled(hook.postToolUse(session, 'toolu_a', 'Write', input, { type: 'create', filePath: input.file_path, content: 'x\n', structuredPatch: [], originalFile: null }));
    expect(callSpan('Write', 'toolu_a').attributes).toMatchObject({ [ATTR_AGENTFLEET_GATE_DECISION]: 'ask', [ATTR_AGENTFLEET_GATE_REASON]: ASK_REASON });
    expect(toolEnd('toolu_a')).toMatchObject({ severity: 'info', attributes: { [ATTR_AGENTFLEET_GATE_DECISION]: 'ask' } });
  });

  it("leaves an allowed edit to Claude Code's own permissions (an empty answer), recording allow", async () => {
    expect(await handled(hook.preToolUse(session, 'toolu_ok', 'Edit', { file_path: path.join(repo, 'src/ok.ts'), old_string: 'a', new_string: 'b' }))).toEqual({});
    await handled(hook.stop(session));
    expect(callSpan('Edit', 'toolu_ok').attributes[ATTR_AGENTFLEET_GATE_DECISION]).toBe('allow');
  });

  it('does not ask about tools that edit no file', async () => {
    expect(await handled(hook.preToolUse(session, 'toolu_r', 'Read', { file_path: path.join(repo, 'src/denied.ts') }))).toEqual({});
    await handled(hook.stop(session));
    expect(seen).toEqual([]);
    expect(callSpan('Read', 'toolu_r').attributes[ATTR_AGENTFLEET_GATE_DECISION]).toBeUndefined();
    expect(toolEnd('toolu_r').attributes[ATTR_AGENTFLEET_GATE_DECISION]).toBeUndefined();
  });

  it('stops holding edits for the answer once the control plane says its policy cannot ask or deny them, still sending every intent', async () => {
    holdsEdits = false;
    // The first edit is held: nothing is known of the policy yet.
    expect(await handled(hook.preToolUse(session, 'toolu_1', 'Write', write('src/one.ts')))).toEqual({});
    // Then the hook is answered while the control plane has not answered yet; its answer is recorded when it comes.
    expect(await hooks.handle(hook.preToolUse(session, 'toolu_2', 'Write', write('src/later.ts')))).toEqual({});
    await vi.waitFor(() => expect(releases).toHaveLength(1));
    releases.pop()!();
    await hooks.settled();
    // A deny that comes to an edit not held (the policy changed meanwhile) cannot stop it: recorded as allowed, saying why, and the next edit is held again.
    expect(await handled(hook.preToolUse(session, 'toolu_3', 'Write', write('src/denied.ts')))).toEqual({});
    holdsEdits = true;
    expect(await handled(hook.preToolUse(session, 'toolu_4', 'Write', write('src/denied.ts')))).toEqual({});
    expect((await handled(hook.preToolUse(session, 'toolu_5', 'Write', write('src/denied.ts')))) as object).toHaveProperty('hookSpecificOutput.permissionDecision', 'deny');
    await handled(hook.stop(session));
    expect(seen.map((request) => (request.body as { toolCallId: string }).toolCallId)).toEqual(['toolu_1', 'toolu_2', 'toolu_3', 'toolu_4', 'toolu_5']);
    expect(callSpan('Write', 'toolu_2').attributes).toMatchObject({ [ATTR_AGENTFLEET_GATE_DECISION]: 'allow', [ATTR_AGENTFLEET_GATE_REASON]: 'answered later' });
    expect(callSpan('Write', 'toolu_3').attributes).toMatchObject({
      [ATTR_AGENTFLEET_GATE_DECISION]: 'allow',
      [ATTR_AGENTFLEET_GATE_REASON]: `agentfleet: edit not held, the gate policy changed to hold edits while it ran (deny: ${DENY_REASON})`,
    });
  });

  it('fails open — allows, saying the edit was not checked — when the control plane errs, answers nonsense, is too slow or is not there', async () => {
    const unreachable = `http://127.0.0.1:${await freePort()}`;
    const cases: Array<[string, ClaudeHooks]> = [
      ['src/broken.ts', hooks],
      ['src/garbled.ts', hooks],
      ['src/slow.ts', hooks],
      ['src/nobody.ts', gatedHooks(unreachable)],
    ];
    for (const [i, [file, gated]] of cases.entries()) {
      expect(await hook.handleSettled(gated, hook.preToolUse(session, `toolu_${i}`, 'Write', write(file)))).toEqual({});
      await hook.handleSettled(gated, hook.stop(session));
    }
    for (const i of cases.keys()) {
      expect(callSpan('Write', `toolu_${i}`).attributes[ATTR_AGENTFLEET_GATE_DECISION]).toBe('allow');
      expect(callSpan('Write', `toolu_${i}`).attributes[ATTR_AGENTFLEET_GATE_REASON]).toMatch(/^agentfleet: edit not checked, the control plane could not be asked \(.+\)$/);
    }
    expect(callSpan('Write', 'toolu_0').attributes[ATTR_AGENTFLEET_GATE_REASON]).toContain('answered 500');
    expect(callSpan('Write', 'toolu_1').attributes[ATTR_AGENTFLEET_GATE_REASON]).toContain('not an intent decision');
  });
});
