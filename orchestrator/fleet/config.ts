/** Settings of the fleet state (fleet-state.ts), its rebuild on start and its merge tracker. */
export interface FleetConfig {
  /** A live session without activity (prompt, tool call, span) for this long is `idle`; an open tool call counts as activity. */
  readonly idleAfterMs: number;
  /** The shims' heartbeat interval (agent-shim `heartbeatIntervalMs`); a session silent for 3 of them without `session.end` is `crashed`. */
  readonly heartbeatIntervalMs: number;
  /** How often idle and crashed sessions are looked for (`tick`). */
  readonly tickIntervalMs: number;
  /** How far back the rebuild on start reads storage. */
  readonly rebuildDays: number;
  /** The rebuild reads storage in time windows of about this many rows (whole hours), to bound its memory. */
  readonly rebuildPageRows: number;
  /** After file changes, or a move of a target branch's head, the merge check waits this long for more before asking git. */
  readonly mergeCheckDebounceMs: number;
  /** Every session's unmerged files are checked this often anyway: merges and reverts happen without spans, and not every file system reports ref changes. */
  readonly mergeCheckIntervalMs: number;
  /** What "merged" is judged against (not watched for moves); undefined: each work tree's target branch (orchestrator/git/target-branch.ts), watched. */
  readonly targetRef: string | undefined;
}

/** Heartbeats a session may miss before it counts as crashed. */
export const MISSED_HEARTBEATS_FOR_CRASH = 3;

export function defaultFleetConfig(): FleetConfig {
  return {
    idleAfterMs: 5 * 60_000,
    heartbeatIntervalMs: 30_000,
    tickIntervalMs: 5_000,
    rebuildDays: 7,
    rebuildPageRows: 50_000,
    mergeCheckDebounceMs: 1_000,
    mergeCheckIntervalMs: 30_000,
    targetRef: undefined,
  };
}
