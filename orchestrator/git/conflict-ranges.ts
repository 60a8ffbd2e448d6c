import type { LineRange } from '../collisions/alert.js';
import { changedHunks, type Hunk } from './changed-hunks.js';
import { conflictRegions, type MarkerRegion } from './conflict-markers.js';
import { hasRegions, type FileDraft } from './conflicted-files.js';
import { oldLinesBefore } from './hunk-line-map.js';
import { readObjects } from './object-batch.js';

/**
 * Conflicting line ranges of a content conflict, on each side: merge-tree's
 * merged file holds each conflict as `<<<<<<< ours`, ours' lines,
 * `=======`, theirs' lines, `>>>>>>> theirs` (conflict-markers.ts). The
 * lines between the markers are copied verbatim from that side, so they are
 * unchanged lines of `git diff -U0 <side> <merged tree>` for the file; the
 * hunks of that diff map the first of them back to its line number in the
 * side's own file (hunk-line-map.ts), and the range runs as many lines as
 * the region has. A side whose part is empty (it deleted lines the other
 * changed) gets an empty range `{ start: k, end: k - 1 }`: the gap just
 * before its line k. Costs per conflicting merge: one `cat-file --batch`
 * and two diffs (plus one per file renamed on one side).
 */
export interface ConflictRegion {
  readonly ours: LineRange;
  readonly theirs: LineRange;
}

/**
 * Hunks of `git diff -U0 <side> <merged tree>` for each drafted file. A file
 * that is not at its merged path on that side (that side renamed it) is
 * diffed blob to blob: that side's stage blob against the merged blob.
 */
async function sideHunks(
  repoDir: string,
  side: string,
  mergedTree: string,
  drafts: readonly FileDraft[],
  stage: number,
  mergedBlobs: ReadonlyMap<string, string>,
): Promise<Map<string, readonly Hunk[]>> {
  const changes = new Map((await changedHunks(repoDir, side, mergedTree, drafts.map((d) => d.path), { renames: false })).map((c) => [c.path, c]));
  const hunks = new Map<string, readonly Hunk[]>();
  for (const draft of drafts) {
    const change = changes.get(draft.path);
    const sideBlob = draft.stages.get(stage);
    const mergedBlob = mergedBlobs.get(draft.path);
    if (change?.status === 'added' && sideBlob !== undefined && mergedBlob !== undefined) {
      const [blobChange] = await changedHunks(repoDir, sideBlob, mergedBlob);
      hunks.set(draft.path, blobChange?.hunks ?? []);
    } else {
      hunks.set(draft.path, change?.hunks ?? []);
    }
  }
  return hunks;
}

/** Lines `first`..`last` of the merged file, mapped to the side the diff `hunks` came from. */
function sideRange(hunks: readonly Hunk[], first: number, last: number): LineRange {
  const start = oldLinesBefore(hunks, first) + 1;
  return { start, end: start + (last - first) };
}

function regionRanges(region: MarkerRegion, ours: readonly Hunk[], theirs: readonly Hunk[]): ConflictRegion {
  return {
    ours: sideRange(ours, region.openLine + 1, region.separatorLine - 1),
    theirs: sideRange(theirs, region.separatorLine + 1, region.closeLine - 1),
  };
}

/** The conflict regions of each content-conflicted file of the merge of `ours` and `theirs` into `mergedTree`, by path. */
export async function conflictRegionsByPath(
  repoDir: string,
  ours: string,
  theirs: string,
  mergedTree: string,
  drafts: readonly FileDraft[],
): Promise<Map<string, ConflictRegion[]>> {
  const regions = new Map<string, ConflictRegion[]>();
  const withMarkers = drafts.filter(hasRegions);
  if (withMarkers.length === 0) return regions;
  const objects = await readObjects(repoDir, withMarkers.map((d) => `${mergedTree}:${d.path}`));
  const markers = new Map<string, MarkerRegion[]>();
  const mergedBlobs = new Map<string, string>();
  for (const draft of withMarkers) {
    const merged = objects.get(`${mergedTree}:${draft.path}`);
    // A binary file gets no markers; a blob with a NUL is not read as text.
    if (merged?.type !== 'blob' || merged.content.includes(0)) continue;
    const found = conflictRegions(merged.content.toString('utf8'), ours, theirs);
    if (found.length === 0) continue;
    markers.set(draft.path, found);
    mergedBlobs.set(draft.path, merged.oid);
  }
  const marked = withMarkers.filter((d) => markers.has(d.path));
  if (marked.length === 0) return regions;
  const [oursHunks, theirsHunks] = await Promise.all([
    sideHunks(repoDir, ours, mergedTree, marked, 2, mergedBlobs),
    sideHunks(repoDir, theirs, mergedTree, marked, 3, mergedBlobs),
  ]);
  for (const draft of marked) {
    const oursFile = oursHunks.get(draft.path) ?? [];
    const theirsFile = theirsHunks.get(draft.path) ?? [];
    regions.set(draft.path, markers.get(draft.path)!.map((region) => regionRanges(region, oursFile, theirsFile)));
  }
  return regions;
}
