import os from 'node:os';

/** Settings of the collision service (collision-service.ts). */
export interface CollisionConfig {
  /** Fleet changes arriving within this window are detected in one pass (overlap, assumption, intent re-checks). */
  readonly fleetPassDelayMs: number;
  /** A work tree's merge and dependency checks wait this long after its last file change… */
  readonly worktreeWaitMs: number;
  /** …but run at the latest this long after its first pending change, however busy the agent is. */
  readonly worktreeMaxWaitMs: number;
  /** Every checked work tree is snapshotted again this often anyway: commits, merges into the target and rebases come without spans. */
  readonly recheckIntervalMs: number;
  /** Only sessions of this host have work trees git can look at. Default: `os.hostname()`, as the shim records it. */
  readonly hostName: string;
}

export function defaultCollisionConfig(): CollisionConfig {
  return {
    fleetPassDelayMs: 50,
    worktreeWaitMs: 300,
    worktreeMaxWaitMs: 2_000,
    recheckIntervalMs: 30_000,
    hostName: os.hostname(),
  };
}
