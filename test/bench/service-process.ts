import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { HttpClient } from './http-client';

export interface ProcessMemory {
  /** resident set size now, kB */
  rssKb: number;
  /** peak resident set size since the process started ("high water mark"), kB */
  hwmKb: number;
}

/** VmRSS and VmHWM of a live process, from /proc/<pid>/status (Linux). */
export function processMemory(pid: number): ProcessMemory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssKb: kb('VmRSS'), hwmKb: kb('VmHWM') };
}

/** The real service, `node dist/apps/api/src/main.js`, as a child process on a loopback port. */
export class ServiceProcess {
  private output: string[] = [];
  private exited: Promise<number | null>;
  private exitCode: number | null | undefined;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {
    const keep = (chunk: Buffer) => {
      this.output.push(chunk.toString('utf8'));
      if (this.output.length > 200) this.output.splice(0, this.output.length - 200);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.exitCode = code ?? (signal ? null : 0);
        resolve(code);
      }),
    );
  }

  get pid(): number {
    return this.child.pid as number;
  }

  /** What the service printed last (its warnings and errors: it runs with LOG_LEVEL=warn). */
  recentOutput(): string {
    return this.output.join('').trim().split('\n').slice(-40).join('\n');
  }

  static async start(opts: { root: string; databaseUrl: string; port: number; poolSize?: number }): Promise<ServiceProcess> {
    // e.g. BENCH_SERVICE_NODE_ARGS="--cpu-prof --cpu-prof-dir=.bench" to profile the service during the run
    const nodeArgs = (process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
    const child = spawn(process.execPath, [...nodeArgs, path.join(opts.root, 'dist/apps/api/src/main.js')], {
      cwd: opts.root,
      env: {
        ...process.env,
        DATABASE_URL: opts.databaseUrl,
        PORT: String(opts.port),
        LOG_LEVEL: 'warn',
        LOG_FORMAT: 'text',
        MIGRATIONS_RUN: 'false',
        // the benchmark signs in 50 times in a row from one address (the figure is the login's cost, not the throttle)
        LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
        ...(opts.poolSize ? { DB_POOL_SIZE: String(opts.poolSize) } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const service = new ServiceProcess(child, opts.port);
    try {
      await service.waitHealthy(60_000);
    } catch (e) {
      await service.stop();
      throw e;
    }
    return service;
  }

  private async waitHealthy(timeoutMs: number): Promise<void> {
    const client = new HttpClient(this.port, 1);
    const deadline = Date.now() + timeoutMs;
    try {
      while (Date.now() < deadline) {
        if (this.exitCode !== undefined) throw new Error(`the service exited (code ${this.exitCode}) before it was healthy:\n${this.recentOutput()}`);
        const res = await client.request('GET', '/health', undefined, 2000).catch(() => null);
        if (res?.status === 200) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`the service did not answer /health within ${timeoutMs} ms:\n${this.recentOutput()}`);
    } finally {
      client.close();
    }
  }

  isRunning(): boolean {
    return this.exitCode === undefined;
  }

  /** SIGTERM (the service closes its pool and exits), SIGKILL if it has not within 15 s. */
  async stop(): Promise<void> {
    if (!this.isRunning()) return;
    this.child.kill('SIGTERM');
    const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 15_000).unref());
    if ((await Promise.race([this.exited, timer])) === 'timeout' && this.isRunning()) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }
}
