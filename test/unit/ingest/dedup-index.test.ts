import { describe, expect, it } from 'vitest';
import { DedupIndex, requestDigestKey } from '../../../ingest/wal/dedup-index.js';

describe('the dedup index', () => {
  it('answers duplicate for a digest stored inside the window and forgets it after', async () => {
    let now = 1_000;
    const dedup = new DedupIndex(10_000, 100, () => now);
    expect(await dedup.storeOnce('a', async () => undefined)).toBe('stored');
    now += 9_999;
    expect(await dedup.storeOnce('a', async () => undefined)).toBe('duplicate');
    now += 2;
    expect(await dedup.storeOnce('a', async () => undefined)).toBe('stored');
  });

  it('forgets the oldest digests beyond its entry limit', async () => {
    const dedup = new DedupIndex(60_000, 2, () => 0);
    for (const d of ['a', 'b', 'c']) await dedup.storeOnce(d, async () => undefined);
    expect(await dedup.storeOnce('a', async () => undefined)).toBe('stored');
    expect(await dedup.storeOnce('c', async () => undefined)).toBe('duplicate');
  });

  it('makes a concurrent retry wait for the first attempt and answers duplicate', async () => {
    const dedup = new DedupIndex(60_000, 100);
    let release!: () => void;
    let stores = 0;
    const slowStore = () => {
      stores += 1;
      return new Promise<void>((resolve) => (release = resolve));
    };
    const first = dedup.storeOnce('x', slowStore);
    const retry = dedup.storeOnce('x', slowStore);
    await new Promise((r) => setImmediate(r));
    release();
    expect(await first).toBe('stored');
    expect(await retry).toBe('duplicate');
    expect(stores).toBe(1);
  });

  it('lets a concurrent retry store the rows itself when the first attempt fails', async () => {
    const dedup = new DedupIndex(60_000, 100);
    const first = dedup.storeOnce('x', async () => {
      throw new Error('disk full');
    });
    const retry = dedup.storeOnce('x', async () => undefined);
    await expect(first).rejects.toThrow('disk full');
    expect(await retry).toBe('stored');
  });

  it('loads digests with their original times, so old ones are already expired', async () => {
    const dedup = new DedupIndex(10_000, 100, () => 50_000);
    dedup.remember('old', 30_000);
    dedup.remember('recent', 45_000);
    expect(await dedup.storeOnce('old', async () => undefined)).toBe('stored');
    expect(await dedup.storeOnce('recent', async () => undefined)).toBe('duplicate');
  });

  it('keys digests by signal, in a fixed size', () => {
    expect(requestDigestKey('traces', 'd')).toMatch(/^[0-9a-f]{32}$/);
    expect(requestDigestKey('traces', 'd')).not.toBe(requestDigestKey('logs', 'd'));
  });
});
