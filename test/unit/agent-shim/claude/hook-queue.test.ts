import { describe, expect, it } from 'vitest';
import { createHookQueue } from '../../../../agent-shim/claude/hook-queue.js';

describe('the hook queue', () => {
  it('answers as soon as a hook replies, and runs the rest of its work before the next hook', async () => {
    const queue = createHookQueue(() => undefined);
    const steps: string[] = [];
    let finishFirst!: () => void;
    const firstRest = new Promise<void>((resolve) => (finishFirst = resolve));
    const first = queue.run(async (reply) => {
      steps.push('first: before reply');
      await reply({ first: true });
      await firstRest;
      steps.push('first: after reply');
      return { ignored: true };
    });
    const second = queue.run(async () => {
      steps.push('second');
      return { second: true };
    });

    expect(await first).toEqual({ first: true });
    expect(steps).toEqual(['first: before reply']);
    finishFirst();
    expect(await second).toEqual({ second: true });
    expect(steps).toEqual(['first: before reply', 'first: after reply', 'second']);
  });

  it('answers with what the work returns when it never replies', async () => {
    const queue = createHookQueue(() => undefined);
    expect(await queue.run(async () => ({ decided: 'late' }))).toEqual({ decided: 'late' });
  });

  it('answers {} for work that throws, reports the error, and goes on with the next', async () => {
    const errors: unknown[] = [];
    const queue = createHookQueue((error) => errors.push(error));
    const failing = queue.run(async () => {
      throw new Error('broken payload');
    });
    const next = queue.run(async () => 'next');
    expect(await failing).toEqual({});
    expect(await next).toBe('next');
    expect(errors).toEqual([new Error('broken payload')]);
  });

  it('is idle only once the work queued so far has finished, replied or not', async () => {
    const queue = createHookQueue(() => undefined);
    let done = false;
    void queue.run(async (reply) => {
      await reply({});
      await new Promise((resolve) => setTimeout(resolve, 20));
      done = true;
    });
    await queue.idle();
    expect(done).toBe(true);
  });
});
