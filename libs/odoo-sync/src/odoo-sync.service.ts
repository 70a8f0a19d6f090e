import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type QueryRunner } from 'typeorm';
import { DomainError } from '@coop/core';
import {
  detectOdooCapabilities,
  OdooError,
  stripReadOnlyPartnerFields,
  type OdooCapabilities,
  type OdooGateway,
  type OdooRecord,
  type OdooValues,
} from '@coop/odoo';
import { ODOO_GATEWAY_FACTORY, type OdooGatewayFactory } from './odoo-gateway.factory';
import { OdooConnectionsService, type ResolvedConnection } from './odoo-connections.service';
import {
  collegeTag,
  contentHash,
  externalIdName,
  FORMER_MEMBER_TAG,
  isSyncable,
  MEMBER_TAG,
  partnerValues,
  type MemberForSync,
  type OdooReferenceData,
} from './partner-mapping';

export type SyncTrigger = 'API' | 'WORKER' | 'COMMAND';

export interface SyncStats {
  pending: number;
  processed: number;
  created: number;
  updated: number;
  adopted: number;
  unchanged: number;
  skipped: number;
  failed: number;
  dead: number;
  calls: number;
}

export interface SyncProgress {
  phase: 'connecting' | 'lookups' | 'syncing' | 'done';
  done: number;
  total: number;
  stats: SyncStats;
}

export interface SyncOptions {
  trigger: SyncTrigger;
  batchSize?: number;
  /** A member that failed waits this long before its next try, doubled at each failure (default 60 s). */
  retryDelaySeconds?: number;
  onProgress?: (p: SyncProgress) => void;
}

/** After this many failed attempts a member goes to the dead-letter list, for an accountant to look at and retry. */
export const MAX_ATTEMPTS = 5;

/** Context flags that spare Odoo the chatter work (most of its cost per record) and mails to new partners. */
const QUIET_CONTEXT = { tracking_disable: true, mail_create_nolog: true, mail_create_nosubscribe: true, mail_notrack: true, no_reset_password: true };
const ALL_RECORDS = { active_test: false };
const LOOKUP_CHUNK = 5000;
/** Members mapped between two yields to the event loop while a batch is planned. */
const PLAN_SLICE = 50;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Failures that concern the whole run (Odoo down, bad credentials, no rights): stop, mark nothing, retry later. */
const isRunLevel = (e: unknown) =>
  !(e instanceof OdooError) || e.retryable || ['AUTHENTICATION', 'ACCESS_DENIED', 'UNKNOWN_DATABASE', 'UNKNOWN_MODEL', 'ABORTED', 'NETWORK', 'TIMEOUT', 'SERVER', 'BAD_RESPONSE'].includes(e.kind);

/** A pending member as the sync reads it: what Odoo shows of it, and its sync state. */
interface MemberRow extends MemberForSync {
  lastEventId: string;
  odooPartnerId: number | null;
  syncedHash: string | null;
}

interface PendingMember {
  memberId: string;
  lastEventId: string;
  memberNumber: number | null;
}

interface Bindings {
  byExternalId: Map<string, number>;
  byRef: Map<string, number[]>;
  membersPerPartner: Map<number, number>;
}

interface PlannedCreate {
  m: MemberRow;
  values: OdooValues;
  hash: string;
}

interface BatchPlan {
  members: MemberRow[];
  /** Members decided without a call: skipped, unchanged, or in conflict. */
  outcomes: Outcome[];
  toCreate: PlannedCreate[];
  toBind: { m: MemberRow; partnerId: number }[];
  toWrite: (PlannedCreate & { partnerId: number })[];
}

interface Outcome {
  memberId: string;
  lastEventId: string;
  ok: boolean;
  partnerId?: number;
  hash?: string;
  error?: { kind: string; message: string };
}

/** Counts the calls a run makes to Odoo: the figure the benchmark and the run's stats report. */
class CountingGateway {
  calls = 0;
  constructor(readonly inner: OdooGateway) {}
  count<T>(p: Promise<T>): Promise<T> {
    this.calls++;
    return p;
  }
}

