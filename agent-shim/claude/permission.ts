/**
 * The PreToolUse answer. `{}` lets the call proceed as Claude Code would
 * anyway; a decision goes in `hookSpecificOutput` (verified with 2.1.x:
 * `deny` stops the call and the model receives the reason as an error
 * tool result). Gating by collision policy plugs in here (issue 4).
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

/** Decides about a tool call; undefined leaves the decision to Claude Code. Must answer within the hook timeout (the shim fails open). */
export type PermissionGate = (call: GatedToolCall) => Promise<PermissionDecision | undefined>;

export function preToolUseAnswer(decision: PermissionDecision | undefined): Record<string, unknown> {
  if (decision === undefined) return {};
  return {
    hookSpecificOutput: {
      hookEventName: 'PreToolUse',
      permissionDecision: decision.decision,
      permissionDecisionReason: decision.reason,
    },
  };
}
