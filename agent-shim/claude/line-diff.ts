/**
 * Lines added and removed between two texts: the shortest edit script
 * (Myers' O(ND) algorithm), as `git diff --numstat` counts them. The common
 * head and tail are trimmed first, so a typical edit costs little; past
 * MAX_EDIT_DISTANCE the whole differing middle is counted as replaced.
 */
export interface LineCounts {
  readonly added: number;
  readonly removed: number;
}

/** Bounds the work (about (N+M)·D steps) a hook may spend on one diff; beyond it, counts are an upper bound. */
const MAX_EDIT_DISTANCE = 2_000;

/** Lines of a text; a final newline ends the last line rather than starting an empty one. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

export function diffLineCounts(before: string, after: string): LineCounts {
  const a = splitLines(before);
  const b = splitLines(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  const distance = editDistance(x, y);
  // distance = added + removed, and added - removed = y.length - x.length.
  return { added: (distance + y.length - x.length) / 2, removed: (distance - y.length + x.length) / 2 };
}

/** Insertions plus deletions of the shortest edit script from `x` to `y`. */
function editDistance(x: readonly string[], y: readonly string[]): number {
  const n = x.length;
  const m = y.length;
  const max = Math.min(n + m, MAX_EDIT_DISTANCE);
  const offset = max + 1;
  const furthest = new Int32Array(2 * max + 3);
  for (let d = 0; d <= max; d++) {
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && furthest[offset + k - 1]! < furthest[offset + k + 1]!);
      let i = down ? furthest[offset + k + 1]! : furthest[offset + k - 1]! + 1;
      let j = i - k;
      while (i < n && j < m && x[i] === y[j]) (i++, j++);
      furthest[offset + k] = i;
      if (i >= n && j >= m) return d;
    }
  }
  return n + m;
}
