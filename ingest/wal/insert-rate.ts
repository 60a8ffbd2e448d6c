/**
 * Bytes inserted per second over the last `windowMs`, to tell a client held
 * back by a full log when to come back (Retry-After).
 */
export class InsertRate {
  private readonly samples: { readonly atMs: number; readonly bytes: number }[] = [];

  constructor(private readonly windowMs = 30_000) {}

  record(bytes: number, now = Date.now()): void {
    this.samples.push({ atMs: now, bytes });
    this.forgetBefore(now - this.windowMs);
  }

  /** Undefined until an insert finished inside the window. */
  bytesPerSecond(now = Date.now()): number | undefined {
    this.forgetBefore(now - this.windowMs);
    const oldest = this.samples[0];
    if (oldest === undefined) return undefined;
    const bytes = this.samples.reduce((sum, s) => sum + s.bytes, 0);
    // At least one second of span, so a single fast insert does not promise an absurd rate.
    return bytes / Math.max(1, (now - oldest.atMs) / 1000);
  }

  private forgetBefore(horizonMs: number): void {
    while (this.samples.length > 0 && this.samples[0]!.atMs < horizonMs) this.samples.shift();
  }
}
