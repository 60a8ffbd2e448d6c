import type { ClaudeHooks } from '../../agent-shim/claude/claude-hooks.js';

/**
 * Claude Code hook payloads in the shapes 2.1.328 sends (recorded with the
 * real CLI against the scripted API; see agent-shim/claude/README.md), for
 * unit tests that drive the hook handler without Claude Code.
 */
/** One hook as Claude Code sends it: its answer, once the work it started is done (hooks answer before they finish recording). */
export async function handleSettled(hooks: Pick<ClaudeHooks, 'handle' | 'settled'>, payload: unknown): Promise<unknown> {
  const answer = await hooks.handle(payload);
  await hooks.settled();
  return answer;
}

export interface HookSession {
  readonly sessionId: string;
  readonly cwd: string;
  readonly transcriptPath: string;
}

export function hookSession(cwd: string, transcriptPath: string, sessionId = 'd226b9fb-5365-4f66-8b40-618a66d3c2ec'): HookSession {
  return { sessionId, cwd, transcriptPath };
}

function common(session: HookSession, event: string): Record<string, unknown> {
  return {
    session_id: session.sessionId,
    transcript_path: session.transcriptPath,
    cwd: session.cwd,
    prompt_id: '07549fe1-7734-4e8d-baa7-c225e2c6f635',
    permission_mode: 'bypassPermissions',
    hook_event_name: event,
  };
}

export function userPromptSubmit(session: HookSession, prompt: string): Record<string, unknown> {
  return { ...common(session, 'UserPromptSubmit'), prompt };
}

export function preToolUse(session: HookSession, toolUseId: string, toolName: string, toolInput: Record<string, unknown>): Record<string, unknown> {
  return { ...common(session, 'PreToolUse'), effort: { level: 'medium' }, tool_name: toolName, tool_input: toolInput, tool_use_id: toolUseId };
}

export function postToolUse(
  session: HookSession,
  toolUseId: string,
  toolName: string,
  toolInput: Record<string, unknown>,
  toolResponse: unknown,
  durationMs = 7,
): Record<string, unknown> {
  return { ...common(session, 'PostToolUse'), tool_name: toolName, tool_input: toolInput, tool_response: toolResponse, tool_use_id: toolUseId, duration_ms: durationMs };
}

export function postToolUseFailure(
  session: HookSession,
  toolUseId: string,
  toolName: string,
  toolInput: Record<string, unknown>,
  error: string,
  durationMs = 55,
): Record<string, unknown> {
  return { ...common(session, 'PostToolUseFailure'), tool_name: toolName, tool_input: toolInput, tool_use_id: toolUseId, error, is_interrupt: false, duration_ms: durationMs };
}

export function stop(session: HookSession, lastMessage = 'All done.'): Record<string, unknown> {
  return { ...common(session, 'Stop'), stop_hook_active: false, last_assistant_message: lastMessage, background_tasks: [], session_crons: [] };
}

export function notification(session: HookSession, message: string): Record<string, unknown> {
  return { ...common(session, 'Notification'), message };
}

/** Transcript lines for one API response: an `api-request` entry and an `assistant` entry per content block. */
export function transcriptTurn(turn: {
  readonly messageId: string;
  readonly model: string;
  readonly startedAt: Date;
  readonly endedAt: Date;
  readonly blocks: number;
  readonly stopReason: string | null;
  readonly usage: { input: number; output: number; cacheRead: number; cacheCreation: number };
}): string {
  const requestRef = `ref-${turn.messageId}`;
  const lines: object[] = [{ type: 'api-request', id: requestRef, timestamp: turn.startedAt.toISOString(), params: { model: turn.model } }];
  for (let block = 0; block < turn.blocks; block++) {
    lines.push({
      type: 'assistant',
      timestamp: turn.endedAt.toISOString(),
      requestId: `req_${turn.messageId}`,
      requestRef,
      requestedModel: turn.model,
      apiBlockIndex: block,
      message: {
        id: turn.messageId,
        type: 'message',
        role: 'assistant',
        model: turn.model,
        content: [{ type: 'text', text: `block ${block}` }],
        stop_reason: turn.stopReason,
        usage: {
          input_tokens: turn.usage.input,
          output_tokens: turn.usage.output,
          cache_read_input_tokens: turn.usage.cacheRead,
          cache_creation_input_tokens: turn.usage.cacheCreation,
        },
      },
    });
  }
  return lines.map((l) => `${JSON.stringify(l)}\n`).join('');
}
