import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { messageEvents, newMessageId, newToolUseId, type AssistantBlock, type MessageUsage } from './anthropic-sse.js';

/**
 * A stand-in for the Anthropic Messages API that the real Claude Code CLI
 * talks to through `ANTHROPIC_BASE_URL`: it answers the agent loop from a
 * script, streaming SSE exactly like the real API, and records every request
 * so a test can read what the model was sent (tool results included).
 *
 * Which turn a request asks for is the number of assistant messages already
 * in its conversation, not a counter: a retried request gets the same answer.
 * Requests without tools are Claude Code's side calls (titles, topic checks
 * on the small model): they get a short text answer and do not advance the
 * script.
 */

export interface ScriptedToolCall {
  readonly name: string;
  readonly input: Readonly<Record<string, unknown>>;
}
/** One model turn: tool calls (run in parallel by Claude Code when several) or the final text. */
export type ScriptedTurn = { readonly tools: readonly ScriptedToolCall[] } | { readonly text: string };

export interface ScriptedAnthropicOptions {
  readonly script: readonly ScriptedTurn[];
  /** Awaited before turn `index` (0-based) is answered: lets a test change the world mid-run. */
  readonly beforeTurn?: (index: number) => void | Promise<void>;
  /** Usage reported for turn `index`; default `turnUsage`. A long run wants small constant counts, or Claude Code compacts. */
  readonly usage?: (index: number) => MessageUsage;
  /** Keep each request's body in `requests` (default true); a long run keeps only path, turn and time. */
  readonly recordBodies?: boolean;
}

export interface RecordedRequest {
  readonly path: string;
  readonly body: MessagesRequest;
  /** Script turn answered, or undefined for a side request. */
  readonly turn: number | undefined;
  /** `performance.now()` when the request arrived (before its body was read). */
  readonly atMs: number;
}

export interface MessagesRequest {
  readonly model?: string;
  readonly tools?: readonly unknown[];
  readonly messages?: ReadonlyArray<{ readonly role: string; readonly content: unknown }>;
}

/** A tool result block as Claude Code sends it back to the model. */
export interface ToolResult {
  readonly tool_use_id: string;
  readonly content: unknown;
  readonly is_error?: boolean;
}

export interface ScriptedAnthropic {
  /** Base URL for `ANTHROPIC_BASE_URL`. */
  readonly url: string;
  readonly requests: readonly RecordedRequest[];
  /** Every tool result of the latest conversation the agent loop sent, in order. */
  toolResults(): ToolResult[];
  close(): Promise<void>;
}

/** Text of the side-request answer and of any turn past the end of the script. */
const SIDE_ANSWER = 'ok';
const SCRIPT_ENDED = '[scripted-anthropic: script ended]';

/** Usage reported for turn `index` (deterministic, so tests can expect exact token counts). */
export function turnUsage(index: number): MessageUsage {
  return { inputTokens: 100 + index, outputTokens: 10 + index, cacheReadInputTokens: 1000 * (index + 1), cacheCreationInputTokens: 7 };
}

function readJson(req: IncomingMessage): Promise<MessagesRequest> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        resolve(chunks.length === 0 ? {} : (JSON.parse(Buffer.concat(chunks).toString('utf8')) as MessagesRequest));
      } catch (error) {
        reject(error);
      }
    });
    req.on('error', reject);
  });
}

function blocksOf(turn: ScriptedTurn | undefined): AssistantBlock[] {
  if (turn === undefined) return [{ type: 'text', text: SCRIPT_ENDED }];
  if ('text' in turn) return [{ type: 'text', text: turn.text }];
  return turn.tools.map((t) => ({ type: 'tool_use', name: t.name, input: t.input }));
}

function streamMessage(res: ServerResponse, model: string, blocks: AssistantBlock[], usage: MessageUsage): void {
  const toolUseIds = blocks.filter((b) => b.type === 'tool_use').map(() => newToolUseId());
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'request-id': `req_${newMessageId().slice(4)}` });
  for (const chunk of messageEvents({ id: newMessageId(), model, blocks, usage }, toolUseIds)) res.write(chunk);
  res.end();
}

export async function startScriptedAnthropic(options: ScriptedAnthropicOptions): Promise<ScriptedAnthropic> {
  const requests: RecordedRequest[] = [];
  const usage = options.usage ?? turnUsage;
  const recordBodies = options.recordBodies ?? true;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const atMs = performance.now();
    const path = (req.url ?? '/').split('?')[0]!;
    const parsed = req.method === 'POST' ? await readJson(req) : {};
    const body = recordBodies ? parsed : {};
    if (path === '/v1/messages/count_tokens') {
      requests.push({ path, body, turn: undefined, atMs });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ input_tokens: JSON.stringify(parsed).length >> 2 }));
      return;
    }
    if (path !== '/v1/messages') {
      requests.push({ path, body, turn: undefined, atMs });
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ type: 'error', error: { type: 'not_found_error', message: path } }));
      return;
    }
    const model = parsed.model ?? 'claude-scripted';
    if (!parsed.tools?.length) {
      requests.push({ path, body, turn: undefined, atMs });
      streamMessage(res, model, [{ type: 'text', text: SIDE_ANSWER }], usage(0));
      return;
    }
    const turn = (parsed.messages ?? []).filter((m) => m.role === 'assistant').length;
    requests.push({ path, body, turn, atMs });
    await options.beforeTurn?.(turn);
    streamMessage(res, model, blocksOf(options.script[turn]), usage(turn));
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ type: 'error', error: { type: 'api_error', message: String(error) } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    toolResults() {
      const last = requests.filter((r) => r.turn !== undefined).at(-1);
      const results: ToolResult[] = [];
      for (const message of last?.body.messages ?? []) {
        if (message.role !== 'user' || !Array.isArray(message.content)) continue;
        for (const block of message.content as Array<{ type?: string } & ToolResult>) if (block.type === 'tool_result') results.push(block);
      }
      return results;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
