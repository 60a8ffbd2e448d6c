import { InvalidArgumentError, Option } from 'commander';
import type { DenyPattern, RedactionConfig } from '../redaction/config.js';
import { parseRedactionConfig } from '../redaction/config-file.js';
import { readJsonFileOption } from './cli-options.js';

/** What the redaction flags of `agentfleet up` and `agentfleet run` parse to. */
export interface RedactionOptions {
  /** `off` (flag or AGENTFLEET_REDACTION) or false (`--no-redaction`) switch redaction off. */
  redaction?: 'on' | 'off' | false;
  redactionConfig?: string;
  redactionAllow?: string[];
  redactionDeny?: DenyPattern[];
  redactionEntropy?: 'on' | 'off';
}

const collect = <T>(parse: (value: string) => T) => (value: string, previous: T[] | undefined) => [...(previous ?? []), parse(value)];

function parseRegex(value: string): string {
  try {
    new RegExp(value);
  } catch (error) {
    throw new InvalidArgumentError(`not a valid regex: ${(error as Error).message}`);
  }
  return value;
}

/** `name=regex`, e.g. `acme-token=acme_[a-z0-9]{32}`. */
function parseDeny(value: string): DenyPattern {
  const at = value.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError('expected name=regex, e.g. acme-token=acme_[a-z0-9]{32}');
  return { name: value.slice(0, at), regex: parseRegex(value.slice(at + 1)) };
}

/** The redaction flags, each with its environment variable. */
export function redactionOptions(): Option[] {
  return [
    new Option('--redaction <mode>', 'on: replace secrets in stored values by [REDACTED:<kind>] markers; off: store values as sent').choices(['on', 'off']).env('AGENTFLEET_REDACTION'),
    new Option('--no-redaction', 'same as --redaction off'),
    new Option('--redaction-config <file>', 'JSON file with redaction settings (deny patterns with keywords, allow lists, entropy thresholds; see redaction/README.md)').env('AGENTFLEET_REDACTION_CONFIG'),
    new Option('--redaction-allow <regex>', 'keep secrets that match this regex as a whole, e.g. a public test key (repeatable)').env('AGENTFLEET_REDACTION_ALLOW').argParser(collect(parseRegex)),
    new Option('--redaction-deny <name=regex>', 'also redact matches of regex as [REDACTED:name] (repeatable; runs on every value, give keywords in --redaction-config for speed)').env('AGENTFLEET_REDACTION_DENY').argParser(collect(parseDeny)),
    new Option('--redaction-entropy <mode>', 'on/off: the rule for long random tokens assigned to any key').choices(['on', 'off']).env('AGENTFLEET_REDACTION_ENTROPY'),
  ];
}

/** The redaction settings (the collector's for `up`, the shim's for `run`): the config file (if any) over the defaults, then the flags over that. */
export function redactionConfigFromOptions(o: RedactionOptions): RedactionConfig {
  const file = o.redactionConfig === undefined ? undefined : readJsonFileOption('--redaction-config', o.redactionConfig);
  const base = parseRedactionConfig(file ?? {});
  return parseRedactionConfig(
    {
      ...(o.redaction === undefined ? {} : { enabled: o.redaction === 'on' }),
      ...(o.redactionAllow === undefined ? {} : { allowPatterns: [...base.allowPatterns, ...o.redactionAllow] }),
      ...(o.redactionDeny === undefined ? {} : { deny: [...base.deny, ...o.redactionDeny] }),
      ...(o.redactionEntropy === undefined ? {} : { entropy: { enabled: o.redactionEntropy === 'on' } }),
    },
    base,
  );
}
