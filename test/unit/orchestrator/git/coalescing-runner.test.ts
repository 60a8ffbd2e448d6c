import { describe, expect, it } from 'vitest';
import { createCoalescingRunner } from '../../../../orchestrator/git/coalescing-runner.js';

/** A runner whose jobs record their start and wait until the test ends them. */
function gatedRunner(fail: (run: number) => boolean = () => false) {
  let started = 0;
  const ends: Array<() => void> = [];
  const runner = createCoalescingRunner(() => {
    const run = ++started;
    return new Promise<void>((resolve, reject) => ends.push(() => (fail(run) ? reject(new Error(`run ${run} failed`)) : resolve())));
  });
  /** Ends the oldest unfinished run and lets its followers start. */
  const endNext = async () => {
    ends.shift()!();
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { runner, started: () => started, endNext };
}

describe('createCoalescingRunner', () => {
  it('answers callers during a run with one more run that starts after it, however many they are', async () => {
    const { runner, started, endNext } = gatedRunner();
    const first = runner.run();
    const answered: string[] = [];
    const during = [runner.run(), runner.run(), runner.run()].map((p, i) => p.then(() => answered.push(`caller ${i}`)));
    expect(started()).toBe(1);

    await endNext();
    await first;
    expect(started()).toBe(2);
    expect(answered).toEqual([]);

    await endNext();
    await Promise.all(during);
    expect(started()).toBe(2);
    expect(answered).toEqual(['caller 0', 'caller 1', 'caller 2']);
  });

  it('keeps answering callers while requests keep coming during every run', async () => {
    const { runner, started, endNext } = gatedRunner();
    const answers: Promise<void>[] = [runner.run()];
    for (let round = 0; round < 4; round++) {
      answers.push(runner.run());
      await endNext();
      await answers[round];
    }
    expect(started()).toBe(5);
  });

  it('rejects the callers of a failed run, still runs the one owed after it, and is idle once nothing is owed', async () => {
    const { runner, started, endNext } = gatedRunner((run) => run === 1);
    const first = runner.run();
    const second = runner.run();
    await endNext();
    await expect(first).rejects.toThrow('run 1 failed');
    expect(started()).toBe(2);
    let idle = false;
    const waiting = runner.idle().then(() => (idle = true));
    await Promise.resolve();
    expect(idle).toBe(false);
    await endNext();
    await second;
    await waiting;
    expect(idle).toBe(true);
  });
});
