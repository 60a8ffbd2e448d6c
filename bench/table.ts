/**
 * Every benchmark prints the same kind of table: a figure, the baseline
 * measured in the same run, and their ratio. Benchmarks never assert a time.
 */
export interface BenchRow {
  readonly figure: string;
  readonly value: number;
  readonly unit: string;
  /** Baseline measured in the same process and run, same unit. */
  readonly baseline?: number;
  readonly baselineLabel?: string;
}

function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 1000) return Math.round(n).toLocaleString('en-US');
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(3);
}

/** Renders rows as an aligned text table with a title line. */
export function formatBenchTable(title: string, rows: readonly BenchRow[]): string {
  const header = ['figure', 'value', 'unit', 'baseline', 'ratio'];
  const body = rows.map((r) => [
    r.figure,
    formatNumber(r.value),
    r.unit,
    r.baseline === undefined ? '' : `${formatNumber(r.baseline)}${r.baselineLabel ? ` (${r.baselineLabel})` : ''}`,
    r.baseline === undefined || r.baseline === 0 ? '' : (r.value / r.baseline).toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 1 || i === 4 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  return [`== ${title} ==`, line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

/** p-th percentile (0..100) of unsorted samples, nearest-rank. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}
