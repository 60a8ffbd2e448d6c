import type { FileChange, Session } from '../fleet/model.js';
import type { GateMode } from './gate-policy.js';
import { lineCounts } from './rivals.js';

/** A path an agent is about to edit that another session changed and has not merged. */
export interface Collision {
  readonly requester: Session;
  readonly other: Session;
  readonly path: string;
  /** The other session's unmerged change. */
  readonly change: FileChange;
  /** What the policy says for this path and agent. */
  readonly mode: GateMode;
}

/** Collisions named one by one before "and N more": Claude Code hands the reason to the model as the tool result. */
const NAMED_COLLISIONS = 3;

const OPENING: Readonly<Record<GateMode, string>> = {
  deny: 'agentfleet refused this edit',
  ask: 'agentfleet asks before this edit',
  warn: 'agentfleet warning',
  off: 'agentfleet',
};

/**
 * The reason returned with an intent decision, for the agent (and the human
 * when asked): whose work the edit would collide with — agent, branch, work
 * tree — which file and how many lines, and what to do instead. Strictest
 * collisions first. `mode` is the decision's (strictest) mode.
 */
export function gateReason(mode: GateMode, collisions: readonly Collision[]): string {
  if (collisions.length === 0) return 'agentfleet: no other session has unmerged changes to these files';
  const named = collisions.slice(0, NAMED_COLLISIONS).map(describe);
  const more = collisions.length > NAMED_COLLISIONS ? `; and ${collisions.length - NAMED_COLLISIONS} more` : '';
  return `${OPENING[mode]}: ${named.join('; ')}${more}. ${advice(collisions)} Details: agentfleet audit --file ${shellWord(collisions[0]!.path)}`;
}

function describe({ requester, other, path, change }: Collision): string {
  const where = other.worktree === requester.worktree ? 'this same work tree' : `work tree ${other.worktree}`;
  const branch = other.branch === undefined ? '' : `branch ${other.branch}, `;
  const edits = change.edits === 1 ? '1 edit' : `${change.edits} edits`;
  return `${path} has unmerged changes by ${other.agentName} (${lineCounts(change)} lines in ${edits}; ${branch}${where})`;
}

function advice(collisions: readonly Collision[]): string {
  const others = [...new Set(collisions.map((c) => c.other.agentName))];
  const first = collisions[0]!;
  if (collisions.length === 1) {
    const after = first.other.branch === undefined ? `${first.other.agentName}'s work` : first.other.branch;
    return `Coordinate with ${first.other.agentName}, or edit ${first.path} after ${after} is merged.`;
  }
  return `Coordinate with ${others.join(' and ')}, or edit these files after their work is merged.`;
}

/** A path as one shell word, quoted only when it needs to be. */
function shellWord(path: string): string {
  return /^[\w./@+-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}
