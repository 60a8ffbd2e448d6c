import { describe, expect, it } from 'vitest';
import { HOOK_EVENTS } from '../../../../agent-shim/claude/hook-payload.js';
import { captureHooks, hookTimeoutSeconds, mergeSettings } from '../../../../agent-shim/claude/hook-settings.js';

describe('hook settings', () => {
  const ours = captureHooks('http://127.0.0.1:9/s/x/hooks/claude', 3);

  it('sends every event to the shim as an HTTP hook, tool events for every tool', () => {
    expect(Object.keys(ours)).toEqual([...HOOK_EVENTS]);
    expect(ours['PreToolUse']).toEqual([{ matcher: '*', hooks: [{ type: 'http', url: 'http://127.0.0.1:9/s/x/hooks/claude', timeout: 3 }] }]);
    expect(ours['Stop']).toEqual([{ hooks: [{ type: 'http', url: 'http://127.0.0.1:9/s/x/hooks/claude', timeout: 3 }] }]);
  });

  it('gives Claude Code one second more than the shim takes to fail open', () => {
    expect(hookTimeoutSeconds(2000)).toBe(3);
    expect(hookTimeoutSeconds(2500)).toBe(4);
  });

  it('adds ours after the user hooks of the same event and keeps every other setting', () => {
    const userGroup = { matcher: 'Bash', hooks: [{ type: 'command', command: './guard.sh' }] };
    const merged = mergeSettings({ model: 'opus', permissions: { allow: ['Read'] }, hooks: { PreToolUse: [userGroup], Custom: [userGroup] } }, ours);
    expect(merged['model']).toBe('opus');
    expect(merged['permissions']).toEqual({ allow: ['Read'] });
    const hooks = merged['hooks'] as Record<string, unknown[]>;
    expect(hooks['PreToolUse']).toEqual([userGroup, ...ours['PreToolUse']!]);
    expect(hooks['Custom']).toEqual([userGroup]);
    expect(hooks['Stop']).toEqual(ours['Stop']);
  });

  it('is just our hooks without user settings', () => {
    expect(mergeSettings(undefined, ours)).toEqual({ hooks: ours });
  });
});
