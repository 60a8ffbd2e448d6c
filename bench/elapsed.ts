/** Milliseconds `run` took, on the monotonic clock. */
export async function elapsedMs(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}
