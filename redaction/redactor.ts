/**
 * Removes secrets from text before it is stored or leaves the machine:
 * API keys, tokens, passwords, private keys, connection strings (a
 * documented pattern set) and high-entropy tokens, each replaced by a marker
 * such as `[REDACTED:aws-access-key]`. The same filter runs in the shim
 * (before anything is exported) and in the collector (for other senders).
 */
export interface Redactor {
  /** `text` with every secret replaced by its marker; returns `text` itself when nothing matched. */
  redact(text: string): string;
  /** True when `redact(text)` would change it (cheaper: stops at the first hit). */
  containsSecret(text: string): boolean;
}

/** A `Redactor` that can also clear UTF-8 bytes without decoding them: what the collector's decoder uses. */
export interface ByteRedactor extends Redactor {
  /**
   * The prefilter alone, over UTF-8 bytes `bytes[start, end)`: false means
   * `redact` would leave that text unchanged, so a caller holding bytes (the
   * collector's decoder) can copy them without decoding; true means "decode
   * and call `redact`" (most such texts still hold no secret).
   */
  mayContainSecret(bytes: Uint8Array, start: number, end: number): boolean;
}
