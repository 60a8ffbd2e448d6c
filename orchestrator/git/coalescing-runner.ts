/**
 * Runs one async job at a time: `run()` during a run asks for exactly one
 * more run after it (however many callers asked meanwhile), so every caller
 * is answered by a run that started after its call. The merge tracker and
 * the collision engine's detection passes use it:
 * a pass reads the state when it starts, so a change during a pass needs
 * one more, not one per change.
 */
export interface CoalescingRunner {
  /** Rejects when the run that answers it fails. */
  run(): Promise<void>;
  /** Resolves when no run is in progress or owed. */
  idle(): Promise<void>;
}

export function createCoalescingRunner(job: () => Promise<void>): CoalescingRunner {
  let running: Promise<void> | undefined;
  let next: Promise<void> | undefined;

  function start(): Promise<void> {
    running = job().finally(() => (running = undefined));
    return running;
  }

  return {
    run() {
      if (running === undefined) return start();
      next ??= running.catch(() => undefined).then(() => {
        next = undefined;
        return start();
      });
      return next;
    },
    async idle() {
      while (running !== undefined || next !== undefined) await (next ?? running)?.catch(() => undefined);
    },
  };
}
