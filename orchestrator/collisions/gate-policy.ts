import picomatch from 'picomatch';
import { z } from 'zod';

import type { AlertCandidate, AlertKind } from './alert.js';

/**
 * What a collision does: `off` nothing (no alert), `warn` an alert only,
 * `ask` an alert and Claude Code asks the human before the edit, `deny` an
 * alert and the edit is refused with a reason. Strictest last.
 */
export const GATE_MODES = ['off', 'warn', 'ask', 'deny'] as const;
export type GateMode = (typeof GATE_MODES)[number];

export interface PathRule {
  /** Repository-relative glob (picomatch); one without `/` matches the file name in any folder, as in .gitignore. */
  readonly glob: string;
  readonly mode: GateMode;
}

export interface GatePolicyConfig {
  /** The whole fleet's mode. */
  readonly mode: GateMode;
  /** By agent name (the agent about to edit): replaces the fleet's mode. */
  readonly agents: Readonly<Record<string, GateMode>>;
  /** Checked in order, the first whose glob matches the path wins over agent and fleet: protected areas of the repository. */
  readonly paths: readonly PathRule[];
}

export function defaultGatePolicyConfig(): GatePolicyConfig {
  return { mode: 'warn', agents: {}, paths: [] };
}

const gateModeSchema = z.enum(GATE_MODES);

/** The JSON form (the file `--gate-policy` names): every field optional, unknown fields refused (a typo must not silently gate nothing). */
const gatePolicySchema = z.strictObject({
  mode: gateModeSchema.optional(),
  agents: z.record(z.string().min(1), gateModeSchema).optional(),
  paths: z.array(z.strictObject({ glob: z.string().min(1), mode: gateModeSchema })).optional(),
});

/**
 * A policy from JSON, e.g. `{"mode":"ask","agents":{"bob":"deny"},
 * "paths":[{"glob":"migrations/**","mode":"deny"}]}`; absent fields keep
 * their defaults. Throws with the offending path when the shape is wrong.
 */
export function parseGatePolicy(json: unknown): GatePolicyConfig {
  const parsed = gatePolicySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`gate policy: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const defaults = defaultGatePolicyConfig();
  return {
    mode: parsed.data.mode ?? defaults.mode,
    agents: parsed.data.agents ?? defaults.agents,
    paths: parsed.data.paths ?? defaults.paths,
  };
}

export interface GatePolicy {
  readonly config: GatePolicyConfig;
  /**
   * The mode for a collision of `kind` that `agentName` would cause on
   * `path`: the first matching path rule, else the agent's mode, else the
   * fleet's. Only an intent comes before the edit, so for every other kind
   * `ask` and `deny` mean `warn`: there is nothing left to stop.
   */
  decide(kind: AlertKind, agentName: string, path: string): GateMode;
  /**
   * Whether an edit by `agentName` (any agent when undefined) can be asked
   * or denied at all: when not, the shim need not hold an edit for the
   * answer to its intent.
   */
  canHold(agentName: string | undefined): boolean;
}

const holds = (mode: GateMode) => mode === 'ask' || mode === 'deny';

export function createGatePolicy(config: GatePolicyConfig = defaultGatePolicyConfig()): GatePolicy {
  const rules = config.paths.map((rule) => ({ mode: rule.mode, matches: compileGlob(rule.glob) }));
  return {
    config,
    decide(kind, agentName, path) {
      const mode = rules.find((rule) => rule.matches(path))?.mode ?? config.agents[agentName] ?? config.mode;
      return kind !== 'intent' && holds(mode) ? 'warn' : mode;
    },
    canHold(agentName) {
      if (config.paths.some((rule) => holds(rule.mode))) return true;
      if (agentName !== undefined) return holds(config.agents[agentName] ?? config.mode);
      return holds(config.mode) || Object.values(config.agents).some(holds);
    },
  };
}

function compileGlob(glob: string): (path: string) => boolean {
  return picomatch(glob, { dot: true, basename: !glob.includes('/') });
}

/** The stricter of two modes. */
export function stricter(a: GateMode, b: GateMode): GateMode {
  return GATE_MODES.indexOf(a) >= GATE_MODES.indexOf(b) ? a : b;
}

/**
 * The mode for an alert raised after the fact: the strictest over its
 * parties and files, so an alert is dropped (`off`) only when no party's
 * mode on any of its files wants it.
 */
export function alertMode(policy: GatePolicy, candidate: AlertCandidate): GateMode {
  let mode: GateMode = 'off';
  for (const party of candidate.parties) {
    for (const path of candidate.files) mode = stricter(mode, policy.decide(candidate.kind, party.agentName, path));
  }
  return mode;
}
