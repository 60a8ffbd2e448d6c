import { describe, expect, it } from 'vitest';

import type { Alert } from '../../../../orchestrator/collisions/alert.js';
import { createAlertBook } from '../../../../orchestrator/collisions/alert-book.js';
import type { AlertStore } from '../../../../orchestrator/collisions/alert-store.js';
import { createAlertWriter } from '../../../../orchestrator/collisions/alert-writer.js';
import { detectOverlaps } from '../../../../orchestrator/collisions/overlap.js';
import { session, T0 } from '../../../helpers/fleet-sessions.js';

/** A store that records each save as `id@version` lists; `hold` keeps saves pending, `failures` makes the next ones throw. */
function recordingStore() {
  const saves: string[][] = [];
  let release = () => {};
  let held: Promise<void> | undefined;
  const state = { failures: 0 };
  const store: AlertStore = {
    load: async () => [],
    async save(alerts) {
      await held;
      if (state.failures > 0) {
        state.failures -= 1;
        throw new Error('storage down');
      }
      saves.push(alerts.map((alert) => `${alert.files[0]}@${alert.version}`));
    },
  };
  return {
    store,
    saves,
    state,
    hold() {
      held = new Promise((resolve) => (release = resolve));
    },
    release: () => release(),
  };
}

/** Two alerts from a book, and a way to change the first. */
function alerts() {
  const book = createAlertBook();
  const sessions = [session('alice', { files: ['a.ts', 'b.ts'] }), session('bob', { files: ['a.ts', 'b.ts'] })];
  const [a, b] = detectOverlaps(sessions).map((candidate) => book.upsert(candidate, T0));
  const changeA = (): Alert => book.acknowledge(a!.id, 'human')!;
  return { a: a!, b: b!, changeA };
}

describe('AlertWriter', () => {
  it('saves what was written, and what arrives during a save in the next one, newest version only', async () => {
    const recorded = recordingStore();
    const writer = createAlertWriter({ store: recorded.store, onError: (error) => expect.fail(String(error)) });
    const { a, b, changeA } = alerts();
    recorded.hold();

    writer.write(a);
    writer.write(b);
    writer.write(changeA());
    writer.write(a);
    recorded.release();
    await writer.flush();

    expect(recorded.saves).toEqual([['a.ts@1'], ['b.ts@1', 'a.ts@2']]);
  });

  it('keeps alerts of a failed save queued, reports the failure once, and stores them with the next save', async () => {
    const recorded = recordingStore();
    const errors: unknown[] = [];
    const writer = createAlertWriter({ store: recorded.store, onError: (error) => errors.push(error) });
    const { a, b } = alerts();
    recorded.state.failures = 1;

    writer.write(a);
    await expect(writer.flush()).rejects.toThrow('storage down');
    writer.write(b);
    await writer.flush();

    expect(errors.map(String)).toEqual(['Error: storage down']);
    expect(recorded.saves).toEqual([['a.ts@1', 'b.ts@1']]);
  });

  it('does not let a failed batch overwrite a newer version queued meanwhile', async () => {
    const recorded = recordingStore();
    const writer = createAlertWriter({ store: recorded.store, onError: () => {} });
    const { a, changeA } = alerts();
    recorded.state.failures = 1;
    recorded.hold();

    writer.write(a);
    writer.write(changeA());
    recorded.release();
    await writer.flush().catch(() => {});
    await writer.flush();

    expect(recorded.saves).toEqual([['a.ts@2']]);
  });

  it('stores everything on shutdown, then reports later writes as errors', async () => {
    const recorded = recordingStore();
    const errors: string[] = [];
    const writer = createAlertWriter({ store: recorded.store, onError: (error) => errors.push(String(error)) });
    const { a, b } = alerts();
    recorded.hold();
    writer.write(a);

    const done = writer.shutdown();
    writer.write(b);
    recorded.release();
    await done;
    await writer.shutdown();

    expect(recorded.saves).toEqual([['a.ts@1']]);
    expect(errors).toEqual([`Error: alert ${b.id} version 1 not stored: the alert writer is shut down`]);
  });
});
