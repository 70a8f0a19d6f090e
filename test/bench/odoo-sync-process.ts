import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { ChildMemory, ChildMessage } from './odoo-sync-child';
import { processMemory } from './service-process';

/** The child's result (run figures, gateway time per model.method, memory at the end) plus what the parent saw. */
export type SyncProcessReport = Omit<Extract<ChildMessage, { type: 'result' }>, 'type' | 'memory'> & {
  /** Nest application start in the child (not part of wallMs) */
  bootMs: number;
  pid: number;
  /** the child's memory after boot, before the run */
  atReady: ChildMemory;
  /** the child's memory at the end of the run; hwmKb is the peak RSS of the whole process (VmHWM) */
  atEnd: ChildMemory;
  /** the highest VmRSS the parent saw sampling /proc/<pid>/status every 50 ms (a cross-check of VmHWM) */
  sampledPeakRssKb: number;
};

export interface SyncProcessOptions {
  root: string;
  databaseUrl: string;
  secretKey: string;
  cooperativeId: string;
  batchSize?: number;
  timeoutMs: number;
  onProgress?: (p: Extract<ChildMessage, { type: 'progress' }>['progress']) => void;
}

/** Children still running: the benchmark's cleanup kills them (by pid, SIGKILL) if it stops early. */
const live = new Set<ChildProcess>();

export function killSyncProcesses(): void {
  for (const child of live) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  live.clear();
}

/** Forks dist/test/bench/odoo-sync-child.js for one sync run and waits for its report. */
export function runSyncProcess(o: SyncProcessOptions): Promise<SyncProcessReport> {
  const nodeArgs = (process.env.BENCH_SYNC_NODE_ARGS ?? '').split(/\s+/).filter(Boolean); // e.g. "--cpu-prof --cpu-prof-dir=.bench"
  const child = fork(path.join(o.root, 'dist/test/bench/odoo-sync-child.js'), [], {
    cwd: o.root,
    execArgv: nodeArgs,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: process.env.NODE_ENV,
      DATABASE_URL: o.databaseUrl,
      ODOO_SECRET_KEY: o.secretKey,
      BENCH_COOPERATIVE_ID: o.cooperativeId,
      ...(o.batchSize ? { BENCH_BATCH_SIZE: String(o.batchSize) } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  live.add(child);
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString('utf8'));
    if (output.length > 100) output.splice(0, output.length - 100);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const recent = () => output.join('').trim().split('\n').slice(-30).join('\n');

  return new Promise<SyncProcessReport>((resolve, reject) => {
    let ready: Extract<ChildMessage, { type: 'ready' }> | null = null;
    let result: Extract<ChildMessage, { type: 'result' }> | null = null;
    let failure: string | null = null;
    let sampledPeak = 0;
    const sample = () => {
      try {
        const rss = processMemory(child.pid as number).rssKb;
        if (Number.isFinite(rss)) sampledPeak = Math.max(sampledPeak, rss); // not once the process is a zombie
      } catch {
        /* exited */
      }
    };
    const sampler = setInterval(sample, 50);
    const timer = setTimeout(() => {
      failure = `the sync process did not finish within ${o.timeoutMs / 1000} s`;
      child.kill('SIGKILL');
    }, o.timeoutMs);
    child.on('message', (m: ChildMessage) => {
      if (m.type === 'ready') ready = m;
      else if (m.type === 'progress') o.onProgress?.(m.progress);
      else if (m.type === 'result') {
        sample();
        result = m;
      } else if (m.type === 'failed') failure = m.error;
    });
    child.once('exit', (code, signal) => {
      clearInterval(sampler);
      clearTimeout(timer);
      live.delete(child);
      if (result && ready && code === 0) {
        const { type: _type, memory, ...figures } = result;
        resolve({
          ...figures,
          bootMs: ready.bootMs,
          pid: child.pid as number,
          atReady: ready.memory,
          atEnd: memory,
          sampledPeakRssKb: sampledPeak,
        });
      } else {
        reject(new Error(`the sync process (pid ${child.pid}) failed: ${failure ?? `exit code ${code}, signal ${signal}`}\n${recent()}`));
      }
    });
  });
}
