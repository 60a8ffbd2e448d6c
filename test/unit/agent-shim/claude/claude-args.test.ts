import { describe, expect, it } from 'vitest';
import { isSubcommand, takeSettingsFlag, withCaptureFlags } from '../../../../agent-shim/claude/claude-args.js';

describe('Claude Code arguments', () => {
  it('takes out every --settings, keeping the last value as Claude Code would', () => {
    expect(takeSettingsFlag(['-p', 'hi', '--settings', 'a.json', '--model', 'x', '--settings={"a":1}'])).toEqual({
      value: '{"a":1}',
      rest: ['-p', 'hi', '--model', 'x'],
    });
  });

  it('leaves the arguments alone when there is no --settings', () => {
    expect(takeSettingsFlag(['-p', 'hi'])).toEqual({ value: undefined, rest: ['-p', 'hi'] });
  });

  it('does not look past --, where the words are the prompt', () => {
    expect(takeSettingsFlag(['--', 'explain', '--settings', 'x'])).toEqual({ value: undefined, rest: ['--', 'explain', '--settings', 'x'] });
  });

  it('puts the shim flags before the user arguments, closing the variadic --mcp-config with --settings', () => {
    expect(withCaptureFlags(['fix the bug'], '/t/s.json', '/t/m.json')).toEqual(['--mcp-config', '/t/m.json', '--settings', '/t/s.json', 'fix the bug']);
  });

  it('recognises subcommands that run no session', () => {
    expect(isSubcommand(['mcp', 'list'])).toBe(true);
    expect(isSubcommand(['doctor'])).toBe(true);
    expect(isSubcommand(['-p', 'mcp'])).toBe(false);
    expect(isSubcommand([])).toBe(false);
  });
});
