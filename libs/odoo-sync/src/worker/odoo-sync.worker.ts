import { Logger } from '@nestjs/common';
import { systemContext, type AppConfig } from '@coop/core';
import { runInTenant } from '@coop/database';
import type { OdooConnectionsService } from '../connection/odoo-connections.service';
import type { OdooSyncService } from '../sync/odoo-sync.service';

export interface WorkerOptions {
  /** Pause between two passes over the cooperatives. */
  intervalMs: number;
  batchSize?: number;
  retryDelaySeconds?: number;
  /**
   * A cooperative with no pending change still gets a run this often, so that partners deleted in Odoo are noticed and
   * created again without waiting for their member to change (default: never).
   */
  reconcileIntervalMs?: number;
}

/** The worker's options from the service's configuration. */
export function workerOptions(config: Pick<AppConfig, 'odooSyncIntervalMs' | 'odooReconcileIntervalMs'>): WorkerOptions {
  return { intervalMs: config.odooSyncIntervalMs, reconcileIntervalMs: config.odooReconcileIntervalMs || undefined };
}

/**
 * Syncs continuously: every pass runs each enabled cooperative that has pending changes (or is due for a reconciling
 * run). State lives in the database
 * (the outbox and each member's sync state), so a restarted worker resumes where it stopped.
 */
export class OdooSyncWorker {
  private readonly logger = new Logger('OdooSyncWorker');
  private stopping = false;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;

  constructor(
    private readonly connections: OdooConnectionsService,
    private readonly sync: OdooSyncService,
    private readonly options: WorkerOptions,
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
  }

  /** One pass over every enabled cooperative. */
  async pass(): Promise<void> {
    for (const cooperativeId of await this.connections.enabledCooperatives()) {
      if (this.stopping) return;
      try {
        // Each cooperative's run in its tenant scope (row-level security), as the service itself.
        await runInTenant(cooperativeId, () => this.syncOne(cooperativeId));
      } catch (e) {
        // another run in progress (the API's), or the connection cannot be resolved: next pass
        this.logger.warn({ message: 'sync skipped', cooperativeId, reason: (e as Error).message });
      }
    }
  }

  private async syncOne(cooperativeId: string): Promise<void> {
    const ctx = systemContext(cooperativeId, 'odoo-worker');
    if (!(await this.sync.isDue(ctx, this.options.reconcileIntervalMs))) return;
    const result = await this.sync.run(ctx, {
      trigger: 'WORKER',
      batchSize: this.options.batchSize,
      retryDelaySeconds: this.options.retryDelaySeconds,
    });
    if (result.stats.pending > 0 || result.status !== 'SUCCEEDED') {
      this.logger.log({ message: 'sync run', cooperativeId, status: result.status, ...result.stats, error: result.error });
    }
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      await this.pass().catch((e) => this.logger.error({ message: 'worker pass failed', error: (e as Error).message }));
      if (this.stopping) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.intervalMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }
}
