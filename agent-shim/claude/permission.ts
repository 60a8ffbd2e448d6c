/**
 * The PreToolUse answer. `{}` lets the call proceed as Claude Code would
 * anyway; `ask` and `deny` go in `hookSpecificOutput` (verified with 2.1.x:
 * `deny` stops the call and the model receives the reason as an error
 * tool result). The collision gate (intent-gate.ts) plugs in here.
 */
type PermissionDecisionKind = 'allow' | 'ask' | 'deny';

export interface PermissionDecision {
  readonly decision: PermissionDecisionKind;
  /** Shown to the model (deny) or the human (ask). */
  readonly reason: string;
}

/** What a gate sees of a tool call before it runs. */
export interface GatedToolCall {
  readonly toolName: string;
  readonly toolUseId: string;
  readonly input: Readonly<Record<string, unknown>>;
  /** Repository-relative path for an editing tool. */
  readonly path: string | undefined;
}

/**
 * Checks tool calls about to run. The hook's answer waits for a check only
 * while the gate could refuse the call (`holds`); otherwise the call goes
 * ahead at once and the check's decision is only recorded.
 */
export interface PermissionGate {
  /** Whether the next call must wait for its check: false while the gate's policy can neither ask nor deny. */
  holds(): boolean;
  /**
   * The decision about `call`, undefined for a call the gate does not check
   * (or to leave it to Claude Code). Never rejects and settles within the
   * hook timeout (the shim fails open). When `held` is false the call has
   * gone ahead, and the decision is never `ask` or `deny`.
   */
  check(call: GatedToolCall, held: boolean): Promise<PermissionDecision | undefined>;
}

/**
 * A gate's `allow` means "no objection" and is answered `{}`: a hook's
 * `allow` would skip Claude Code's own permission rules, which a collision
 * check must not loosen.
 */
export function preToolUseAnswer(decision: PermissionDecision | undefined): Record<string, unknown> {
  if (decision === undefined || decision.decision === 'allow') return {};
  return {
    hookSpecificOutput: {
      hookEventName: 'PreToolUse',
      permissionDecision: decision.decision,
      permissionDecisionReason: decision.reason,
    },
  };
}
