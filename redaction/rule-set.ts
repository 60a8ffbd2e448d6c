import type { RedactionConfig } from './config.js';
import { acceptRandomToken, entropyRegex } from './entropy.js';
import type { Trigger } from './keyword-scanner.js';
import { redactionMarker } from './marker.js';
import { SECRET_PATTERNS } from './patterns.js';
import type { SecretPattern } from './secret-pattern.js';

/** Name of the entropy rule, in markers and in `disabledPatterns`. */
export const ENTROPY_RULE_NAME = 'high-entropy-token';

/** A compiled pattern: what the redactor runs once the prefilter says the text is a candidate. */
export interface Rule {
  readonly name: string;
  readonly marker: string;
  /** Global; with `d` (match indices) when it has a group named `secret`. */
  readonly regex: RegExp;
  readonly hasSecretGroup: boolean;
  readonly trigger: Trigger;
  /** The secret part of a match at `start` of `text`: false keeps it. */
  readonly accept: (secret: string, text: string, start: number) => boolean;
}

const ACCEPT_ALL = () => true;

function compile(name: string, regex: RegExp, trigger: Trigger, accept: Rule['accept'] = ACCEPT_ALL): Rule {
  const hasSecretGroup = regex.source.includes('(?<secret>');
  const flags = regex.flags.replace(/[gd]/g, '') + (hasSecretGroup ? 'gd' : 'g');
  return { name, marker: redactionMarker(name), regex: new RegExp(regex.source, flags), hasSecretGroup, trigger, accept };
}

function builtIn(pattern: SecretPattern): Rule {
  const accept = pattern.accept;
  return compile(
    pattern.name,
    pattern.regex,
    { kind: 'keywords', keywords: pattern.keywords, ignoreCase: pattern.regex.flags.includes('i') },
    accept === undefined ? ACCEPT_ALL : (secret) => accept(secret),
  );
}

/**
 * The rules of a configuration, in the order they are applied: the built-in
 * patterns (minus the disabled ones), then the configured deny patterns,
 * then the entropy rule, which only sees what nothing more specific claimed.
 */
export function buildRules(config: RedactionConfig): Rule[] {
  const disabled = new Set(config.disabledPatterns);
  const rules = SECRET_PATTERNS.filter((p) => !disabled.has(p.name)).map(builtIn);
  for (const deny of config.deny) {
    const flags = deny.flags ?? '';
    const trigger: Trigger = deny.keywords?.length
      ? { kind: 'keywords', keywords: deny.keywords, ignoreCase: flags.includes('i') }
      : { kind: 'always' };
    rules.push(compile(deny.name, new RegExp(deny.regex, flags), trigger));
  }
  const { entropy } = config;
  if (entropy.enabled && !disabled.has(ENTROPY_RULE_NAME)) {
    rules.push(compile(ENTROPY_RULE_NAME, entropyRegex(entropy.minLength), { kind: 'assignment', minLength: entropy.minLength }, acceptRandomToken(entropy)));
  }
  return rules;
}
