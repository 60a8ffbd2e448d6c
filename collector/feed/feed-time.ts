/**
 * Feed times are epoch milliseconds with microsecond fractions, from the
 * stored nanoseconds. One conversion for the live reader and for the
 * rebuild from storage, so both give the very same numbers (a double
 * cannot hold epoch nanoseconds exactly, but holds epoch microseconds).
 */
export function feedTimeMs(nanos: bigint): number {
  return Number(nanos / 1000n) / 1000;
}

/** Upper bound (exclusive) of `hi` for `feedTimeMsOfWords`: 2^53 µs = 2^21 · 1000 · 2^32 ns. */
export const MAX_WORDS_HI = 2 ** 21 * 1000;

/** 2^32 = 4294967 · 1000 + 296. */
const WORD_THOUSANDS = 4294967;
const WORD_REMAINDER = 296;

/**
 * `feedTimeMs` of the 64-bit nanoseconds `hi · 2^32 + lo` (two unsigned
 * 32-bit words), the same number without a BigInt: the live reader does
 * this twice per span. The microseconds are split so every step is an
 * exact double: hi·2^32 + lo = hi·4294967·1000 + (hi·296 + lo).
 * Only for 0 ≤ hi < MAX_WORDS_HI (1970 to 2255: the microseconds below
 * 2^53); other times take `feedTimeMs`.
 */
export function feedTimeMsOfWords(hi: number, lo: number): number {
  return (hi * WORD_THOUSANDS + Math.floor((hi * WORD_REMAINDER + lo) / 1000)) / 1000;
}
