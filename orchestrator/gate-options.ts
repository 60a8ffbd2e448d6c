import { Option } from 'commander';
import { GATE_MODES, parseGatePolicy, type GateMode, type GatePolicyConfig } from './collisions/gate-policy.js';
import { readJsonFileOption } from './cli-options.js';

/** What the gate flags of `agentfleet up` parse to. */
export interface GateOptions {
  gate?: GateMode;
  gatePolicy?: string;
}

/** `--gate` and `--gate-policy`, each with its environment variable. */
export function gateOptions(): Option[] {
  return [
    new Option('--gate <mode>', "what a collision does: off (nothing), warn (alert only), ask (Claude Code asks the human before the edit), deny (the edit is refused with a reason); default warn, or the policy file's mode")
      .choices(GATE_MODES)
      .env('AGENTFLEET_GATE'),
    new Option('--gate-policy <file>', 'JSON gate policy: {"mode", "agents": {name: mode}, "paths": [{"glob", "mode"}]} (see orchestrator/collisions/README.md)').env('AGENTFLEET_GATE_POLICY'),
  ];
}

/** The policy file (if any) over the defaults, then `--gate` over its fleet-wide mode. Throws naming the file when it is unreadable or malformed. */
export function gatePolicyFromOptions(o: GateOptions): GatePolicyConfig {
  const file = o.gatePolicy === undefined ? {} : readJsonFileOption('--gate-policy', o.gatePolicy);
  let policy: GatePolicyConfig;
  try {
    policy = parseGatePolicy(file);
  } catch (error) {
    throw new Error(`--gate-policy ${o.gatePolicy}: ${(error as Error).message}`);
  }
  return o.gate === undefined ? policy : { ...policy, mode: o.gate };
}
