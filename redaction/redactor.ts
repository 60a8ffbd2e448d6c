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