/**
 * Syncs a cooperative's members to Odoo contacts. Idempotent and incremental: members are bound to partners by an
 * external id (ir.model.data), looked up in batch, created in batches, bound in batches; only members whose synced
 * content changed are written; a crash between two calls is recovered through the external id, then `ref`.
 */
@Injectable()
export class OdooSyncService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('OdooSync');
  /** Runs started by the API, still going: shutdown waits for them, so none is cut between two calls. */
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly connections: OdooConnectionsService,
    @Inject(ODOO_GATEWAY_FACTORY) private readonly gatewayFactory: OdooGatewayFactory,
  ) {}

  async checkCapabilities(cooperativeId: string): Promise<OdooCapabilities> {
    const resolved = await this.connections.resolve(cooperativeId);
    const gateway = this.gatewayFactory(resolved.connection);
    try {
      await gateway.authenticate();
      const capabilities = await detectOdooCapabilities(gateway);
      await this.connections.saveCapabilities(cooperativeId, capabilities);
      return capabilities;
    } catch (e) {
      throw toDomainError(e);
    }
  }

  /** Starts a run and returns its id at once; the run goes on in the background (the API's trigger). */
  async start(cooperativeId: string, trigger: SyncTrigger): Promise<string> {
    const { runId, release } = await this.begin(cooperativeId, trigger);
    const running = this.execute(cooperativeId, runId, { trigger })
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
  async run(cooperativeId: string, options: SyncOptions): Promise<{ runId: string; status: string; stats: SyncStats; error: string | null }> {
    const { runId, release } = await this.begin(cooperativeId, options.trigger);
    try {
      return await this.execute(cooperativeId, runId, options);
    } finally {
      await release();
    }
  }

  /** One run per cooperative at a time: a session advisory lock held by a connection for the run's duration. */
  private async begin(cooperativeId: string, trigger: SyncTrigger): Promise<{ runId: string; release: () => Promise<void> }> {
    await this.connections.resolve(cooperativeId); // 404 / not configured / secret unavailable: before anything starts
    const lock = this.db.createQueryRunner();
    await lock.connect();
    const [{ locked }] = await lock.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [`odoo-sync:${cooperativeId}`]);
    if (!locked) {
      await lock.release();
      throw new DomainError('ODOO_SYNC_RUNNING', 'a sync of this cooperative is already running', 'cooperativeId');
    }
    const release = async () => {
      await lock.query('SELECT pg_advisory_unlock(hashtext($1))', [`odoo-sync:${cooperativeId}`]).catch(() => undefined);
      await lock.release();
    };
    try {
      const [{ id }] = await this.db.query(`INSERT INTO odoo_sync_run (cooperative_id, trigger, status) VALUES ($1, $2, 'RUNNING') RETURNING id`, [cooperativeId, trigger]);
      return { runId: id, release };
    } catch (e) {
      await release();
      throw e;
    }
  }

  private async execute(cooperativeId: string, runId: string, options: SyncOptions) {
    const stats: SyncStats = { pending: 0, processed: 0, created: 0, updated: 0, adopted: 0, unchanged: 0, skipped: 0, failed: 0, dead: 0, calls: 0 };
    const progress = (phase: SyncProgress['phase'], done: number, total: number) => options.onProgress?.({ phase, done, total, stats });
    let status = 'SUCCEEDED';
    let error: OdooError | DomainError | Error | null = null;
    let gw: CountingGateway | null = null;
    let recording: Promise<void> = Promise.resolve();
    try {
      const resolved = await this.connections.resolve(cooperativeId);
      gw = new CountingGateway(this.gatewayFactory(resolved.connection));
      progress('connecting', 0, 0);
      // Independent questions go together: Odoo's (who we are, what is installed) with the ledger's (who is pending),
      // then the reference data with the bindings, while the first batch is read.
      const [capabilities, pending] = await Promise.all([this.connect(gw, cooperativeId), this.pendingMembers(cooperativeId)]);
      stats.pending = pending.length;
      const batchSize = options.batchSize ?? 500;
      const retryDelaySeconds = options.retryDelaySeconds ?? 60;
      const load = (i: number) => this.loadMembers(cooperativeId, pending.slice(i, i + batchSize));
      const firstRows = pending.length ? load(0) : null;
      firstRows?.catch(() => undefined); // awaited below; handled here in case the lookups fail first
      progress('lookups', 0, pending.length);
      const [ref, bindings] = await Promise.all([this.referenceData(gw, cooperativeId), this.lookupBindings(gw, resolved, pending)]);

      // Odoo's work on a batch overlaps ours: while its calls are in flight, the next batch's members are read and
      // mapped, and the previous batch's outcome is recorded. Batches hold distinct members; a crash before a record
      // only means that batch is found through its external ids and written again by the next run.
      const plan = async (rows: Promise<MemberRow[]>) => this.planBatch(resolved, capabilities, ref, bindings, await rows, stats);
      let nextRows = pending.length > batchSize ? load(batchSize) : null;
      let planned = firstRows ? plan(firstRows) : null;
      try {
        for (let i = 0; planned; i += batchSize) {
          const batch = await planned;
          const applying = this.applyBatch(gw, resolved, bindings, batch, stats);
          const rows = nextRows;
          nextRows = i + 2 * batchSize < pending.length ? load(i + 2 * batchSize) : null;
          planned = rows ? plan(rows) : null;
          // Both settle before going on: what Odoo accepted is recorded even when the next batch cannot be planned.
          const [applied] = await Promise.allSettled([applying, planned ?? undefined]);
          if (applied.status === 'rejected') throw applied.reason;
          await recording;
          recording = this.record(cooperativeId, applied.value, stats, retryDelaySeconds).then(() => {
            stats.processed += batch.members.length;
            progress('syncing', Math.min(i + batchSize, pending.length), pending.length);
          });
          stats.calls = gw.calls;
        }
        await recording;
      } finally {
        await Promise.allSettled([nextRows, planned]);
      }
      if (stats.failed > 0) status = 'PARTIAL';
    } catch (e) {
      await recording.catch(() => undefined); // what Odoo accepted before the failure is still recorded
      status = 'FAILED';
      error = e instanceof Error ? e : new Error(String(e));
      this.logger.warn({ message: 'Odoo sync run failed', cooperativeId, runId, error: error.message });
    } finally {
      stats.calls = gw?.calls ?? stats.calls;
      await this.db.query(
        `UPDATE odoo_sync_run SET status = $2, finished_at = now(), stats = $3, error = $4, error_kind = $5 WHERE id = $1`,
        [runId, status, JSON.stringify(stats), error?.message ?? null, error instanceof OdooError ? error.kind : error instanceof DomainError ? error.code : error ? 'ERROR' : null],
      );
      progress('done', stats.processed, stats.pending);
    }
    return { runId, status, stats, error: error?.message ?? null };
  }

  /** Authenticates and detects what the server has (the capabilities are saved for the API). */
  private async connect(gw: CountingGateway, cooperativeId: string): Promise<OdooCapabilities> {
    await gw.count(gw.inner.authenticate());
    const capabilities = await detectOdooCapabilities(gw.inner);
    gw.calls += capabilities.modules.cooperator ? 3 : 2;
    await this.connections.saveCapabilities(cooperativeId, capabilities);
    return capabilities;
  }

  /** Whether a run would have anything to do (the worker skips idle cooperatives without calling Odoo). */
  async hasPending(cooperativeId: string): Promise<boolean> {
    return (await this.pendingMembers(cooperativeId, 1)).length > 0;
  }

  /** Members with unprocessed events, oldest change first; dead letters and members waiting for their retry time wait. */
  private async pendingMembers(cooperativeId: string, limit?: number): Promise<PendingMember[]> {
    const rows = await this.db.query(
      `SELECT e.member_id, max(e.id)::text AS last_event_id, m.member_number
       FROM odoo_sync_event e JOIN member m ON m.id = e.member_id LEFT JOIN odoo_member_sync s ON s.member_id = e.member_id
       WHERE e.cooperative_id = $1 AND e.processed_at IS NULL
         AND (s.status IS NULL OR s.status <> 'DEAD') AND (s.next_attempt_at IS NULL OR s.next_attempt_at <= now())
       GROUP BY e.member_id, m.member_number ORDER BY min(e.id) LIMIT $2`,
      [cooperativeId, limit ?? null],
    );
    return rows.map((r: { member_id: string; last_event_id: string; member_number: number | null }) => ({
      memberId: r.member_id,
      lastEventId: r.last_event_id,
      memberNumber: r.member_number,
    }));
  }

  private async loadMembers(cooperativeId: string, pending: PendingMember[]): Promise<MemberRow[]> {
    // Columns named as MemberForSync's fields: the rows are the members, no copy.
    const rows: MemberRow[] = await this.db.query(
      `SELECT m.id, m.member_number AS "memberNumber", m.status, m.person_type AS "personType", m.first_name AS "firstName",
              m.last_name AS "lastName", m.company_name AS "companyName", m.email, m.phone, m.street, m.postal_code AS "postalCode",
              m.city, m.country, m.language, c.name AS "collegeName", s.odoo_partner_id AS "odooPartnerId", s.synced_hash AS "syncedHash"
       FROM member m LEFT JOIN college c ON c.id = m.college_id LEFT JOIN odoo_member_sync s ON s.member_id = m.id
       WHERE m.cooperative_id = $1 AND m.id = ANY(string_to_array($2, ',')::uuid[])`,
      [cooperativeId, pending.map((p) => p.memberId).join(',')],
    );
    const lastEvent = new Map(pending.map((p) => [p.memberId, p.lastEventId]));
    for (const r of rows) r.lastEventId = lastEvent.get(r.id) as string;
    return rows;
  }

  /** Tags (created when missing), countries and installed languages: a few calls per run. */
  private async referenceData(gw: CountingGateway, cooperativeId: string): Promise<OdooReferenceData> {
    const colleges: { name: string }[] = await this.db.query('SELECT name FROM college WHERE cooperative_id = $1', [cooperativeId]);
    const wanted = [MEMBER_TAG, FORMER_MEMBER_TAG, ...colleges.map((c) => collegeTag(c.name))];
    const found = await gw.count(gw.inner.searchRead<OdooRecord & { name: string }>('res.partner.category', [['name', 'in', wanted]], { fields: ['name'] }));
    const tagIds = new Map<string, number>(found.map((t) => [t.name, t.id]));
    const missing = wanted.filter((n) => !tagIds.has(n));
    if (missing.length) {
      const ids = await gw.count(gw.inner.create('res.partner.category', missing.map((name) => ({ name })), { context: QUIET_CONTEXT }));
      missing.forEach((name, i) => tagIds.set(name, ids[i]));
    }
    const countries = await gw.count(gw.inner.searchRead<OdooRecord & { code: string }>('res.country', [], { fields: ['code'] }));
    const languages = await gw.count(gw.inner.searchRead<OdooRecord & { code: string }>('res.lang', [['active', '=', true]], { fields: ['code'] }));
    return {
      tagIds,
      countryIds: new Map(countries.map((c) => [String(c.code).toUpperCase(), c.id])),
      languages: new Set(languages.map((l) => l.code)),
    };
  }

  /**
   * Partner ids of the pending members, from Odoo itself: their external ids first, then (for those without one) a
   * partner carrying their member number in `ref` — a partner created before a crash cut the binding, or one to adopt.
   */
  private async lookupBindings(
    gw: CountingGateway,
    resolved: ResolvedConnection,
    pending: PendingMember[],
  ): Promise<Bindings> {
    const byExternalId = new Map<string, number>();
    for (let i = 0; i < pending.length; i += LOOKUP_CHUNK) {
      const names = pending.slice(i, i + LOOKUP_CHUNK).map((p) => externalIdName(p.memberId));
      const rows = await gw.count(
        gw.inner.searchRead<OdooRecord & { name: string; res_id: number }>(
          'ir.model.data',
          [['module', '=', resolved.module], ['model', '=', 'res.partner'], ['name', 'in', names]],
          { fields: ['name', 'res_id'] },
        ),
      );
      for (const r of rows) byExternalId.set(r.name, r.res_id);
    }
    const byRef = new Map<string, number[]>();
    const unbound = pending.filter((p) => !byExternalId.has(externalIdName(p.memberId)));
    if (unbound.length) {
      const numbers = unbound.flatMap((p) => (p.memberNumber === null ? [] : [String(p.memberNumber)]));
      for (let i = 0; i < numbers.length; i += LOOKUP_CHUNK) {
        const refs = numbers.slice(i, i + LOOKUP_CHUNK);
        const rows = await gw.count(
          gw.inner.searchRead<OdooRecord & { ref: string }>('res.partner', [['ref', 'in', refs]], { fields: ['ref'], context: ALL_RECORDS }),
        );
        for (const r of rows) byRef.set(r.ref, [...(byRef.get(r.ref) ?? []), r.id]);
      }
      // A partner already bound to another of our members is not free to adopt.
      const candidates = [...byRef.values()].flat();
      for (let i = 0; i < candidates.length; i += LOOKUP_CHUNK) {
        const taken = await gw.count(
          gw.inner.searchRead<OdooRecord & { res_id: number }>(
            'ir.model.data',
            [['module', '=', resolved.module], ['model', '=', 'res.partner'], ['res_id', 'in', candidates.slice(i, i + LOOKUP_CHUNK)]],
            { fields: ['res_id'] },
          ),
        );
        const takenIds = new Set(taken.map((r) => r.res_id));
        for (const [key, ids] of byRef) byRef.set(key, ids.filter((id) => !takenIds.has(id)));
      }
    }
    // How many of our external ids point at each bound partner: more than one means partners were merged in Odoo.
    const membersPerPartner = new Map<number, number>();
    const boundIds = [...new Set(byExternalId.values())];
    for (let i = 0; i < boundIds.length; i += LOOKUP_CHUNK) {
      const rows = await gw.count(
        gw.inner.searchRead<OdooRecord & { res_id: number }>(
          'ir.model.data',
          [['module', '=', resolved.module], ['model', '=', 'res.partner'], ['res_id', 'in', boundIds.slice(i, i + LOOKUP_CHUNK)]],
          { fields: ['res_id'] },
        ),
      );
      for (const r of rows) membersPerPartner.set(r.res_id, (membersPerPartner.get(r.res_id) ?? 0) + 1);
    }
    return { byExternalId, byRef, membersPerPartner };
  }

  /**
   * Decides what each member of a batch needs (nothing, a create, a binding, a write) from the bindings found in Odoo.
   * Pure CPU work, done while Odoo works on the previous batch: it yields now and then, so that the calls in flight
   * are sent and their answers read meanwhile.
   */
  private async planBatch(
    resolved: ResolvedConnection,
    capabilities: OdooCapabilities,
    ref: OdooReferenceData,
    bindings: Bindings,
    members: MemberRow[],
    stats: SyncStats,
  ): Promise<BatchPlan> {
    const plan: BatchPlan = { members, outcomes: [], toCreate: [], toBind: [], toWrite: [] };
    const { outcomes, toCreate, toBind, toWrite } = plan;
    for (let k = 0; k < members.length; k++) {
      if (k % PLAN_SLICE === PLAN_SLICE - 1) await yieldToEventLoop();
      const m = members[k];
      if (!isSyncable(m)) {
        stats.skipped++;
        outcomes.push({ memberId: m.id, lastEventId: m.lastEventId, ok: true });
        continue;
      }
      const values = stripReadOnlyPartnerFields(partnerValues(m, ref), capabilities).values as OdooValues;
      const hash = contentHash(values);
      const bound = bindings.byExternalId.get(externalIdName(m.id)) ?? null;
      if (bound !== null) {
        // Odoo's merge wizard moves the merged partners' external ids to the survivor: one partner for two members.
        if ((bindings.membersPerPartner.get(bound) ?? 0) > 1) {
          outcomes.push(failure(m, `Odoo partner ${bound} is bound to several members (partners merged in Odoo?): bind each member to its own partner`, 'MERGED_PARTNER'));
        } else if (bound === m.odooPartnerId && hash === m.syncedHash) {
          stats.unchanged++;
          outcomes.push({ memberId: m.id, lastEventId: m.lastEventId, ok: true, partnerId: bound, hash });
        } else toWrite.push({ m, partnerId: bound, values, hash });
        continue;
      }
      const sameRef = bindings.byRef.get(String(m.memberNumber)) ?? [];
      if (sameRef.length === 1 && resolved.adoptExisting) {
        toBind.push({ m, partnerId: sameRef[0] });
        toWrite.push({ m, partnerId: sameRef[0], values, hash });
        stats.adopted++;
      } else if (sameRef.length > 1 || (sameRef.length === 1 && !resolved.adoptExisting)) {
        outcomes.push(failure(m, `${sameRef.length} Odoo partners already have ref ${m.memberNumber}: merge them or bind one by hand`));
      } else toCreate.push({ m, values, hash });
    }
    return plan;
  }

  /** Sends a planned batch to Odoo: creates, then bindings, then writes; returns every member's outcome. */
  private async applyBatch(gw: CountingGateway, resolved: ResolvedConnection, bindings: Bindings, plan: BatchPlan, stats: SyncStats): Promise<Outcome[]> {
    const outcomes = [...plan.outcomes];
    const toBind = [...plan.toBind];
    const { toCreate, toWrite } = plan;
    // New partners: one create call for the batch; a refused record is isolated by splitting the batch.
    const created = await this.createIsolating(gw, toCreate);
    for (const c of created) {
      if (c.error) outcomes.push({ memberId: c.m.id, lastEventId: c.m.lastEventId, ok: false, error: { kind: c.error.kind, message: c.error.message } });
      else toBind.push({ m: c.m, partnerId: c.partnerId as number });
    }
    // Bind them (and adopted ones) by external id, in one call.
    if (toBind.length) {
      await gw.count(
        gw.inner.create(
          'ir.model.data',
          toBind.map((b) => ({ module: resolved.module, name: externalIdName(b.m.id), model: 'res.partner', res_id: b.partnerId, noupdate: true })),
          { idempotent: false },
        ),
      );
      for (const b of toBind) bindings.byExternalId.set(externalIdName(b.m.id), b.partnerId);
    }
    for (const c of created.filter((x) => !x.error)) {
      stats.created++;
      outcomes.push({ memberId: c.m.id, lastEventId: c.m.lastEventId, ok: true, partnerId: c.partnerId, hash: c.hash });
    }
    // Changed partners: Odoo writes the same values on every id of a call, so one call per member.
    for (const w of toWrite) {
      try {
        await gw.count(gw.inner.write('res.partner', [w.partnerId], w.values, { context: QUIET_CONTEXT }));
        if (!toBind.some((b) => b.m.id === w.m.id)) stats.updated++;
        outcomes.push({ memberId: w.m.id, lastEventId: w.m.lastEventId, ok: true, partnerId: w.partnerId, hash: w.hash });
      } catch (e) {
        if (isRunLevel(e)) throw e;
        outcomes.push({ memberId: w.m.id, lastEventId: w.m.lastEventId, ok: false, error: { kind: (e as OdooError).kind, message: (e as OdooError).message } });
      }
    }
    return outcomes;
  }

  /** create([...]) all at once; Odoo rolls a faulted call back whole, so halve the batch until the faulty record stands alone. */
  private async createIsolating(
    gw: CountingGateway,
    items: PlannedCreate[],
  ): Promise<{ m: MemberRow; hash: string; partnerId?: number; error?: OdooError }[]> {
    if (!items.length) return [];
    try {
      const ids = await gw.count(gw.inner.create('res.partner', items.map((i) => i.values), { context: QUIET_CONTEXT }));
      return items.map((i, k) => ({ m: i.m, hash: i.hash, partnerId: ids[k] }));
    } catch (e) {
      if (isRunLevel(e)) throw e;
      if (items.length === 1) return [{ m: items[0].m, hash: items[0].hash, error: e as OdooError }];
      const half = Math.ceil(items.length / 2);
      return [...(await this.createIsolating(gw, items.slice(0, half))), ...(await this.createIsolating(gw, items.slice(half)))];
    }
  }

  /** Records the batch in one transaction: synced members and their events, failed members with their error. */
  private async record(cooperativeId: string, outcomes: Outcome[], stats: SyncStats, retryDelaySeconds: number): Promise<void> {
    const ok = outcomes.filter((o) => o.ok);
    const failed = outcomes.filter((o) => !o.ok);
    await this.db.transaction(async (em) => {
      const q = em as unknown as QueryRunner;
      if (ok.length) {
        // One JSON parameter for the batch (cheaper to send than arrays of uuids).
        const synced = JSON.stringify(ok.map((o) => ({ member_id: o.memberId, partner_id: o.partnerId ?? null, hash: o.hash ?? null, last_id: o.lastEventId })));
        await q.query(
          `INSERT INTO odoo_member_sync (member_id, cooperative_id, odoo_partner_id, synced_hash, synced_at, status, attempts, last_error, last_error_kind, next_attempt_at, updated_at)
           SELECT u.member_id, $1, u.partner_id, u.hash, now(), 'SYNCED', 0, NULL, NULL, NULL, now()
           FROM jsonb_to_recordset($2::jsonb) AS u(member_id uuid, partner_id int, hash text)
           ON CONFLICT (member_id) DO UPDATE SET odoo_partner_id = coalesce(EXCLUDED.odoo_partner_id, odoo_member_sync.odoo_partner_id),
             synced_hash = coalesce(EXCLUDED.synced_hash, odoo_member_sync.synced_hash), synced_at = now(), status = 'SYNCED', attempts = 0,
             last_error = NULL, last_error_kind = NULL, next_attempt_at = NULL, updated_at = now()`,
          [cooperativeId, synced],
        );
        await q.query(
          `UPDATE odoo_sync_event e SET processed_at = now() FROM jsonb_to_recordset($2::jsonb) AS u(member_id uuid, last_id bigint)
           WHERE e.cooperative_id = $1 AND e.member_id = u.member_id AND e.id <= u.last_id AND e.processed_at IS NULL`,
          [cooperativeId, synced],
        );
      }
      for (const f of failed) {
        const message = f.error?.message ?? 'unknown error';
        const [row] = await q.query(
          `INSERT INTO odoo_member_sync (member_id, cooperative_id, status, attempts, last_error, last_error_kind, next_attempt_at, updated_at)
           VALUES ($1, $2, 'FAILED', 1, $3, $4, now() + make_interval(secs => $6), now())
           ON CONFLICT (member_id) DO UPDATE SET attempts = odoo_member_sync.attempts + 1, last_error = EXCLUDED.last_error,
             last_error_kind = EXCLUDED.last_error_kind,
             status = CASE WHEN odoo_member_sync.attempts + 1 >= $5 THEN 'DEAD' ELSE 'FAILED' END,
             next_attempt_at = now() + make_interval(secs => $6 * power(2, LEAST(odoo_member_sync.attempts, 10))), updated_at = now()
           RETURNING status`,
          [f.memberId, cooperativeId, message, f.error?.kind ?? 'REFUSED', MAX_ATTEMPTS, retryDelaySeconds],
        );
        if (row.status === 'DEAD') stats.dead++;
        stats.failed++;
      }
    });
  }
}

function failure(m: MemberRow, message: string, kind = 'REF_CONFLICT'): Outcome {
  return { memberId: m.id, lastEventId: m.lastEventId, ok: false, error: { kind, message } };
}

/** Odoo's refusals of a whole connection, as API errors. */
export function toDomainError(e: unknown): Error {
  if (!(e instanceof OdooError)) return e as Error;
  if (e.kind === 'AUTHENTICATION' || e.kind === 'UNKNOWN_DATABASE') return new DomainError('ODOO_AUTHENTICATION_FAILED', e.message, 'login', { kind: e.kind });
  return new DomainError('ODOO_UNREACHABLE', e.message, 'url', { kind: e.kind });
}
