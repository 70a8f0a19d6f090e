import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, type CooperativeContext } from '@coop/core';
import { detectOdooCapabilities, OdooError, type OdooCapabilities } from '@coop/odoo';
import { OdooConnectionsService, type ResolvedConnection } from '../connection/odoo-connections.service';
import { checkOdooReadiness, type OdooReadiness } from '../connection/odoo-readiness';
import { partnerColumns } from '../mapping/partner-mapping';
import { ODOO_GATEWAY_FACTORY, type OdooGatewayFactory } from '../odoo-gateway.factory';
import { applyBatch, emptyStats, planBatch, type BatchPlan, type SyncStats } from './batch-sync';
import { MeteredGateway } from './metered-gateway';
import { readBindings, readReferenceData } from './odoo-lookups';
import { loadBehaviour } from './partner-loader';
import { membersToRepair } from './sync-plan';
import { OdooSyncRepository } from './sync.repository';
import { SYNC_LOCK_SQL, syncLockKey } from './sync-lock';

export type SyncTrigger = 'API' | 'WORKER' | 'COMMAND';
export type { SyncStats } from './batch-sync';

export interface SyncProgress {
  phase: 'connecting' | 'lookups' | 'syncing' | 'done';
  done: number;
  total: number;
  stats: SyncStats;
}

/** Members per `res.partner.load` call, unless the settings or the caller say otherwise. */
export const DEFAULT_SYNC_BATCH_SIZE = 500;

export const ODOO_SYNC_SETTINGS = Symbol('ODOO_SYNC_SETTINGS');
/** The sync's settings from the service's configuration (ODOO_BATCH_SIZE). */
export interface OdooSyncSettings {
  batchSize: number;
}
/** After this many failed attempts a member goes to the dead-letter list, for an accountant to look at and retry. */
export const MAX_ATTEMPTS = 5;

export interface SyncOptions {
  trigger: SyncTrigger;
  /** Members per load call (default: the settings' ODOO_BATCH_SIZE). */
  batchSize?: number;
  /** A member that failed waits this long before its next try, doubled at each failure (default 60 s). */
  retryDelaySeconds?: number;
  onProgress?: (p: SyncProgress) => void;
}

export interface SyncResult {
  runId: string;
  status: 'SUCCEEDED' | 'PARTIAL' | 'FAILED';
  stats: SyncStats;
  error: string | null;
}

/**
 * Syncs a cooperative's members to Odoo contacts on its current target. Idempotent and incremental: each batch is one
 * `res.partner.load` call whose rows carry the members' external ids, so Odoo creates a partner and its binding in one
 * transaction, or updates the bound partner in place; only members whose content changed are sent; a crash at any
 * point leaves at worst partners whose answer was lost, found again by their external ids at the next run.
 */
