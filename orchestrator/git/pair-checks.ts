import { predictMerges, type MergeOutcome, type MergePair } from './merge-prediction.js';
import type { WorktreeSnapshot } from './snapshot.js';
import type { TargetBranch } from './target-branch.js';

/**
 * Merge predictions for a fleet of work trees: every pair of work trees of
 * the same repository (would their current states merge?), and each work
 * tree against the current head of its target branch (has work merged
 * since the agent started collided with its own — a stale base?).
 * Predictions are memoised by the two commits compared; snapshots of
 * unchanged work trees keep their commit ids (snapshot.ts), so a re-check
 * after one agent's edit recomputes only the pairs that involve it. All
 * uncached merges of one repository go to git in one batch.
 */
export interface WorktreeState {
  readonly snapshot: WorktreeSnapshot;
  /** Its target branch now; undefined when it has none (no stale-base check then). */
  readonly target: TargetBranch | undefined;
}

export interface PairCheck {
  /** Work trees in path order: `ours` of the merge is `a`'s snapshot, `theirs` is `b`'s. */
  readonly a: string;
  readonly b: string;
  readonly outcome: MergeOutcome;
}

export interface TargetCheck {
  readonly worktree: string;
  readonly target: TargetBranch;
  /** `ours` is the target's head, `theirs` the work tree's snapshot. */
  readonly outcome: MergeOutcome;
}

export interface FleetMergeChecks {
  readonly pairs: readonly PairCheck[];
  readonly targets: readonly TargetCheck[];
}

export interface MergeCheckerOptions {
  /** Predictions kept; the least recently used go first. */
  readonly maxCachedMerges?: number;
  /** The batch predictor (default `predictMerges`); a caller may wrap it, e.g. to count or time merges. */
  readonly predict?: typeof predictMerges;
}

const DEFAULT_MAX_CACHED_MERGES = 10_000;

interface PlannedMerge {
  readonly repoDir: string;
  readonly pair: MergePair;
  readonly key: string;
}

function plannedMerge(repoDir: string, ours: string, theirs: string): PlannedMerge {
  return { repoDir, pair: { ours, theirs }, key: `${repoDir}\0${ours}\0${theirs}` };
}

export class MergeChecker {
  private readonly cache = new Map<string, MergeOutcome>();
  private readonly maxCachedMerges: number;
  private readonly predict: typeof predictMerges;

  constructor(options: MergeCheckerOptions = {}) {
    this.maxCachedMerges = options.maxCachedMerges ?? DEFAULT_MAX_CACHED_MERGES;
    this.predict = options.predict ?? predictMerges;
  }

  /** Every pair and every target check of `worktrees`, from the cache where the commits are unchanged. */
  async check(worktrees: readonly WorktreeState[]): Promise<FleetMergeChecks> {
    const sorted = [...worktrees].sort((x, y) => (x.snapshot.worktree < y.snapshot.worktree ? -1 : 1));
    const pairPlans: Array<{ a: string; b: string; merge: PlannedMerge }> = [];
    for (const [i, x] of sorted.entries()) {
      for (const y of sorted.slice(i + 1)) {
        if (x.snapshot.repoDir !== y.snapshot.repoDir) continue;
        pairPlans.push({ a: x.snapshot.worktree, b: y.snapshot.worktree, merge: plannedMerge(x.snapshot.repoDir, x.snapshot.commit, y.snapshot.commit) });
      }
    }
    const targetPlans = sorted.flatMap(({ snapshot, target }) =>
      target === undefined ? [] : [{ worktree: snapshot.worktree, target, merge: plannedMerge(snapshot.repoDir, target.commit, snapshot.commit) }],
    );
    const outcomes = await this.outcomes([...pairPlans.map((p) => p.merge), ...targetPlans.map((p) => p.merge)]);
    return {
      pairs: pairPlans.map(({ a, b, merge }) => ({ a, b, outcome: outcomes.get(merge.key)! })),
      targets: targetPlans.map(({ worktree, target, merge }) => ({ worktree, target, outcome: outcomes.get(merge.key)! })),
    };
  }

  private async outcomes(merges: readonly PlannedMerge[]): Promise<Map<string, MergeOutcome>> {
    const found = new Map<string, MergeOutcome>();
    const missingByRepo = new Map<string, Map<string, PlannedMerge>>();
    for (const merge of merges) {
      const cached = this.cache.get(merge.key);
      if (cached === undefined) {
        const missing = missingByRepo.get(merge.repoDir) ?? new Map<string, PlannedMerge>();
        missingByRepo.set(merge.repoDir, missing.set(merge.key, merge));
        continue;
      }
      // Refresh its place: recently used predictions are kept longest.
      this.cache.delete(merge.key);
      this.cache.set(merge.key, cached);
      found.set(merge.key, cached);
    }
    for (const [repoDir, missing] of missingByRepo) {
      const planned = [...missing.values()];
      const predicted = await this.predict(
        repoDir,
        planned.map((m) => m.pair),
      );
      planned.forEach((merge, i) => {
        const outcome = predicted[i]!;
        found.set(merge.key, outcome);
        // A refusal may be passing (an object not there yet): only predictions are kept.
        if (outcome.status === 'predicted') this.remember(merge.key, outcome);
      });
    }
    return found;
  }

  private remember(key: string, outcome: MergeOutcome): void {
    this.cache.set(key, outcome);
    if (this.cache.size > this.maxCachedMerges) this.cache.delete(this.cache.keys().next().value!);
  }
}
