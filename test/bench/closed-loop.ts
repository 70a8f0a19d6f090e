/**
 * A closed-loop load: `concurrency` workers each run one operation after another for a warm-up then a measured
 * window. Only operations that start and finish inside the window are counted, so the rate is not inflated by the
 * warm-up nor by operations still in flight at the end.
 */
export interface ClosedLoopOptions {
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  /** One operation; it throws when it failed. Its latency is measured around it. */
  operation: (worker: number) => Promise<void>;
  /** Called with the first errors (at most 5 kept). */
  describeError?: (e: unknown) => string;
}

export interface ClosedLoopResult {
  completed: number;
  failed: number;
  /** completed per second of the measured window */
  rate: number;
  latenciesMs: number[];
  errors: string[];
  windowMs: number;
}

const now = () => Number(process.hrtime.bigint()) / 1e6;

export async function closedLoop(options: ClosedLoopOptions): Promise<ClosedLoopResult> {
  const start = now();
  const windowStart = start + options.warmupMs;
  const windowEnd = windowStart + options.durationMs;
  const latenciesMs: number[] = [];
  const errors: string[] = [];
  let completed = 0;
  let failed = 0;
  const worker = async (index: number) => {
    while (now() < windowEnd) {
      const t0 = now();
      let ok = true;
      try {
        await options.operation(index);
      } catch (e) {
        ok = false;
        if (errors.length < 5) errors.push(options.describeError ? options.describeError(e) : String(e));
      }
      const t1 = now();
      // Failures count wherever they happen: every operation must succeed, warm-up included.
      if (!ok) failed++;
      else if (t0 >= windowStart && t1 <= windowEnd) {
        completed++;
        latenciesMs.push(t1 - t0);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, i) => worker(i)));
  return { completed, failed, rate: completed / (options.durationMs / 1000), latenciesMs, errors, windowMs: options.durationMs };
}

/** Runs `total` operations with `concurrency` workers; returns each one's latency. */
export async function fixedCount(total: number, concurrency: number, operation: (i: number) => Promise<void>): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const t0 = now();
      await operation(i);
      latencies.push(now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, () => worker()));
  return latencies;
}