@Injectable()
export class OdooSyncService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('OdooSync');
  /** Runs started by the API, still going: shutdown waits for them, so none is cut between two calls. */
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly connections: OdooConnectionsService,
    private readonly repository: OdooSyncRepository,
    @Inject(ODOO_GATEWAY_FACTORY) private readonly gatewayFactory: OdooGatewayFactory,
    @Inject(ODOO_SYNC_SETTINGS) private readonly settings: OdooSyncSettings,
  ) {}

  /** Connects and reports what the sync needs to know: version, modules, the user's rights, the company. */
  async checkReadiness(ctx: CooperativeContext): Promise<OdooReadiness> {
    const { cooperativeId } = ctx;
    const resolved = await this.connections.resolve(cooperativeId);
    try {
      const { readiness, capabilities } = await checkOdooReadiness(this.gatewayFactory(resolved.connection), resolved.companyId);
      await this.connections.saveCapabilities(cooperativeId, capabilities);
      return readiness;
    } catch (e) {
      throw toDomainError(e);
    }
  }

  /** Starts a run and returns its id at once; the run goes on in the background (the API's trigger). */
  async start(ctx: CooperativeContext, trigger: SyncTrigger): Promise<string> {
    const { cooperativeId } = ctx;
    const { runId, resolved, release } = await this.begin(cooperativeId, trigger);
    const running = this.execute(resolved, runId, { trigger })
      .catch((e) => this.logger.error({ message: 'Odoo sync run crashed', cooperativeId, runId, error: (e as Error).message }))
      .finally(release);
    this.inFlight.add(running);
    void running.finally(() => this.inFlight.delete(running));
    return runId;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  /** Runs one sync to the end (the worker and the command). */
  async run(ctx: CooperativeContext, options: SyncOptions): Promise<SyncResult> {
    const { runId, resolved, release } = await this.begin(ctx.cooperativeId, options.trigger);
    try {
      return await this.execute(resolved, runId, options);
    } finally {
      await release();
    }
  }

  /** Whether a run has work: pending changes, or no run on this target for `reconcileMs` (deleted partners are noticed by a run). */
  async isDue(ctx: CooperativeContext, reconcileMs?: number): Promise<boolean> {
    const { cooperativeId } = ctx;
    const { targetId } = await this.connections.target(cooperativeId);
    if ((await this.repository.pendingMembers(cooperativeId, targetId, 1)).length > 0) return true;
    if (reconcileMs === undefined) return false;
    const last = await this.repository.lastRunStartedAt(cooperativeId, targetId);
    return last === null || Date.now() - last.getTime() >= reconcileMs;
  }

  /** One run per cooperative at a time: a session advisory lock held by a connection for the run's duration. */
  private async begin(cooperativeId: string, trigger: SyncTrigger): Promise<{ runId: string; resolved: ResolvedConnection; release: () => Promise<void> }> {
    await this.connections.resolve(cooperativeId); // 404 / not configured / secret unavailable: before anything starts
    const lock = this.db.createQueryRunner();
    await lock.connect();
    const [{ locked }] = await lock.query(`SELECT ${SYNC_LOCK_SQL.trySession} AS locked`, [syncLockKey(cooperativeId)]);
    if (!locked) {
      await lock.release();
      throw new DomainError('ODOO_SYNC_RUNNING', 'a sync of this cooperative is already running', 'cooperativeId');
    }
    const release = async () => {
      await lock.query(`SELECT ${SYNC_LOCK_SQL.unlockSession}`, [syncLockKey(cooperativeId)]).catch(() => undefined);
      await lock.release();
    };
    try {
      // Resolved again under the lock: a connection change waits for the lock, so the run's target is the current one.
      const resolved = await this.connections.resolve(cooperativeId);
      return { runId: await this.repository.startRun(cooperativeId, resolved.targetId, trigger), resolved, release };
    } catch (e) {
      await release();
      throw e;
    }
  }

  private async execute(resolved: ResolvedConnection, runId: string, options: SyncOptions): Promise<SyncResult> {
    const stats = emptyStats();
    const progress = (phase: SyncProgress['phase'], done: number, total: number) => options.onProgress?.({ phase, done, total, stats });
    const { cooperativeId, targetId } = resolved;
    const started = performance.now();
    const gw = new MeteredGateway(this.gatewayFactory(resolved.connection));
    let status: SyncResult['status'] = 'SUCCEEDED';
    let error: Error | null = null;
    let recording: Promise<void> = Promise.resolve();
    try {
      progress('connecting', 0, 0);
      // Independent questions go together: Odoo's (who we are, what is installed) with the ledger's.
      const [capabilities, pending, recorded, colleges] = await Promise.all([
        this.connect(gw, resolved),
        this.repository.pendingMembers(cooperativeId, targetId),
        this.repository.recordedMembers(cooperativeId, targetId),
        this.repository.collegeNames(cooperativeId),
      ]);
      progress('lookups', 0, pending.length);
      const recordedPartners = recorded.flatMap((r) => (r.odooPartnerId === null ? [] : [r.odooPartnerId]));
      const [ref, bindings] = await Promise.all([
        readReferenceData(gw, colleges),
        readBindings(
          gw,
          resolved.module,
          recorded.map((r) => r.memberId),
          recordedPartners,
        ),
      ]);
      const repairs = membersToRepair(recorded, new Set(pending.map((p) => p.memberId)), bindings);
      const work: [string, string | null][] = [
        ...pending.map((p): [string, string] => [p.memberId, p.lastEventId]),
        ...repairs.map((id): [string, null] => [id, null]),
      ];
      stats.pending = pending.length;
      stats.repaired = repairs.length;

      const batchSize = options.batchSize ?? this.settings.batchSize;
      const retryDelaySeconds = options.retryDelaySeconds ?? 60;
      const columns = partnerColumns(resolved);
      const odoo = loadBehaviour(capabilities.majorVersion);
      const plan = async (i: number) =>
        planBatch(await this.repository.loadMembers(cooperativeId, targetId, new Map(work.slice(i, i + batchSize))), bindings, ref, resolved, columns, stats);
      // Odoo's work on a batch overlaps ours: while its calls are in flight, the next batch is read and planned, and the
      // previous batch's outcome recorded. Batches hold distinct members, so nothing one learns changes the next's plan.
      let planned: Promise<BatchPlan> | null = work.length ? plan(0) : null;
      try {
        for (let i = 0; planned; i += batchSize) {
          const batch = await planned;
          const applying = applyBatch(gw, odoo, resolved.module, columns, batch, stats);
          planned = i + batchSize < work.length ? plan(i + batchSize) : null;
          // Both settle before going on: what Odoo accepted is recorded even when the next batch cannot be planned.
          const [applied] = await Promise.allSettled([applying, planned ?? undefined]);
          if (applied.status === 'rejected') throw applied.reason;
          await recording;
          const done = Math.min(i + batchSize, work.length);
          recording = this.repository.record(cooperativeId, targetId, applied.value, retryDelaySeconds, MAX_ATTEMPTS).then((dead) => {
            stats.dead += dead;
            stats.processed = done;
            progress('syncing', done, work.length);
          });
        }
        await recording;
      } finally {
        await Promise.allSettled([planned]);
      }
      if (stats.failed > 0) status = 'PARTIAL';
    } catch (e) {
      await recording.catch(() => undefined); // what Odoo accepted before the failure is still recorded
      status = 'FAILED';
      error = e instanceof Error ? e : new Error(String(e));
      this.logger.warn({ message: 'Odoo sync run failed', cooperativeId, runId, error: error.message });
    } finally {
      stats.calls = gw.calls;
      stats.odooMs = Math.round(gw.busyMs);
      stats.outsideOdooMs = Math.max(0, Math.round(performance.now() - started - gw.busyMs));
      const kind = error instanceof OdooError ? error.kind : error instanceof DomainError ? error.code : 'ERROR';
      await this.repository.finishRun(runId, status, stats, error ? { message: error.message, kind } : null);
      progress('done', stats.processed, stats.pending + stats.repaired);
    }
    return { runId, status, stats, error: error?.message ?? null };
  }

  /** Authenticates, detects what the server has (saved for the API) and checks the configured company exists. */
  private async connect(gw: MeteredGateway, resolved: ResolvedConnection): Promise<OdooCapabilities> {
    await gw.authenticate();
    const [capabilities, company] = await Promise.all([
      detectOdooCapabilities(gw),
      resolved.companyId === null ? null : gw.searchRead('res.company', [['id', '=', resolved.companyId]], { fields: ['name'] }),
    ]);
    if (company && company.length === 0) {
      throw new DomainError(
        'ODOO_COMPANY_NOT_FOUND',
        `Odoo has no company ${resolved.companyId} visible to the sync user: correct companyId in the connection`,
        'companyId',
      );
    }
    await this.connections.saveCapabilities(resolved.cooperativeId, capabilities);
    return capabilities;
  }
}

/** Odoo's refusals of a whole connection, as API errors. */
export function toDomainError(e: unknown): Error {
  if (!(e instanceof OdooError)) return e as Error;
  if (e.kind === 'AUTHENTICATION' || e.kind === 'UNKNOWN_DATABASE') return new DomainError('ODOO_AUTHENTICATION_FAILED', e.message, 'login', { kind: e.kind });
  return new DomainError('ODOO_UNREACHABLE', e.message, 'url', { kind: e.kind });
}
