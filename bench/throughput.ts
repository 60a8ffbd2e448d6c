const MEASURE_MS = 2000;
const WARMUP_MS = 500;
/** Rounds of an interleaved comparison, each `ROUND_MS` per side. */
const ROUNDS = 6;
const ROUND_MS = 700;

/** Items per second of `run` cycling over `inputs` (each worth `itemsPerInput`) for `ms` milliseconds. */
function measure<T>(inputs: readonly T[], itemsPerInput: number, run: (input: T) => unknown, ms: number): number {
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(ms) * 1_000_000n;
  let done = 0;
  let now = start;
  while (now < deadline) {
    run(inputs[done % inputs.length]!);
    done++;
    now = process.hrtime.bigint();
  }
  return (done * itemsPerInput) / (Number(now - start) / 1e9);
}

/** Items per second of `run` cycling over `inputs` (each worth `itemsPerInput`), measured after a warm-up. */
export function itemsPerSecond<T>(inputs: readonly T[], itemsPerInput: number, run: (input: T) => unknown): number {
  measure(inputs, itemsPerInput, run, WARMUP_MS);
  return measure(inputs, itemsPerInput, run, MEASURE_MS);
}

/**
 * Items per second of each of `runs`, measured in turn for several short
 * rounds, best round kept: on a shared machine a passing load then hits
 * both sides of a comparison alike instead of one of them.
 */
export function interleavedItemsPerSecond<T>(inputs: readonly T[], itemsPerInput: number, runs: ReadonlyArray<(input: T) => unknown>): number[] {
  for (const run of runs) measure(inputs, itemsPerInput, run, WARMUP_MS);
  const best = runs.map(() => 0);
  for (let round = 0; round < ROUNDS; round++) {
    runs.forEach((run, i) => {
      best[i] = Math.max(best[i]!, measure(inputs, itemsPerInput, run, ROUND_MS));
    });
  }
  return best;
}
