import { describe, expect, it } from 'vitest';
import { TARGET_BUCKETS, chooseBucketMs } from '../../../../orchestrator/queries/heatmap-query.js';

describe('chooseBucketMs', () => {
  it('picks the smallest round width giving at most TARGET_BUCKETS buckets', () => {
    expect(chooseBucketMs(60_000)).toBe(1000);
    expect(chooseBucketMs(3_600_000)).toBe(60_000);
    expect(chooseBucketMs(3_600_001)).toBe(5 * 60_000);
    expect(chooseBucketMs(86_400_000)).toBe(30 * 60_000);
    expect(chooseBucketMs(7 * 86_400_000)).toBe(3 * 3_600_000);
    for (const windowMs of [5_000, 123_456, 9_999_999, 30 * 86_400_000]) expect(windowMs / chooseBucketMs(windowMs)).toBeLessThanOrEqual(TARGET_BUCKETS);
  });

  it('caps at a week for very long windows', () => {
    expect(chooseBucketMs(10 * 365 * 86_400_000)).toBe(7 * 86_400_000);
  });
});
