import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import { redactionConfigFromOptions, redactionOptions, type RedactionOptions } from '../../../orchestrator/redaction-options.js';
import { defaultRedactionConfig } from '../../../redaction/config.js';
import { tempDir } from '../../helpers/temp-dir.js';

const ENV = ['AGENTFLEET_REDACTION', 'AGENTFLEET_REDACTION_CONFIG', 'AGENTFLEET_REDACTION_ALLOW', 'AGENTFLEET_REDACTION_DENY', 'AGENTFLEET_REDACTION_ENTROPY'];

/** The redaction config `agentfleet up <args>` would give the collector, with `env` set. */
function configOf(args: string[], env: Record<string, string> = {}) {
  Object.assign(process.env, env);
  const command = new Command('up').exitOverride();
  for (const option of redactionOptions()) command.addOption(option);
  command.parse(args, { from: 'user' });
  return redactionConfigFromOptions(command.opts<RedactionOptions>());
}

describe('the redaction flags of agentfleet up', () => {
  afterEach(() => {
    for (const name of ENV) delete process.env[name];
  });

  it('default to the built-in configuration', () => {
    expect(configOf([])).toEqual(defaultRedactionConfig());
  });

  it.each([[['--no-redaction']], [['--redaction', 'off']]])('switch redaction off with %j', (args) => {
    expect(configOf(args).enabled).toBe(false);
  });

  it('switch it off from AGENTFLEET_REDACTION=off, and a flag wins over the variable', () => {
    expect(configOf([], { AGENTFLEET_REDACTION: 'off' }).enabled).toBe(false);
    expect(configOf(['--redaction', 'on'], { AGENTFLEET_REDACTION: 'off' }).enabled).toBe(true);
  });

  it('collect repeated allow and deny flags and turn the entropy rule off', () => {
    const config = configOf(['--redaction-allow', 'sk_test_.*', '--redaction-allow', 'AKIA.*EXAMPLE', '--redaction-deny', 'acme-token=acme_[a-z0-9]{32}', '--redaction-entropy', 'off']);
    expect(config.allowPatterns).toEqual(['sk_test_.*', 'AKIA.*EXAMPLE']);
    expect(config.deny).toEqual([{ name: 'acme-token', regex: 'acme_[a-z0-9]{32}' }]);
    expect(config.entropy.enabled).toBe(false);
  });

  it('refuse an invalid regex and a deny flag without a name', () => {
    expect(() => configOf(['--redaction-allow', '['])).toThrow(/not a valid regex/);
    expect(() => configOf(['--redaction-deny', 'acme_[a-z]+'])).toThrow(/name=regex/);
  });

  it('read a JSON config file and add the flags to its lists', () => {
    const file = path.join(tempDir(), 'redaction.json');
    writeFileSync(file, JSON.stringify({ allowLiterals: ['AKIAIOSFODNN7EXAMPLE'], allowPatterns: ['x+'], entropy: { minLength: 24 } }));
    const config = configOf(['--redaction-allow', 'y+'], { AGENTFLEET_REDACTION_CONFIG: file });
    expect(config).toMatchObject({ enabled: true, allowLiterals: ['AKIAIOSFODNN7EXAMPLE'], allowPatterns: ['x+', 'y+'] });
    expect(config.entropy.minLength).toBe(24);
  });

  it('name the file when the config file is not valid JSON', () => {
    const file = path.join(tempDir(), 'broken.json');
    writeFileSync(file, '{ nope');
    expect(() => configOf(['--redaction-config', file])).toThrow(/--redaction-config .*broken\.json/);
  });
});
