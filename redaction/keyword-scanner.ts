import { ASSIGNMENT_GAP_CHARS, ASSIGNMENT_GAP_MAX, NON_HEX_TOKEN_CHARS, TOKEN_CHARS } from './entropy.js';

/** What makes a rule a candidate for a text. */
export type Trigger =
  /** One of these literals occurs (case-insensitively when `ignoreCase`). */
  | { readonly kind: 'keywords'; readonly keywords: readonly string[]; readonly ignoreCase: boolean }
  /** `=` or `:`, a short gap, then a token of `minLength`+ characters with a non-hex one (the entropy rule). */
  | { readonly kind: 'assignment'; readonly minLength: number }
  /** Always (a configured pattern without keywords). */
  | { readonly kind: 'always' };

interface Keyword {
  /** Bytes to compare; lowercase when `ignoreCase`. */
  readonly bytes: Uint8Array;
  readonly ignoreCase: boolean;
  readonly rule: number;
  /** Where in the keyword the pair it is filed under starts. */
  readonly anchor: number;
}

const TOKEN = 1;
const NON_HEX_TOKEN = 2;
/** Flags of a byte pair in `KeywordScanner.pairs`: a keyword may start near it; its second byte may start an assignment. */
const KEYWORD_PAIR = 1;
const ASSIGNMENT_PAIR = 2;
const EQUALS = 0x3d;
const COLON = 0x3a;

const byteTable = (chars: string, value = 1) => {
  const table = new Uint8Array(256);
  for (const c of chars) table[c.charCodeAt(0)] = value;
  return table;
};
const TOKEN_CLASS = byteTable(TOKEN_CHARS, TOKEN);
for (const c of NON_HEX_TOKEN_CHARS) TOKEN_CLASS[c.charCodeAt(0)] = NON_HEX_TOKEN;
const GAP = byteTable(ASSIGNMENT_GAP_CHARS);
/** ASCII lowercase of every byte (others unchanged). */
const FOLD = Uint8Array.from({ length: 256 }, (_, b) => (b >= 0x41 && b <= 0x5a ? b + 0x20 : b));
/** Letters from most to least frequent in English and code: a keyword is filed under its rarest pair, so ordinary text hits few. */
const LETTERS_BY_FREQUENCY = 'etaoinsrhldcumfpgwybvkxjqz';

function commonness(byte: number): number {
  const letter = LETTERS_BY_FREQUENCY.indexOf(String.fromCharCode(FOLD[byte]!));
  if (letter >= 0) return LETTERS_BY_FREQUENCY.length - letter;
  if (byte >= 0x30 && byte <= 0x39) return 8;
  return byte === 0x20 ? 30 : 5;
}

/** Offset of the keyword's rarest pair of adjacent bytes. */
function rarestPair(bytes: Uint8Array): number {
  let best = 0;
  for (let i = 1; i + 1 < bytes.length; i++) {
    if (commonness(bytes[i]!) + commonness(bytes[i + 1]!) < commonness(bytes[best]!) + commonness(bytes[best + 1]!)) best = i;
  }
  return best;
}

/**
 * The prefilter: one pass over a text's bytes that tells which rules could
 * match it, so ordinary text never reaches a regex. A 64 K table indexed by
 * each pair of adjacent bytes flags where a keyword may be (its rarest pair,
 * every case variant; measured faster than an 8 KiB bit set); only flagged
 * pairs are compared further, and pairs ending in `=`/`:` (flagged in the
 * same table, so each byte costs one lookup) are checked for the entropy
 * rule's long token. Conservative by construction: a rule's regex
 * can only match where one of its keywords occurs (compared byte-wise on
 * ASCII, which UTF-8 and the regexes agree on).
 */
export class KeywordScanner {
  /** KEYWORD_PAIR where some keyword is filed under the two bytes `pair >> 8`, `pair & 0xff`; ASSIGNMENT_PAIR where the second is `=` or `:` (with an entropy rule). */
  private readonly pairs = new Uint8Array(65536);
  private readonly keywordsByPair: Array<Keyword[] | undefined> = new Array<Keyword[] | undefined>(65536);
  private readonly alwaysRules: number[] = [];
  private assignmentRule = -1;
  private minTokenLength = 0;

  /** `triggers[i]` is rule i's. */
  constructor(triggers: readonly Trigger[]) {
    triggers.forEach((trigger, rule) => {
      if (trigger.kind === 'always') this.alwaysRules.push(rule);
      else if (trigger.kind === 'assignment') this.addAssignment(rule, trigger.minLength);
      else for (const keyword of trigger.keywords) this.addKeyword(keyword, trigger.ignoreCase, rule);
    });
  }

