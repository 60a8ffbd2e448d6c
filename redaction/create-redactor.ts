import { defaultRedactionConfig, validateRedactionConfig, type RedactionConfig } from './config.js';
import { KeywordScanner } from './keyword-scanner.js';
import { MARKER_PREFIX } from './marker.js';
import type { ByteRedactor } from './redactor.js';
import { buildRules, type Rule } from './rule-set.js';

/** The redactor of a disabled configuration. */
const PASS_THROUGH: ByteRedactor = {
  redact: (text) => text,
  containsSecret: () => false,
  mayContainSecret: () => false,
};

/**
 * A `Redactor` for `config` (default: every built-in pattern plus the
 * entropy rule). Per text: one prefilter pass finds the rules that could
 * match; only those run, in order, each on the output of the previous one.
 * Markers are never redacted again, so redacting twice changes nothing.
 * Throws when the configuration is invalid.
 */
export function createRedactor(config: RedactionConfig = defaultRedactionConfig()): ByteRedactor {
  validateRedactionConfig(config);
  if (!config.enabled) return PASS_THROUGH;
  const rules = buildRules(config);
  const scanner = new KeywordScanner(rules.map((rule) => rule.trigger));
  const allowLiterals = new Set(config.allowLiterals);
  const allowPattern = config.allowPatterns.length > 0 ? new RegExp(`^(?:${config.allowPatterns.join('|')})$`) : undefined;
  const candidates = new Uint8Array(rules.length);

  const keep = (rule: Rule, secret: string, text: string, start: number) =>
    secret.startsWith(MARKER_PREFIX) || allowLiterals.has(secret) || allowPattern?.test(secret) === true || !rule.accept(secret, text, start);

  /** `text` with `rule`'s secrets replaced; with `probe`, only whether there is one ('' or `text`). */
  function apply(rule: Rule, text: string, probe: boolean): string {
    const regex = rule.regex;
    regex.lastIndex = 0;
    let out = '';
    let copied = 0;
    for (let match = regex.exec(text); match !== null; match = regex.exec(text)) {
      if (match[0].length === 0) {
        regex.lastIndex++;
        continue;
      }
      const [start, end] = rule.hasSecretGroup ? match.indices!.groups!['secret'] ?? [0, 0] : [match.index, match.index + match[0].length];
      if (end === start) continue;
      const secret = text.slice(start, end);
      if (keep(rule, secret, text, start)) continue;
      if (probe) return '';
      out += text.slice(copied, start) + rule.marker;
      copied = end;
    }
    return copied === 0 ? text : out + text.slice(copied);
  }

  /** Runs the candidate rules; `probe` stops at the first secret and returns '' for "found". */
  function run(text: string, probe: boolean): string {
    candidates.fill(0);
    if (!scanner.candidates(Buffer.from(text, 'latin1'), 0, text.length, candidates)) return text;
    let result = text;
    for (let i = 0; i < rules.length; i++) {
      if (candidates[i] === 0) continue;
      result = apply(rules[i]!, result, probe);
      if (probe && result === '') return '';
    }
    return result;
  }

  return {
    redact: (text) => run(text, false),
    containsSecret: (text) => text !== '' && run(text, true) === '',
    mayContainSecret: (bytes, start, end) => scanner.mayMatch(bytes, start, end),
  };
}
