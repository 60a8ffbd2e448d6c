/**
 * Feed times are epoch milliseconds with microsecond fractions, from the
 * stored nanoseconds. One conversion for the live reader and for the
 * rebuild from storage, so both give the very same numbers (a double
 * cannot hold epoch nanoseconds exactly, but holds epoch microseconds).
 */
export function feedTimeMs(nanos: bigint): number {
  return Number(nanos / 1000n) / 1000;
}
