import { formatBenchTable, type BenchRow } from './table.js';

/**
 * One table of a benchmark that measures several things, with the targets
 * the issue set for it: the figure, the limit, and whether the figure met
 * it in this run (printed, never asserted).
 */
export interface BenchTarget {
  readonly figure: string;
  readonly valueMs: number;
  readonly limitMs: number;
}

export interface BenchPart {
  readonly title: string;
  readonly rows: readonly BenchRow[];
  /** Lines printed under the table: what was measured on what. */
  readonly notes: readonly string[];
  readonly targets: readonly BenchTarget[];
}

export function formatBenchPart(part: BenchPart): string {
  const targets = part.targets.map((t) => `target: ${t.figure} ≤ ${t.limitMs} ms — ${t.valueMs <= t.limitMs ? 'met' : 'NOT met'} (${t.valueMs.toFixed(1)} ms)`);
  return [formatBenchTable(part.title, part.rows), ...part.notes, ...targets].join('\n');
}
