import { conflictRegionsByPath, type ConflictRegion } from './conflict-ranges.js';
import { draftFiles, type ConflictKind } from './conflicted-files.js';
import { nulFields, runGit } from './git.js';
import { parseMergeTreeBatch, type MergeTreeResult } from './merge-tree-output.js';

export type { ConflictKind } from './conflicted-files.js';
export type { ConflictRegion } from './conflict-ranges.js';

/**
 * What merging `theirs` into `ours` would do, predicted with
 * `git merge-tree --write-tree` (a real merge into new objects only: no
 * work tree, index or ref is touched). The merge base is the one
 * `git merge-base ours theirs` finds — merge-tree computes it itself (with
 * several, it merges them into a virtual base, as `git merge` does).
 *
 * Line ranges of content conflicts: conflict-ranges.ts. One `merge-tree
 * --stdin` for a whole batch of merges.
 */
export interface ConflictedFile {
  /** Path in the merged tree. */
  readonly path: string;
  readonly kinds: readonly ConflictKind[];
  /** Blob ids of the merge base's, ours' and theirs' versions; absent where that side has no file here. */
  readonly baseBlob?: string;
  readonly oursBlob?: string;
  readonly theirsBlob?: string;
  /** Content conflicts only, in file order. */
  readonly regions: readonly ConflictRegion[];
  /** merge-tree's CONFLICT messages about this path. */
  readonly messages: readonly string[];
}

export interface MergePrediction {
  readonly ours: string;
  readonly theirs: string;
  readonly clean: boolean;
  /** The merged tree; conflicted files hold conflict markers. */
  readonly tree: string;
  /** By path. */
  readonly conflicts: readonly ConflictedFile[];
}

export interface MergePair {
  readonly ours: string;
  readonly theirs: string;
}

export type MergeOutcome =
  | { readonly status: 'predicted'; readonly prediction: MergePrediction }
  /** git refused the merge, e.g. unrelated histories or an unknown commit. */
  | { readonly status: 'failed'; readonly ours: string; readonly theirs: string; readonly error: string };

/** Region parsing needs the markers git writes by default, whatever the user's merge.conflictStyle. */
const MERGE_CONFIG = ['-c', 'merge.conflictStyle=merge'];

async function predictionOf(repoDir: string, pair: MergePair, result: MergeTreeResult): Promise<MergePrediction> {
  const drafts = draftFiles(result.entries, result.messages);
  const regions = await conflictRegionsByPath(repoDir, pair.ours, pair.theirs, result.tree, drafts);
  const conflicts = drafts.map(
    (draft): ConflictedFile => ({
      path: draft.path,
      kinds: draft.kinds,
      ...(draft.stages.has(1) ? { baseBlob: draft.stages.get(1) } : {}),
      ...(draft.stages.has(2) ? { oursBlob: draft.stages.get(2) } : {}),
      ...(draft.stages.has(3) ? { theirsBlob: draft.stages.get(3) } : {}),
      regions: regions.get(draft.path) ?? [],
      messages: draft.messages,
    }),
  );
  return { ours: pair.ours, theirs: pair.theirs, clean: result.clean, tree: result.tree, conflicts };
}

async function runMergeTree(repoDir: string, pairs: readonly MergePair[]): Promise<MergeTreeResult[]> {
  for (const pair of pairs) if (/\s/.test(pair.ours + pair.theirs)) throw new Error(`not a commit name: ${pair.ours} ${pair.theirs}`);
  const input = pairs.map((pair) => `${pair.ours} ${pair.theirs}\n`).join('');
  const { stdout } = await runGit([...MERGE_CONFIG, 'merge-tree', '--write-tree', '--stdin', '-z', '--messages'], { gitDir: repoDir, input });
  const results = parseMergeTreeBatch(nulFields(stdout));
  if (results.length !== pairs.length) throw new Error(`merge-tree answered ${results.length} of ${pairs.length} merges`);
  return results;
}

/**
 * Predicts each merge of `pairs` (commits of the repository whose git
 * directory is `repoDir`) with one merge-tree process. merge-tree stops a
 * whole batch at the first merge it refuses, so then every pair is retried
 * alone to tell which failed.
 */
export async function predictMerges(repoDir: string, pairs: readonly MergePair[]): Promise<MergeOutcome[]> {
  if (pairs.length === 0) return [];
  let results: MergeTreeResult[];
  try {
    results = await runMergeTree(repoDir, pairs);
  } catch (error) {
    if (pairs.length === 1) return [{ status: 'failed', ours: pairs[0]!.ours, theirs: pairs[0]!.theirs, error: error instanceof Error ? error.message : String(error) }];
    const outcomes: MergeOutcome[] = [];
    for (const pair of pairs) outcomes.push(...(await predictMerges(repoDir, [pair])));
    return outcomes;
  }
  const outcomes: MergeOutcome[] = [];
  // One at a time: each conflicting merge runs two diffs, and the machine is shared with the agents.
  for (const [i, result] of results.entries()) outcomes.push({ status: 'predicted', prediction: await predictionOf(repoDir, pairs[i]!, result) });
  return outcomes;
}

/** Predicts merging `theirs` into `ours`; throws when git refuses the merge. */
export async function predictMerge(repoDir: string, ours: string, theirs: string): Promise<MergePrediction> {
  const [outcome] = await predictMerges(repoDir, [{ ours, theirs }]);
  if (outcome!.status === 'failed') throw new Error(outcome!.error);
  return outcome!.prediction;
}
