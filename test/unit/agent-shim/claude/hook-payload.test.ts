import { describe, expect, it } from 'vitest';
import { isToolHookPayload, parseHookPayload } from '../../../../agent-shim/claude/hook-payload.js';
import * as hook from '../../../helpers/claude-hook-payloads.js';

describe('hook payloads', () => {
  const session = hook.hookSession('/w/repo', '/w/t.jsonl');

  it('takes what Claude Code sends, unknown fields left alone, and tells tool events apart', () => {
    const pre = { ...hook.preToolUse(session, 'toolu_1', 'Edit', { file_path: '/w/repo/a.ts', old_string: 'a', new_string: 'b' }), some_future_field: [1] };
    const post = hook.postToolUseFailure(session, 'toolu_1', 'Edit', { file_path: '/w/repo/a.ts' }, 'String not found');
    const stop = hook.stop(session);
    for (const body of [pre, post, stop]) expect(parseHookPayload(body)).toBe(body);
    expect([pre, post, stop].map((body) => isToolHookPayload(parseHookPayload(body) as never))).toEqual([true, true, false]);
  });

  it('names the field a payload that is not one gets wrong', () => {
    const stop = hook.stop(session);
    const cases: Array<[unknown, string]> = [
      ['a string', 'expected a JSON object'],
      [[stop], 'expected a JSON object'],
      [null, 'expected a JSON object'],
      [{ ...stop, hook_event_name: undefined }, 'hook_event_name: expected a string'],
      [{ ...stop, session_id: 7 }, 'session_id: expected a string'],
      [{ ...stop, cwd: null }, 'cwd: expected a string'],
      [{ ...stop, tool_name: {} }, 'tool_name: expected a string'],
      [{ ...stop, duration_ms: '12' }, 'duration_ms: expected a number'],
      [{ ...stop, tool_input: ['x'] }, 'tool_input: expected an object'],
      [{ ...stop, tool_input: 'x' }, 'tool_input: expected an object'],
    ];
    for (const [body, error] of cases) expect({ body, error: parseHookPayload(body) }).toEqual({ body, error });
  });
});
