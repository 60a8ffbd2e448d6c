import { createHash } from 'node:crypto';
import type { Signal } from '../schema/otel-tables.js';
import { DIGEST_BYTES } from './index-record.js';

/**
 * The fixed-size key the log stores for a request digest: whatever form the
 * receiver's digest takes, the index record holds DIGEST_BYTES of its
 * SHA-256 (with the signal, so a traces and a logs request never collide).
 */
export function requestDigestKey(signal: Signal, requestDigest: string): string {
  // toString of a range, not slice(): a sliced string would keep the whole 64-character hex alive in the index.
  return createHash('sha256').update(signal).update('\0').update(requestDigest).digest().toString('hex', 0, DIGEST_BYTES);
}

/**
 * Remembers the digests of requests made durable in the last `windowMs`
 * (at most `maxEntries`, oldest forgotten first), so a client that retries
 * a request it got no answer for is told `duplicate` instead of storing its
 * rows twice — also while the first attempt is still being written.
 */
export class DedupIndex {
  /** Digest → expiry time. Insertion order is time order, so the oldest entry is first. */
  private readonly expiries = new Map<string, number>();
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(
    private readonly windowMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a digest made durable at `acceptedAtMs` (recovery passes the times from the log). */
  remember(digest: string, acceptedAtMs: number): void {
    this.expiries.delete(digest);
    this.expiries.set(digest, acceptedAtMs + this.windowMs);
    this.prune();
  }

  /**
   * Runs `store` for a digest seen neither recently nor in flight and
   * remembers it once `store` resolves. A duplicate of a request in flight
   * waits for it: if the first attempt fails, the duplicate tries itself.
   */
  async storeOnce(digest: string, store: () => Promise<void>): Promise<'stored' | 'duplicate'> {
    for (;;) {
      if (this.isDurable(digest)) return 'duplicate';
      const running = this.inFlight.get(digest);
      if (running === undefined) break;
      await running.catch(() => undefined);
    }
    const attempt = store().then(() => this.remember(digest, this.now()));
    this.inFlight.set(digest, attempt);
    try {
      await attempt;
    } finally {
      this.inFlight.delete(digest);
    }
    return 'stored';
  }

  private isDurable(digest: string): boolean {
    const expiry = this.expiries.get(digest);
    return expiry !== undefined && expiry > this.now();
  }

  private prune(): void {
    const now = this.now();
    for (const [digest, expiry] of this.expiries) {
      if (expiry > now && this.expiries.size <= this.maxEntries) break;
      this.expiries.delete(digest);
    }
  }
}
