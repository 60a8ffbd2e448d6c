import type { FileChange, Session } from '../fleet/model.js';
import type { Alert, AlertCandidate } from './alert.js';
import { GATE_MODES, type GatePolicy } from './gate-policy.js';
import { gateReason, type Collision } from './gate-reason.js';
import { NO_HUNKS, type HunkLookup } from './hunk-index.js';
import { canCollide, changeEvidence, editSpans, lineCounts, partyOf, sessionLabel, unmergedChange } from './rivals.js';

/** A session is about to edit these repository-relative paths (the shim's PreToolUse, `POST /api/v1/intents`). */
export interface IntentRequest {
  readonly sessionId: string;
  readonly paths: readonly string[];
}

/** Claude Code's `permissionDecision`. */
export type IntentDecision = 'allow' | 'ask' | 'deny';

export interface IntentEvaluation {
  readonly decision: IntentDecision;
  /** For the agent: whose work the edit collides with and what to do instead (gate-reason.ts). */
  readonly reason: string;
  /** Intent alerts to upsert. Paths the requester already changed itself are overlaps, not intents: gated, but no alert here. */
  readonly alerts: AlertCandidate[];
  /** Whether the policy can ask or deny this session's edits at all (`GatePolicy.canHold`); an unknown session's, any agent's. */
  readonly holdsEdits: boolean;
}

/**
 * Intent: the requester is about to edit a path that a session it can
 * collide with (rivals.ts) changed and has not merged. The decision is the
 * strictest mode the policy gives the requester's agent on those paths
 * (`off` collisions are ignored, `warn` allows). A session the fleet does not
 * know yet is allowed unchecked: the gate fails open. The other side's hunks
 * are what `hunksOf` knows now — never git on this path, which must answer
 * within the hook's time budget; an alert raised before the git pass saw the
 * change gets them when the next pass updates it (`recheckIntents`).
 */
export function evaluateIntent(request: IntentRequest, sessions: readonly Session[], policy: GatePolicy, hunksOf: HunkLookup = NO_HUNKS): IntentEvaluation {
  const requester = sessions.find((session) => session.id === request.sessionId);
  if (requester === undefined) {
    return { decision: 'allow', reason: `agentfleet: session ${request.sessionId} is not known yet; edit not checked`, alerts: [], holdsEdits: policy.canHold(undefined) };
  }
  const collisions: Collision[] = [];
  for (const path of new Set(request.paths)) {
    const mode = policy.decide('intent', requester.agentName, path);
    if (mode === 'off') continue;
    for (const other of sessions) {
      const change = canCollide(requester, other) ? unmergedChange(other, path) : undefined;
      if (change !== undefined) collisions.push({ requester, other, path, change, mode });
    }
  }
  collisions.sort((a, b) => GATE_MODES.indexOf(b.mode) - GATE_MODES.indexOf(a.mode));
  const strictest = collisions[0]?.mode ?? 'warn';
  return {
    decision: strictest === 'deny' || strictest === 'ask' ? strictest : 'allow',
    reason: gateReason(strictest, collisions),
    alerts: collisions
      .filter((c) => unmergedChange(requester, c.path) === undefined)
      .map((c) => intentAlert(requester, c.other, c.path, c.change, hunksOf)),
    holdsEdits: policy.canHold(requester.agentName),
  };
}

/**
 * Open intent alerts re-detected against the fleet now: a candidate (with
 * fresh line counts and hunks) for each whose problem is still there — the
 * other side still has its unmerged change and the requester has not made its
 * own edit (then it is an overlap). `reconcile('intent', …)` resolves the rest.
 */
export function recheckIntents(alerts: readonly Alert[], sessions: readonly Session[], hunksOf: HunkLookup = NO_HUNKS): AlertCandidate[] {
  const byId = new Map(sessions.map((session) => [session.id, session]));
  const candidates: AlertCandidate[] = [];
  for (const alert of alerts) {
    if (alert.kind !== 'intent' || alert.state === 'resolved') continue;
    const requester = byId.get(alert.parties[0]?.sessionId ?? '');
    const other = byId.get(alert.parties[1]?.sessionId ?? '');
    const path = alert.files[0];
    if (requester === undefined || other === undefined || path === undefined || !canCollide(requester, other)) continue;
    const change = unmergedChange(other, path);
    if (change !== undefined && unmergedChange(requester, path) === undefined) {
      candidates.push(intentAlert(requester, other, path, change, hunksOf));
    }
  }
  return candidates;
}

function intentAlert(requester: Session, other: Session, path: string, change: FileChange, hunksOf: HunkLookup): AlertCandidate {
  const sharedWorktree = requester.worktree === other.worktree;
  const where = sharedWorktree ? ' in the same work tree' : other.branch === undefined ? '' : ` on ${other.branch}`;
  return {
    kind: 'intent',
    severity: sharedWorktree ? 'critical' : 'warning',
    parties: [partyOf(requester), partyOf(other)],
    subject: path,
    files: [path],
    summary:
      `${sessionLabel(requester, other)} is about to edit ${path}, which ${sessionLabel(other, requester)} ` +
      `changed${where} and has not merged (${lineCounts(change)})`,
    evidence: { files: [{ path, changes: [changeEvidence(other.id, change, hunksOf(other.id, path))] }], spans: editSpans([{ session: other, change }]) },
  };
}
