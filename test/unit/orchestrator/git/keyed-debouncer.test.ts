import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KeyedDebouncer } from '../../../../orchestrator/git/keyed-debouncer.js';

/** A debouncer whose jobs record their key and wait until the test releases them. */
function recordingDebouncer() {
  const runs: string[] = [];
  const releases: Array<() => void> = [];
  const debouncer = new KeyedDebouncer<string>({
    waitMs: 100,
    maxWaitMs: 1_000,
    run: (key) => {
      runs.push(key);
      return new Promise<void>((resolve) => releases.push(resolve));
    },
    onError: () => expect.unreachable('these jobs do not fail'),
  });
  const releaseAll = async () => {
    for (const release of releases.splice(0)) release();
    await vi.advanceTimersByTimeAsync(0);
  };
  return { debouncer, runs, releaseAll };
}

describe('KeyedDebouncer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs a key once its touches pause for waitMs, each key on its own', async () => {
    const { debouncer, runs } = recordingDebouncer();
    debouncer.touch('alice');
    await vi.advanceTimersByTimeAsync(60);
    debouncer.touch('alice');
    debouncer.touch('bob');
    await vi.advanceTimersByTimeAsync(99);
    expect(runs).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toEqual(['alice', 'bob']);
  });

  it('runs a key touched without pause after maxWaitMs from its first touch', async () => {
    const { debouncer, runs } = recordingDebouncer();
    for (let elapsed = 0; elapsed < 990; elapsed += 50) {
      debouncer.touch('alice');
      await vi.advanceTimersByTimeAsync(50);
    }
    expect(runs).toEqual(['alice']);
  });

  it('never runs a key twice at once: a touch during a run brings exactly one more run after it', async () => {
    const { debouncer, runs, releaseAll } = recordingDebouncer();
    debouncer.touch('alice');
    await vi.advanceTimersByTimeAsync(100);
    debouncer.touch('alice');
    debouncer.touch('alice');
    await vi.advanceTimersByTimeAsync(500);
    expect(runs).toEqual(['alice']);
    await releaseAll();
    await vi.advanceTimersByTimeAsync(100);
    expect(runs).toEqual(['alice', 'alice']);
    await releaseAll();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(runs).toEqual(['alice', 'alice']);
  });

  it('reports a failed job and runs the key again on its next touch', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const debouncer = new KeyedDebouncer<string>({
      waitMs: 10,
      maxWaitMs: 100,
      run: async () => {
        calls++;
        throw new Error('git failed');
      },
      onError: (key, error) => errors.push([key, (error as Error).message]),
    });
    debouncer.touch('alice');
    await vi.advanceTimersByTimeAsync(10);
    debouncer.touch('alice');
    await vi.advanceTimersByTimeAsync(10);
    expect(calls).toBe(2);
    expect(errors).toEqual([
      ['alice', 'git failed'],
      ['alice', 'git failed'],
    ]);
  });

  it('flush runs pending keys now and waits for them; shutdown drops pending keys and ignores later touches', async () => {
    const { debouncer, runs, releaseAll } = recordingDebouncer();
    debouncer.touch('alice');
    let flushed = false;
    const flush = debouncer.flush().then(() => (flushed = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toEqual(['alice']);
    expect(flushed).toBe(false);
    await releaseAll();
    await flush;

    debouncer.touch('bob');
    await debouncer.shutdown();
    await debouncer.shutdown();
    debouncer.touch('carol');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(runs).toEqual(['alice']);
  });
});
