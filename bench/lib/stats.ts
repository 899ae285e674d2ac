// Small helpers shared by the benchmarks: timing, medians and percentiles, and a plain-text table.

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile, p in 0..100. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((x, y) => x - y);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

/** Runs fn `runs` times (after `warmup` unrecorded runs) and returns each run's wall time in ms. */
export function timeRuns(runs: number, fn: () => void, warmup = 1): number[] {
  for (let i = 0; i < warmup; i++) fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    out.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return out;
}

/** Prints rows as an aligned table; the first row is the header. */
export function printTable(title: string, rows: readonly (readonly (string | number)[])[]): void {
  const text = rows.map((row) => row.map((cell) => (typeof cell === 'number' ? formatNumber(cell) : cell)));
  const widths = text[0]?.map((_, col) => Math.max(...text.map((row) => (row[col] ?? '').length))) ?? [];
  process.stdout.write(`\n${title}\n`);
  for (const [i, row] of text.entries()) {
    process.stdout.write(`${row.map((cell, col) => cell.padEnd(widths[col] ?? 0)).join('  ')}\n`);
    if (i === 0) process.stdout.write(`${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  }
}

function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 1000) return Math.round(n).toLocaleString('en-US');
  return n.toPrecision(3);
}
