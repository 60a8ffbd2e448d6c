import { describe, expect, it } from 'vitest';
import { shellStatus, shouldForward } from '../../../agent-shim/signals.js';

describe('exit and signal mapping', () => {
  it('reports an exit code as it is and a death by signal as 128 plus its number, as a shell does', () => {
    expect(shellStatus({ code: 0 })).toBe(0);
    expect(shellStatus({ code: 3 })).toBe(3);
    expect(shellStatus({ signal: 'SIGINT' })).toBe(130);
    expect(shellStatus({ signal: 'SIGTERM' })).toBe(143);
    expect(shellStatus({ signal: 'SIGKILL' })).toBe(137);
  });

  it('forwards every signal when no terminal is attached (only the shim received it)', () => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGWINCH'] as const) expect(shouldForward(signal, false)).toBe(true);
  });

  it('does not forward what a terminal already sent to the whole process group, so a Ctrl-C arrives once', () => {
    expect(shouldForward('SIGINT', true)).toBe(false);
    expect(shouldForward('SIGQUIT', true)).toBe(false);
    expect(shouldForward('SIGWINCH', true)).toBe(false);
    expect(shouldForward('SIGTERM', true)).toBe(true);
    expect(shouldForward('SIGHUP', true)).toBe(true);
  });
});
