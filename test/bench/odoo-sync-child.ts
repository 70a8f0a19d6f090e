/**
 * One Odoo sync run in a process of its own, as the worker (`npm run odoo:worker`) and the command (`npm run
 * odoo:sync`) run it: the same application context (createWorkerContext: no HTTP, pool of 5 connections), the production gateway factory
 * (XML-RPC, 60 s timeout, 4 attempts), `OdooSyncService.run`. Started by odoo-sync-process.ts with fork(); reports
 * over IPC: `ready` (after boot), `progress` (at most every 250 ms), `result` (the run, its wall time, this process's
 * memory from /proc/self/status). The memory figure of the benchmark is this process's VmHWM.
 *
 * Environment: DATABASE_URL, ODOO_SECRET_KEY, BENCH_COOPERATIVE_ID, BENCH_BATCH_SIZE (optional).
 */
import 'reflect-metadata';
import { systemContext } from '@coop/core';
import type { OdooGateway } from '@coop/odoo';
import { defaultOdooGatewayFactory, OdooSyncService, type OdooGatewayFactory, type SyncProgress } from '@coop/odoo-sync';
import { createLogger } from '@coop/bootstrap';
import { createWorkerContext } from '../../apps/odoo-worker/src/odoo-worker.module';
import { processMemory } from './service-process';

export interface ChildMemory {
  rssKb: number;
  hwmKb: number;
  heapUsedKb: number;
  externalKb: number;
}

export type ChildMessage =
  | { type: 'ready'; bootMs: number; memory: ChildMemory }
  | { type: 'progress'; progress: Omit<SyncProgress, 'stats'> & { calls: number; created: number; updated: number } }
  | {
      type: 'result';
      runId: string;
      status: string;
      error: string | null;
      stats: Record<string, number>;
      /** wall time of OdooSyncService.run, measured in the child */
      wallMs: number;
      /** CPU time (user + system) of the child during the run: everything the sync does itself, overlapped or not */
      cpuMs: number;
      /** time spent inside gateway calls (XML-RPC: marshalling, HTTP, Odoo's work, parsing), per model.method */
      odoo: Record<string, { calls: number; ms: number }>;
      memory: ChildMemory;
    }
  | { type: 'failed'; error: string };

function memory(): ChildMemory {
  const m = process.memoryUsage();
  return { ...processMemory(process.pid), heapUsedKb: Math.round(m.heapUsed / 1024), externalKb: Math.round(m.external / 1024) };
}

/**
 * The production gateway, with the time of each call recorded. Every typed helper (searchRead, create, write…) goes
 * through executeKw on the same instance, so wrapping executeKw, version and authenticate times each call once.
 */
function timedGatewayFactory(times: Record<string, { calls: number; ms: number }>): OdooGatewayFactory {
  const record = (key: string, t0: number) => {
    const entry = (times[key] ??= { calls: 0, ms: 0 });
    entry.calls++;
    entry.ms += performance.now() - t0;
  };
  const timed =
    <A extends unknown[], R>(fn: (...a: A) => Promise<R>, key: (...a: A) => string) =>
    async (...args: A): Promise<R> => {
      const t0 = performance.now();
      try {
        return await fn(...args);
      } finally {
        record(key(...args), t0);
      }
    };
  return (connection) => {
    const gateway = defaultOdooGatewayFactory(connection);
    const g = gateway as { -readonly [K in keyof OdooGateway]: OdooGateway[K] };
    g.version = timed(gateway.version.bind(gateway), () => 'common.version');
    g.authenticate = timed(gateway.authenticate.bind(gateway), () => 'common.authenticate');
    g.executeKw = timed(gateway.executeKw.bind(gateway), (model: string, method: string) => `${model}.${method}`) as OdooGateway['executeKw'];
    return gateway;
  };
}

const send = (m: ChildMessage) => new Promise<void>((resolve) => (process.send ? process.send(m, () => resolve()) : resolve()));

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  const cooperativeId = process.env.BENCH_COOPERATIVE_ID;
  if (!databaseUrl || !cooperativeId) throw new Error('DATABASE_URL and BENCH_COOPERATIVE_ID are required');
  const batchSize = process.env.BENCH_BATCH_SIZE ? Number(process.env.BENCH_BATCH_SIZE) : undefined;
  const bootStarted = performance.now();
  const logger = createLogger('text', ['fatal', 'error', 'warn']);
  const odooTimes: Record<string, { calls: number; ms: number }> = {};
  const app = await createWorkerContext({
    database: { url: databaseUrl, poolSize: 5, runMigrations: false },
    logger,
    odoo: { gatewayFactory: timedGatewayFactory(odooTimes), env: { ODOO_SECRET_KEY: process.env.ODOO_SECRET_KEY } },
  });
  try {
    await send({ type: 'ready', bootMs: performance.now() - bootStarted, memory: memory() });
    const sync = app.get(OdooSyncService);
    let lastSent = 0;
    const onProgress = (p: SyncProgress) => {
      const now = performance.now();
      if (p.phase === 'syncing' && now - lastSent < 250 && p.done < p.total) return;
      lastSent = now;
      void send({
        type: 'progress',
        progress: { phase: p.phase, done: p.done, total: p.total, calls: p.stats.calls, created: p.stats.created, updated: p.stats.updated },
      });
    };
    const started = performance.now();
    const cpu = process.cpuUsage();
    const result = await sync.run(systemContext(cooperativeId, 'bench'), { trigger: 'WORKER', batchSize, onProgress });
    const wallMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    await send({
      type: 'result',
      runId: result.runId,
      status: result.status,
      error: result.error,
      stats: { ...result.stats },
      wallMs,
      cpuMs,
      odoo: odooTimes,
      memory: memory(),
    });
  } finally {
    await app.close();
  }
}

main()
  .then(() => process.exit(0))
  .catch(async (e) => {
    await send({ type: 'failed', error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    process.exit(1);
  });
