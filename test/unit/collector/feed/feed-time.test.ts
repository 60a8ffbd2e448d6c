import { describe, expect, it } from 'vitest';
import { MAX_WORDS_HI, feedTimeMs, feedTimeMsOfWords } from '../../../../collector/feed/feed-time.js';

const words = (nanos: bigint): [number, number] => [Number(nanos >> 32n), Number(nanos & 0xffffffffn)];

describe('feed times from 32-bit words', () => {
  it('give exactly what the BigInt conversion gives, over the whole range it covers', () => {
    const samples: bigint[] = [0n, 999n, 1000n, 1001n, 0xffffffffn, 0x100000000n, 1_764_000_000_123_456_789n, (BigInt(MAX_WORDS_HI) << 32n) - 1n];
    // Every word boundary and microsecond boundary around a few hundred random times.
    let seed = 0x2545f491;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0), seed);
    for (let i = 0; i < 500; i++) {
      const nanos = (BigInt(random() % MAX_WORDS_HI) << 32n) | BigInt(random());
      samples.push(nanos, nanos - (nanos % 1000n), nanos | 0xffffffffn, nanos & ~0xffffffffn);
    }
    for (const nanos of samples) expect(feedTimeMsOfWords(...words(nanos)), String(nanos)).toBe(feedTimeMs(nanos));
  });
});
