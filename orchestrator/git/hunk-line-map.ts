import type { Hunk } from './changed-hunks.js';

/**
 * Maps lines of a diff's new side back to its old side, from the diff's
 * `--unified=0` hunks (sorted, as git prints them): every line outside a
 * hunk is unchanged, so it sits at its new line number minus the lines the
 * hunks before it added net.
 */

function endsBefore(hunk: Hunk, newLine: number): boolean {
  // A pure deletion (newLines 0) sits after new line `newStart`.
  return hunk.newLines === 0 ? hunk.newStart < newLine : hunk.newStart + hunk.newLines <= newLine;
}

function contains(hunk: Hunk, newLine: number): boolean {
  return hunk.newLines > 0 && newLine >= hunk.newStart && newLine < hunk.newStart + hunk.newLines;
}

/**
 * How many old-side lines come before new-side line `newLine` (1-based).
 * For an unchanged line that is its old line number minus one; for an added
 * line, the old lines before its hunk.
 */
export function oldLinesBefore(hunks: readonly Hunk[], newLine: number): number {
  let netAdded = 0;
  for (const hunk of hunks) {
    if (contains(hunk, newLine)) return hunk.oldLines === 0 ? hunk.oldStart : hunk.oldStart - 1;
    if (!endsBefore(hunk, newLine)) break;
    netAdded += hunk.newLines - hunk.oldLines;
  }
  return newLine - 1 - netAdded;
}
