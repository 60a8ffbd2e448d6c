/**
 * Answers a hook before its work is done. Resolves once the answer has had
 * an event-loop turn to be written to Claude Code, so what follows no longer
 * holds up the tool call.
 */
export type HookReply = (answer: unknown) => Promise<void>;

export interface HookQueue {
  /**
   * Runs `work` after all earlier work has finished. Resolves with the first
   * answer `work` replies with, else with what it returns (`{}` when it
   * throws: hooks fail open).
   */
  run(work: (reply: HookReply) => Promise<unknown>): Promise<unknown>;
  /** Resolves when the work queued so far is done. */
  idle(): Promise<void>;
}

/**
 * Claude Code waits for each hook's answer, and a tool call's spans need
 * CPU (redaction, diffs, attributes) that the answer does not depend on.
 * Hook work therefore runs one payload at a time in arrival order — a
 * call's end is recorded before the next call starts, Stop after both —
 * while each answer is sent as soon as it is known.
 */
export function createHookQueue(onError: (error: unknown) => void): HookQueue {
  let tail: Promise<void> = Promise.resolve();
  return {
    run(work) {
      return new Promise((resolve) => {
        let answered = false;
        const answer = (value: unknown) => {
          if (answered) return;
          answered = true;
          resolve(value);
        };
        const reply: HookReply = (value) => {
          answer(value);
          // setImmediate runs after the microtasks that write the response.
          return new Promise((turn) => setImmediate(turn));
        };
        tail = tail
          .then(() => work(reply))
          .then(answer, (error: unknown) => {
            onError(error);
            answer({});
          });
      });
    },
    idle: () => tail,
  };
}
