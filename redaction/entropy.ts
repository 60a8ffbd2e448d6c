/**
 * The entropy rule: a long, random-looking token assigned to any key
 * (`X=…`, `"x": "…"`, `x: …`) is a secret even when no pattern knows its
 * shape. What it leaves alone, on purpose: hex (git SHAs, `sha256:`
 * digests, trace and span ids, UUIDs — indistinguishable from hex keys,
 * which are caught by their key names instead), paths, identifiers, ids
 * under `…_id` keys and with public prefixes (`toolu_…`), hash labels
 * (`sha512-…`, `h1:…`) and base64 of plain text. Requiring a digit costs
 * ~3% of random 20-character keys (those without one) and keeps camelCase
 * identifiers such as `XMLHttpRequestEventTarget` out.
 */
import type { EntropyConfig } from './config.js';

/** Token characters: base64 and base64url (hex is a subset). */
export const TOKEN_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=_-';
/** Token characters that hex and UUIDs lack: a token without one is never a candidate. */
export const NON_HEX_TOKEN_CHARS = 'ghijklmnopqrstuvwxyzGHIJKLMNOPQRSTUVWXYZ+/=_';
/** What may stand between `=`/`:` and the token: spaces, quotes, the backslashes of escaped quotes (JSON in JSON in JSON). */
export const ASSIGNMENT_GAP_CHARS = ' \t"\'`\\';
export const ASSIGNMENT_GAP_MAX = 8;

/** `=` or `:`, a short gap, then a token of at least `minLength` characters (the group `secret`). */
export function entropyRegex(minLength: number): RegExp {
  return new RegExp(`[=:][ \\t"'\`\\\\]{0,${ASSIGNMENT_GAP_MAX}}(?<secret>[A-Za-z0-9+/=_-]{${minLength},})`);
}

/** Shannon entropy of `text` in bits per character. */
export function shannonBitsPerChar(text: string): number {
  const counts = new Map<string, number>();
  for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * Average entropy of random strings of `length` over the character classes
 * `token` uses (upper, lower, digits, symbols): about log2 of the expected
 * number of distinct characters.
 */
function randomBitsPerChar(token: string): number {
  const alphabet = (/[a-z]/.test(token) ? 26 : 0) + (/[A-Z]/.test(token) ? 26 : 0) + (/[0-9]/.test(token) ? 10 : 0) + (/[+/=_-]/.test(token) ? 4 : 0);
  return Math.log2(alphabet * (1 - (1 - 1 / alphabet) ** token.length));
}

const HEX_OR_UUID = /^[0-9a-fA-F-]+$/;
/** Public ids and labelled hashes: tool-call and message ids of model APIs, subresource-integrity digests. */
const PUBLIC_PREFIX = /^(?:sha(?:1|256|384|512)-|toolu_|srvtoolu_|msg_|req_|resp_|chatcmpl-|call_|run_|thread_|asst_|batch_|file-)/;
/** Keys whose values are ids, hashes or locations, in snake/kebab/dot case … */
const PUBLIC_KEY = /(?:^|[_.-])(?:id|ids|uuid|sha\d*|md5|h1|hash|digest|checksum|integrity|etag|commit|rev|revision|nonce|path|file|dir|url|uri|href|src)$/i;
/** … and in camelCase (`traceId`, `fileHash`). */
const PUBLIC_CAMEL_KEY = /[a-z0-9](?:Id|Ids|Uuid|Sha\d*|Hash|Digest|Checksum|Etag|Commit|Nonce|Path|File|Dir|Url|Uri)$/;
/** The key before the separator that precedes a token. */
const KEY_BEFORE = /([A-Za-z0-9_.-]*)["'`\\]*[ \t]*[=:][ \t"'`\\]*$/;
/** A path segment that reads as a word: lowercase, digits, `_.-`, capitals only at word starts (`MyApp`, `v2`). */
const WORD_SEGMENT = /^[A-Za-z0-9]?[a-z0-9_.-]*(?:[A-Z][a-z0-9_.-]+)*$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** A path: absolute, home- or dot-relative, or 3+ segments — every segment reading as a word (random base64 has '/' too). */
function isPath(token: string): boolean {
  const segments = token.split('/').filter((s) => s !== '');
  if (segments.length < 2 || !segments.every((s) => WORD_SEGMENT.test(s))) return false;
  return /^[/~.]/.test(token) || segments.length >= 3;
}

/** Base64 whose bytes are printable ASCII: encoded text (`SGVsbG8gd29ybGQ=`), not a key. */
function isEncodedText(token: string): boolean {
  if (!BASE64.test(token)) return false;
  const bytes = Buffer.from(token, token.includes('-') || token.includes('_') ? 'base64url' : 'base64');
  return bytes.length >= 8 && bytes.every((b) => (b >= 0x20 && b < 0x7f) || b === 0x09 || b === 0x0a || b === 0x0d);
}

/** Whether `token`, assigned to `key`, is random enough to be a secret. */
export function looksLikeSecret(token: string, key: string, config: EntropyConfig): boolean {
  if (token.length < config.minLength || HEX_OR_UUID.test(token)) return false;
  // Identifiers and words: a random key of 20+ characters almost always mixes letters and digits.
  if (!/[0-9]/.test(token) || !/[A-Za-z]/.test(token)) return false;
  if (PUBLIC_PREFIX.test(token) || PUBLIC_KEY.test(key) || PUBLIC_CAMEL_KEY.test(key)) return false;
  if (isPath(token) || isEncodedText(token)) return false;
  return shannonBitsPerChar(token) >= randomBitsPerChar(token) - config.maxBitsBelowRandom;
}

/** The accept check of the entropy rule: looks back from the token at `start` of `text` for its key. */
export function acceptRandomToken(config: EntropyConfig): (token: string, text: string, start: number) => boolean {
  return (token, text, start) => {
    const key = KEY_BEFORE.exec(text.slice(Math.max(0, start - 64), start))?.[1] ?? '';
    return looksLikeSecret(token, key, config);
  };
}
