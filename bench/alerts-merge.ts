import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runGit } from '../orchestrator/git/git.js';
import { predictMerges, type MergePair } from '../orchestrator/git/merge-prediction.js';
import { MergeChecker, type FleetMergeChecks, type WorktreeState } from '../orchestrator/git/pair-checks.js';
import { SnapshotCommitCache, snapshotWorktree } from '../orchestrator/git/snapshot.js';
import { targetBranch } from '../orchestrator/git/target-branch.js';
import type { BenchPart } from './bench-part.js';
import { elapsedMs } from './elapsed.js';
import { createFleetRepository, type FleetRepository, type FleetRepositoryLayout } from './fleet-repository.js';
import { percentile, type BenchRow } from './table.js';

/**
 * Merge-conflict prediction for 10 agents × 200 uncommitted changed files
 * (fleet-repository.ts): `MergeChecker.check` of all 45 pairs + 10
 * stale-base checks, cold (a new checker: every merge predicted, conflict
 * line ranges included) and warm (one agent changed one file: its new
 * snapshot, then a check that recomputes only its 9 pairs and its
 * stale-base check). Baseline, same run: plain `git merge-tree
 * --write-tree --stdin` of the same merges in one process — git's own
 * merge work, without parsing, conflict kinds or line ranges.
 */
const LAYOUT: FleetRepositoryLayout = { agents: 10, files: 1_000, linesPerFile: 100, changedFilesPerAgent: 200, agentStride: 50 };
const COLD_REPS = Number(process.env['AGENTFLEET_BENCH_MERGE_COLD_REPS'] ?? 5);
const WARM_REPS = Number(process.env['AGENTFLEET_BENCH_MERGE_WARM_REPS'] ?? 10);

/** merge-tree alone, as MergeChecker runs it (one process for the batch), output unread. */
async function plainMergeTree(repoDir: string, pairs: readonly MergePair[]): Promise<void> {
  const input = pairs.map((pair) => `${pair.ours} ${pair.theirs}\n`).join('');
  // Exit code 1 is "conflicts", an answer.
  await runGit(['merge-tree', '--write-tree', '--stdin', '-z', '--messages'], { gitDir: repoDir, input, okExitCodes: [1] });
}

/** A MergeChecker that remembers the merges of its last batch: the same merges for the baseline. */
function recordingChecker(): { checker: MergeChecker; lastBatch: () => readonly MergePair[] } {
  let batch: readonly MergePair[] = [];
  const checker = new MergeChecker({
    predict: (repoDir, pairs) => {
      batch = [...pairs];
      return predictMerges(repoDir, pairs);
    },
  });
  return { checker, lastBatch: () => batch };
}

async function snapshotAll(fleet: FleetRepository, commits: SnapshotCommitCache): Promise<WorktreeState[]> {
  const states: WorktreeState[] = [];
  for (const worktree of fleet.worktrees) states.push({ snapshot: await snapshotWorktree(worktree, commits), target: await targetBranch(worktree) });
  return states;
}

function describeConflicts(checks: FleetMergeChecks): string {
  const conflicting = (outcomes: readonly FleetMergeChecks['pairs'][number]['outcome'][]) => {
    const predicted = outcomes.flatMap((o) => (o.status === 'predicted' && !o.prediction.clean ? [o.prediction] : []));
    return `${predicted.length} of ${outcomes.length} (${predicted.reduce((n, p) => n + p.conflicts.length, 0)} conflicted files)`;
  };
  return `conflicting: pairs ${conflicting(checks.pairs.map((p) => p.outcome))}, stale-base checks ${conflicting(checks.targets.map((t) => t.outcome))}`;
}

export async function benchMergePrediction(): Promise<BenchPart> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'agentfleet-bench-merge-'));
  try {
    process.stderr.write(`bench/alerts: generating ${LAYOUT.agents} work trees × ${LAYOUT.changedFilesPerAgent} changed files…\n`);
    const fleet = await createFleetRepository(root, LAYOUT);

    const snapshotMs: number[] = [];
    const coldMs: number[] = [];
    const coldBaselineMs: number[] = [];
    let states: WorktreeState[] = [];
    let checks: FleetMergeChecks | undefined;
    let coldMerges = 0;
    for (let rep = 0; rep < COLD_REPS; rep++) {
      process.stderr.write(`bench/alerts: merge prediction, cold ${rep + 1}/${COLD_REPS}\n`);
      snapshotMs.push(await elapsedMs(async () => (states = await snapshotAll(fleet, new SnapshotCommitCache()))));
      const { checker, lastBatch } = recordingChecker();
      coldMs.push(await elapsedMs(async () => (checks = await checker.check(states))));
      coldMerges = lastBatch().length;
      coldBaselineMs.push(await elapsedMs(() => plainMergeTree(fleet.gitDir, lastBatch())));
    }

    // Warm: one checker that has seen the fleet; each rep one agent (in turn) edits one file.
    const { checker, lastBatch } = recordingChecker();
    await checker.check(states);
    const cachedMs = await elapsedMs(() => checker.check(states));
    const commits = new SnapshotCommitCache();
    const warmSnapshotMs: number[] = [];
    const warmMs: number[] = [];
    const warmBaselineMs: number[] = [];
    const warmMerges = new Set<number>();
    for (let rep = 0; rep < WARM_REPS; rep++) {
      const agent = rep % LAYOUT.agents;
      await fleet.editOneFile(agent, rep);
      const target = states[agent]!.target;
      warmSnapshotMs.push(await elapsedMs(async () => (states[agent] = { snapshot: await snapshotWorktree(fleet.worktrees[agent]!, commits), target })));
      warmMs.push(await elapsedMs(() => checker.check(states)));
      warmMerges.add(lastBatch().length);
      warmBaselineMs.push(await elapsedMs(() => plainMergeTree(fleet.gitDir, lastBatch())));
    }

    const p50 = (samples: readonly number[]) => percentile(samples, 50);
    return {
      title: `merge-conflict prediction: ${LAYOUT.agents} work trees × ${LAYOUT.changedFilesPerAgent} uncommitted changed files (${LAYOUT.files} files of ${LAYOUT.linesPerFile} lines)`,
      rows: [
        { figure: `check, cold: ${coldMerges} merges with line ranges, p50 of ${COLD_REPS}`, value: p50(coldMs), unit: 'ms', baseline: p50(coldBaselineMs), baselineLabel: 'plain merge-tree, same merges' },
        {
          figure: `check after one agent's edit (${[...warmMerges].join('/')} merges recomputed), p50 of ${WARM_REPS}`,
          value: p50(warmMs),
          unit: 'ms',
          baseline: p50(warmBaselineMs),
          baselineLabel: 'plain merge-tree, same merges',
        },
        { figure: `snapshot of the edited work tree, p50 of ${WARM_REPS}`, value: p50(warmSnapshotMs), unit: 'ms' },
        { figure: `snapshots of all ${LAYOUT.agents} work trees, cold, p50 of ${COLD_REPS}`, value: p50(snapshotMs), unit: 'ms' },
        { figure: 're-check with nothing changed (all cached)', value: cachedMs, unit: 'ms' },
      ] satisfies BenchRow[],
      notes: checks === undefined ? [] : [describeConflicts(checks)],
      targets: [],
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
