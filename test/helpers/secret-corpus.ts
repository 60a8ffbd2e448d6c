import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The secret corpus (test/fixtures/secrets/): realistic but fake secrets in
 * the places agents meet them — .env, YAML, JSON, shell commands, URLs,
 * HTTP headers, code, whole key files — and look-alikes that are not
 * secrets. Any component that redacts (the shim, the collector) can run it.
 */

export interface SecretSample {
  /** What the sample is, e.g. `GitHub classic token in a .env file`. */
  readonly shape: string;
  /** Marker name expected in the redacted text (`[REDACTED:<pattern>]`). */
  readonly pattern: string;
  /** Where such text comes from: `env`, `yaml`, `json`, `shell`, `code`, `http`, `url`, `file`, `log`, `tool output`. */
  readonly context: string;
  /** The whole text (file samples: the file's content). */
  readonly text: string;
  /** Distinctive parts of the secrets in `text`: none may survive redaction. No whitespace, quotes or backslashes, so they can be searched in stored JSON too. */
  readonly secrets: readonly string[];
}

export interface NonSecretSample {
  readonly shape: string;
  readonly context: string;
  /** Must come out of redaction unchanged. */
  readonly text: string;
}

const DIR = fileURLToPath(new URL('../fixtures/secrets/', import.meta.url));

interface StoredSecretSample extends Omit<SecretSample, 'text'> {
  readonly text?: string;
  /** Path under test/fixtures/secrets/ of a file whose content is the text. */
  readonly file?: string;
}

export function secretSamples(): SecretSample[] {
  const stored = JSON.parse(readFileSync(`${DIR}secrets.json`, 'utf8')) as StoredSecretSample[];
  return stored.map(({ file, text, ...rest }) => ({ ...rest, text: file === undefined ? text! : readFileSync(`${DIR}${file}`, 'utf8') }));
}

export function nonSecretSamples(): NonSecretSample[] {
  return JSON.parse(readFileSync(`${DIR}non-secrets.json`, 'utf8')) as NonSecretSample[];
}

/**
 * `shape: fragment` for every secret fragment of `samples` that occurs in
 * `stored` (e.g. stored rows as JSON: fragments hold no character JSON
 * escapes, so they are found inside JSON strings too).
 */
export function leakedSecrets(stored: string, samples: readonly SecretSample[]): string[] {
  return samples.flatMap((s) => s.secrets.filter((fragment) => stored.includes(fragment)).map((fragment) => `${s.shape}: ${fragment}`));
}

/** The marker `[REDACTED:<pattern>]` a redacted sample leaves. */
export function markerOf(sample: SecretSample): string {
  return `[REDACTED:${sample.pattern}]`;
}
