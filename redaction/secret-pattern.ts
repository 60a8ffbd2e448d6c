/**
 * One entry of the documented pattern set (patterns.ts) and the regex
 * pieces several entries share.
 */
export interface SecretPattern {
  /** Marker name: the secret becomes `[REDACTED:<name>]`. */
  readonly name: string;
  /** What it finds, for the README table. */
  readonly description: string;
  /**
   * Matches a secret. With a group named `secret`, only that group is
   * replaced and the rest of the match (`password=`, `https://user:`) stays.
   * No `u`/`v` flag: keywords are checked byte-wise on ASCII.
   */
  readonly regex: RegExp;
  /**
   * Literal substrings, one of which occurs in every match (compared
   * case-insensitively when `regex` has the `i` flag). Text containing none
   * of them skips the pattern: that is the cheap prefilter.
   */
  readonly keywords: readonly string[];
  /** Fake secret in context that the pattern must redact: unit-tested and shown in the README. */
  readonly example: string;
  /** A second look at a match (its secret part): false keeps it, e.g. a placeholder such as `${DB_PASSWORD}`. */
  readonly accept?: (secret: string) => boolean;
}

/**
 * Not preceded by a word character or '-' — unless that character ends an
 * escape: in JSON text `\nghp_…` starts a line, its `n` is not part of a word.
 */
const WORD_START = String.raw`(?<!(?<!\\)[\w-])`;

/**
 * After a key: its closing quote (escaped once per level of JSON nesting:
 * `"`, `\"`, `\\\"` …), then `=`, `:`, `:=` or `=>` (JSON, YAML, .env,
 * shell, TOML, code).
 */
const SEPARATOR = String.raw`\\*["'\x60]?[ \t]*(?:=>|:=|=|:)[ \t]*`;

/**
 * An assigned value, the part that is replaced: quoted (up to the closing
 * quote or an escaping backslash, so JSON inside JSON keeps its escapes;
 * spaces allowed) or bare (up to whitespace or one of `"'\x60\,;&)]}`).
 */
const VALUE = String.raw`(?:\\*["'\x60])?(?<secret>(?<=["'\x60])[^"'\x60\\\r\n]+|(?<!["'\x60])[^\s"'\x60\\,;&)\]}]+)`;

/**
 * `<key> = <value>` in any of the usual syntaxes; `key` is a regex source
 * ending where the key name ends, `value` one with a group named `secret`.
 */
export function assignmentRegex(key: string, value = VALUE): RegExp {
  return new RegExp(`${key}(?![A-Za-z0-9_])${SEPARATOR}${value}`, 'i');
}

/** An assigned value of exactly the characters of `secret` (a regex source), quoted or not. */
export function assignedValue(secret: string): string {
  return String.raw`(?:\\*["'\x60])?(?<secret>${secret})`;
}

/** `<flag> <value>` on a command line, e.g. `--password hunter2`; `flag` is a regex source. */
export function flagRegex(flag: string): RegExp {
  return new RegExp(`${WORD_START}${flag}[ \\t]+(?!-)${VALUE}`, 'i');
}

/** `scheme://user:password@host` for the schemes of `scheme` (a regex source): only the password is replaced. */
export function urlPasswordRegex(scheme: string): RegExp {
  // The password may itself hold '@', ':', '#' or '?' (unencoded, as .env files have them): it runs to the last '@' before a '/'.
  return new RegExp(String.raw`(?<!(?<!\\)[A-Za-z0-9+.-])(?:${scheme})://[^\s:/?#@"'\x60\\]*:(?<secret>[^\s/"'\x60\\]+)@(?=[\w\[.-])`, 'i');
}

/** Values that name a secret instead of holding one: `${DB_PASSWORD}`, `<token>`, `{{ .Values.x }}`, `null`, `req.body.password`, `getenv(`. */
const PLACEHOLDER =
  /^(?:\$\{?[A-Za-z_][\w.]*\}?|\$\(.*|\{\{.*|<[^>]*>?|%[sd]|%\([\w.]+\)s|\*+|x{3,}|\.{3}|…|null|nil|none|true|false|undefined|empty|required|optional|string|changeme|[A-Za-z_$]+(?:\.[A-Za-z_$]+)+|[\w.$]+\()$/i;

/** For assignments: any value that is not a placeholder. */
export function notPlaceholder(secret: string): boolean {
  return !PLACEHOLDER.test(secret);
}

/** For tokens and keys: at least 8 characters and not a placeholder (`max_tokens: 4096` is not a token). */
export function tokenLike(secret: string): boolean {
  return secret.length >= 8 && notPlaceholder(secret);
}
