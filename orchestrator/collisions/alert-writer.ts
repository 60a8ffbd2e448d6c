import type { Alert } from './alert.js';
import type { AlertStore } from './alert-store.js';

export interface AlertWriterOptions {
  readonly store: AlertStore;
  /** A failed save; its alerts stay queued and go with the next save. */
  readonly onError: (error: unknown) => void;
}

/**
 * Stores alert changes without holding up the detectors: `write` queues the
 * alert's newest version, one save at a time carries everything queued
 * meanwhile (an alert changed twice in between is stored once, at its newest
 * version). Wire it as `book.onChange(({ alert }) => writer.write(alert))`.
 */
export interface AlertWriter {
  write(alert: Alert): void;
  /** Resolves once everything written so far is stored; rejects when a save fails (the alerts stay queued). */
  flush(): Promise<void>;
  /** Flushes and stops taking writes (later ones go to `onError`). Idempotent. */
  shutdown(): Promise<void>;
}

export function createAlertWriter(options: AlertWriterOptions): AlertWriter {
  let queued = new Map<string, Alert>();
  let saving: Promise<void> | undefined;
  let shuttingDown: Promise<void> | undefined;

  /** Keeps the newest version of each alert: a failed batch must not overwrite what was queued since. */
  function queue(alert: Alert): void {
    const held = queued.get(alert.id);
    if (held === undefined || held.version < alert.version) queued.set(alert.id, alert);
  }

  function drain(): Promise<void> {
    saving ??= (async () => {
      try {
        while (queued.size > 0) {
          const batch = [...queued.values()];
          queued = new Map();
          try {
            await options.store.save(batch);
          } catch (error) {
            batch.forEach(queue);
            throw error;
          }
        }
      } finally {
        saving = undefined;
      }
    })();
    return saving;
  }

  return {
    write(alert) {
      if (shuttingDown !== undefined) {
        options.onError(new Error(`alert ${alert.id} version ${alert.version} not stored: the alert writer is shut down`));
        return;
      }
      queue(alert);
      // A save under way takes this alert too; its failure is reported once, by whoever started it.
      if (saving === undefined) drain().catch(options.onError);
    },
    flush: drain,
    shutdown() {
      shuttingDown ??= drain();
      return shuttingDown;
    },
  };
}