  /**
   * True when `bytes[start, end)` may hold a secret; false means no rule can
   * match (the common case). The collector calls this for every string
   * value, so it is its own tight loop rather than `candidates` with a flag.
   */
  mayMatch(bytes: Uint8Array, start: number, end: number): boolean {
    if (this.alwaysRules.length > 0) return true;
    const pairs = this.pairs;
    // Starts as if a NUL preceded the text: no keyword holds one.
    let pair = 0;
    for (let i = start; i < end; i++) {
      pair = ((pair << 8) | bytes[i]!) & 0xffff;
      const flags = pairs[pair]!;
      if (flags === 0) continue;
      if ((flags & KEYWORD_PAIR) !== 0 && this.keywordAt(pair, bytes, i - 1, start, end, undefined)) return true;
      if ((flags & ASSIGNMENT_PAIR) !== 0 && tokenAt(bytes, i + 1, end, this.minTokenLength)) return true;
    }
    return false;
  }

  /** Sets `found[rule]` to 1 for every rule that may match `bytes[start, end)`; returns whether any may. */
  candidates(bytes: Uint8Array, start: number, end: number, found: Uint8Array): boolean {
    for (const rule of this.alwaysRules) found[rule] = 1;
    let any = this.alwaysRules.length > 0;
    const pairs = this.pairs;
    let pair = 0;
    for (let i = start; i < end; i++) {
      pair = ((pair << 8) | bytes[i]!) & 0xffff;
      const flags = pairs[pair]!;
      if (flags === 0) continue;
      if ((flags & KEYWORD_PAIR) !== 0 && this.keywordAt(pair, bytes, i - 1, start, end, found)) any = true;
      if ((flags & ASSIGNMENT_PAIR) !== 0 && found[this.assignmentRule] === 0 && tokenAt(bytes, i + 1, end, this.minTokenLength)) {
        found[this.assignmentRule] = 1;
        any = true;
      }
    }
    return any;
  }

  /** Whether a keyword lies in `bytes[start, end)` with its filed pair at `at`; marks its rule in `found`. */
  private keywordAt(pair: number, bytes: Uint8Array, at: number, start: number, end: number, found: Uint8Array | undefined): boolean {
    let hit = false;
    for (const keyword of this.keywordsByPair[pair]!) {
      if (found !== undefined && found[keyword.rule] === 1) continue;
      const k = keyword.bytes;
      const from = at - keyword.anchor;
      if (from < start || from + k.length > end) continue;
      let j = 0;
      if (keyword.ignoreCase) while (j < k.length && FOLD[bytes[from + j]!] === k[j]) j++;
      else while (j < k.length && bytes[from + j] === k[j]) j++;
      if (j < k.length) continue;
      if (found === undefined) return true;
      found[keyword.rule] = 1;
      hit = true;
    }
    return hit;
  }

  private addKeyword(text: string, ignoreCase: boolean, rule: number): void {
    if (!/^[\x20-\x7e]{2,}$/.test(text)) throw new Error(`redaction: keyword ${JSON.stringify(text)} is not 2 or more printable ASCII characters`);
    const raw = Buffer.from(text, 'latin1');
    const bytes = ignoreCase ? raw.map((b) => FOLD[b]!) : raw;
    const anchor = rarestPair(bytes);
    const keyword: Keyword = { bytes, ignoreCase, rule, anchor };
    const variants = (b: number) => (ignoreCase && b >= 0x61 && b <= 0x7a ? [b, b - 0x20] : [b]);
    for (const first of variants(bytes[anchor]!)) {
      for (const second of variants(bytes[anchor + 1]!)) {
        const pair = (first << 8) | second;
        this.flag(pair, KEYWORD_PAIR);
        (this.keywordsByPair[pair] ??= []).push(keyword);
      }
    }
  }

  private addAssignment(rule: number, minLength: number): void {
    this.assignmentRule = rule;
    this.minTokenLength = minLength;
    if (minLength <= 0) return;
    for (let first = 0; first < 256; first++) {
      this.flag((first << 8) | EQUALS, ASSIGNMENT_PAIR);
      this.flag((first << 8) | COLON, ASSIGNMENT_PAIR);
    }
  }

  private flag(pair: number, flag: number): void {
    this.pairs[pair] = this.pairs[pair]! | flag;
  }
}

/** Whether the gap and token the entropy rule looks for start at `at` (just after `=` or `:`). */
function tokenAt(bytes: Uint8Array, at: number, end: number, minLength: number): boolean {
  let p = at;
  const gapEnd = Math.min(end, at + ASSIGNMENT_GAP_MAX);
  while (p < gapEnd && GAP[bytes[p]!] === 1) p++;
  let length = 0;
  let nonHex = false;
  for (; p < end; p++) {
    const c = TOKEN_CLASS[bytes[p]!]!;
    if (c === 0) break;
    if (c === NON_HEX_TOKEN) nonHex = true;
    // Stop as soon as the answer is known: long runs of '=' (Markdown rules) stay linear.
    if (++length >= minLength && nonHex) return true;
  }
  return false;
}
