import { MARKER_NAME } from './marker.js';

/** Settings of a `Redactor`; the shim and the collector each take one (see `defaultRedactionConfig()`). */
export interface RedactionConfig {
  /** Off: `redact` returns every text unchanged (data is stored as sent). */
  readonly enabled: boolean;
  /** Patterns redacted in addition to the built-in set (redaction/patterns.ts), e.g. an in-house token format. */
  readonly deny: readonly DenyPattern[];
  /** Regexes (JavaScript syntax) a found secret must match as a whole to be kept, e.g. `sk_test_[0-9a-zA-Z]{24}` for public test keys. */
  readonly allowPatterns: readonly string[];
  /** Exact secrets that are kept, e.g. a documented example key. */
  readonly allowLiterals: readonly string[];
  /** Names of built-in patterns to switch off (`jwt`, `high-entropy-token`, …), for data where they misfire. */
  readonly disabledPatterns: readonly string[];
  readonly entropy: EntropyConfig;
}

/** An extra pattern: every match (or its group named `secret`, when it has one) becomes `[REDACTED:<name>]`. */
export interface DenyPattern {
  /** Marker name: lowercase words joined by '-'. */
  readonly name: string;
  /** Regex source in JavaScript syntax. */
  readonly regex: string;
  /** Regex flags: any of `i`, `m`, `s` (`g` and `d` are added; `u`/`v` would let non-ASCII text match ASCII keywords, so they are refused). */
  readonly flags?: string;
  /**
   * Literal substrings (printable ASCII, 2+ characters) one of which occurs
   * in every match (case-insensitive when `flags` has `i`). They let ordinary text skip the pattern; without
   * them the pattern runs on every value, which the collector feels.
   */
  readonly keywords?: readonly string[];
}

/** The entropy rule: long random-looking tokens assigned to anything (`X=…`, `"x": "…"`, `x: …`), whatever the key's name. */
export interface EntropyConfig {
  readonly enabled: boolean;
  /** Shortest token considered, in characters. */
  readonly minLength: number;
  /**
   * How far (bits per character) a token's Shannon entropy may fall below
   * the average of uniformly random strings of the same length over the same
   * character classes and still count as random. 0.5 keeps ~99% of random
   * keys and drops identifiers such as `build_2024_11_25_release_candidate`.
   */
  readonly maxBitsBelowRandom: number;
}

export function defaultRedactionConfig(): RedactionConfig {
  return {
    enabled: true,
    deny: [],
    allowPatterns: [],
    allowLiterals: [],
    disabledPatterns: [],
    entropy: { enabled: true, minLength: 20, maxBitsBelowRandom: 0.5 },
  };
}

const ALLOWED_FLAGS = /^[ims]*$/;

/** Throws with a message naming the bad field; returns the config unchanged otherwise. */
export function validateRedactionConfig(config: RedactionConfig): RedactionConfig {
  config.deny.forEach((deny, i) => {
    const where = `redaction.deny[${i}]`;
    if (!MARKER_NAME.test(deny.name)) throw new Error(`${where}.name must be lowercase words joined by '-', got ${JSON.stringify(deny.name)}`);
    if (!ALLOWED_FLAGS.test(deny.flags ?? '')) throw new Error(`${where}.flags may only contain i, m and s, got ${JSON.stringify(deny.flags)}`);
    compileOrThrow(deny.regex, deny.flags ?? '', `${where}.regex`);
    for (const keyword of deny.keywords ?? []) {
      // The prefilter compares keywords byte-wise with UTF-8 text: ASCII is where bytes and characters agree.
      if (!/^[\x20-\x7e]{2,}$/.test(keyword)) throw new Error(`${where}.keywords: each keyword must be 2 or more printable ASCII characters, got ${JSON.stringify(keyword)}`);
    }
  });
  config.allowPatterns.forEach((pattern, i) => compileOrThrow(pattern, '', `redaction.allowPatterns[${i}]`));
  const { minLength, maxBitsBelowRandom } = config.entropy;
  if (!Number.isInteger(minLength) || minLength < 8) throw new Error(`redaction.entropy.minLength must be an integer of at least 8, got ${minLength}`);
  if (!(maxBitsBelowRandom >= 0)) throw new Error(`redaction.entropy.maxBitsBelowRandom must be 0 or more, got ${maxBitsBelowRandom}`);
  return config;
}

function compileOrThrow(source: string, flags: string, where: string): void {
  try {
    new RegExp(source, flags);
  } catch (error) {
    throw new Error(`${where} is not a valid regex: ${(error as Error).message}`);
  }
}
