/** Latency and throughput figures, and the plain-text tables the benchmark prints. */

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentiles of latencies in milliseconds. */
export function summarize(latenciesMs: number[]): LatencySummary {
  const sorted = Float64Array.from(latenciesMs).sort();
  const n = sorted.length;
  const at = (p: number) => (n === 0 ? NaN : sorted[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))]);
  let sum = 0;
  for (const v of sorted) sum += v;
  return { count: n, p50: at(50), p95: at(95), p99: at(99), max: n ? sorted[n - 1] : NaN, mean: n ? sum / n : NaN };
}

export const ms = (v: number) => (Number.isFinite(v) ? `${v < 10 ? v.toFixed(2) : v.toFixed(1)} ms` : 'n/a');
export const perSecond = (v: number) => `${Math.round(v).toLocaleString('en-US')}/s`;
export const count = (v: number) => v.toLocaleString('en-US');
export const seconds = (msValue: number) => `${(msValue / 1000).toFixed(2)} s`;
export const megabytes = (kb: number) => `${(kb / 1024).toFixed(1)} MB`;

export function describeLatency(s: LatencySummary): string {
  return `p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, p99 ${ms(s.p99)}, max ${ms(s.max)} (${count(s.count)} requests)`;
}

/** A left-aligned text table with a header rule. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (c ?? '').padEnd(widths[i])).join(' | ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-+-'), ...rows.map(line)].join('\n');
}

export interface Figure {
  step: string;
  figure: string;
  value: string;
  target: string;
  /** null: informational, no target. */
  pass: boolean | null;
}

export function figuresTable(figures: Figure[]): string {
  return table(
    ['step', 'figure', 'value', 'target', 'result'],
    figures.map((f) => [f.step, f.figure, f.value, f.target, f.pass === null ? '' : f.pass ? 'PASS' : 'FAIL']),
  );
}
