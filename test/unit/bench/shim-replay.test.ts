import { describe, expect, it } from 'vitest';
import { recordedToolCalls } from '../../../bench/shim-replay.js';

const hook = (event: string, id?: string) => ({ hook_event_name: event, session_id: 's', ...(id === undefined ? {} : { tool_use_id: id }) });

describe("bench/shim's replay", () => {
  it('pairs each PreToolUse with its PostToolUse by tool_use_id, in the order the calls ended', () => {
    const calls = recordedToolCalls([
      hook('UserPromptSubmit'),
      hook('PreToolUse', 'a'),
      hook('PreToolUse', 'b'),
      hook('PostToolUse', 'b'),
      hook('PostToolUse', 'a'),
      hook('Stop'),
    ]);
    expect(calls).toEqual([
      { pre: hook('PreToolUse', 'b'), post: hook('PostToolUse', 'b') },
      { pre: hook('PreToolUse', 'a'), post: hook('PostToolUse', 'a') },
    ]);
  });

  it('leaves out calls that failed or were seen only in part: a replayed call is a whole, successful one', () => {
    const calls = recordedToolCalls([
      hook('PreToolUse', 'failed'),
      hook('PostToolUseFailure', 'failed'),
      hook('PostToolUse', 'no-pre'),
      hook('PreToolUse', 'no-post'),
      hook('PreToolUse', 'ok'),
      hook('PostToolUse', 'ok'),
    ]);
    expect(calls.map((call) => (call.pre as { tool_use_id: string }).tool_use_id)).toEqual(['ok']);
  });
});
