import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DomainError } from '@coop/core';
import { GroupCommitQueue, inTransaction, runInTenant, type QueuedJob } from '@coop/database';
import type { CooperativeSettings, MovementEffect } from '../rules';
import { CooperativesService } from '../cooperatives/cooperatives.service';
import { ShareClassesService, shareClassSnapshot } from '../share-classes/share-classes.service';
import { claimIdempotencyKey, type IdempotencyClaim } from '../idempotency/idempotency';
import type { SqlRunner } from '../shared/journal-lock';
import { holdingKey, planJournalBatch, type MovementPlan } from './journal-batch';
import { movementView, type MovementRow, type MovementView } from './movement.view';
import { MovementsRepository } from './movements.repository';

/** A movement to record: who and what it concerns, and the rules' decision to take under the journal's lock. */
export interface RecordRequest {
  cooperativeId: string;
  idempotency?: IdempotencyClaim;
  memberIds: { id: string; field: string }[];
  shareClassId: string;
  plan: MovementPlan;
  /** Read before the lock when the caller already has them. */
  settings?: CooperativeSettings;
  /** For a reversal: the movement it reverses. */
  reversalOf?: string;
}

interface Job extends QueuedJob {
  req: RecordRequest;
  resolve: (view: MovementView) => void;
}

/** At most this many movements share one lock of the journal. */
const MAX_BATCH = 64;

/** After these, an exited member may have nothing left (or something again, after a reversal): see updateClosure. */
const CLOSING_KINDS = new Set<MovementEffect['kind']>(['REDEMPTION', 'REFUND', 'TRANSFER', 'REVERSAL']);

/**
 * The one write path of the journal: read what the rules need under the cooperative's lock, let the pure rules decide,
 * insert the movement (the database numbers it and updates holdings and totals), all in one transaction. Movements that
 * arrive while a batch is being written are committed together (group commit).
 */
@Injectable()
export class JournalWriter {
  /** A batch is written in its cooperative's tenant scope, whatever request's async context started the queue's drain. */
  private readonly queue = new GroupCommitQueue<Job>(MAX_BATCH, (cooperativeId, jobs) =>
    runInTenant(cooperativeId, () => this.writeBatch(cooperativeId, jobs)),
  );

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repository: MovementsRepository,
    private readonly cooperatives: CooperativesService,
    private readonly shareClasses: ShareClassesService,
  ) {}

  record(req: RecordRequest): Promise<MovementView> {
    // A key is claimed before the lock (claiming it under the lock could deadlock with its first request), and a
    // reversal reads the journal: those go alone. The others join the cooperative's queue and share a lock.
    if (req.idempotency || req.reversalOf) return this.recordAlone(req);
    return new Promise<MovementView>((resolve, reject) => this.queue.push(req.cooperativeId, { req, resolve, reject }));
  }

  /**
   * Group commit: one transaction, one lock and one multi-row insert for the movements that queued up while the
   * previous batch was being written. Each is decided by the pure rules against the state the previous ones left.
   * Should the database refuse the batch, each movement is recorded alone so that each gets its own answer.
   */
  private async writeBatch(cooperativeId: string, jobs: Job[]): Promise<void> {
    let outcomes: ({ row: MovementRow } | { refusal: DomainError })[];
    try {
      outcomes = await inTransaction(this.db, async (q) => {
        const memberIds = [...new Set(jobs.flatMap((j) => j.req.memberIds.map((m) => m.id)))];
        const classIds = [...new Set(jobs.map((j) => j.req.shareClassId))];
        const snapshot = await this.repository.lockedSnapshot(q, cooperativeId, memberIds, classIds);
        const holdings = new Map(snapshot.holdings.map((h) => [holdingKey(h.memberId, h.shareClassId), h.holding]));
        const decisions = planJournalBatch(
          { totals: snapshot.totals, members: snapshot.members, holdings },
          jobs.map(({ req }) => ({
            memberIds: req.memberIds,
            shareClassId: req.shareClassId,
            shareClass: snapshot.shareClasses.get(req.shareClassId) ?? null,
            settings: req.settings ?? snapshot.settings,
            plan: req.plan,
          })),
        );
        const accepted = decisions.flatMap((d) => ('effect' in d ? [{ id: randomUUID(), effect: d.effect }] : []));
        const rows = await this.repository.insert(q, cooperativeId, accepted);
        for (const a of accepted) await this.updateClosure(q, a.effect);
        const byId = new Map(rows.map((r) => [r.id, r]));
        let next = 0;
        return decisions.map((d) => ('effect' in d ? { row: byId.get(accepted[next++].id) as MovementRow } : d));
      });
    } catch (e) {
      if (jobs.length === 1) return jobs[0].reject(e);
      for (const job of jobs) await this.recordAlone(job.req).then(job.resolve, job.reject);
      return;
    }
    outcomes.forEach((o, i) => ('row' in o ? jobs[i].resolve(movementView(o.row)) : jobs[i].reject(o.refusal)));
  }

  /** One movement in its own transaction (keyed requests, reversals, and the fallback of a refused batch). */
  private async recordAlone(req: RecordRequest): Promise<MovementView> {
    const settings = req.settings ?? (await this.cooperatives.getSettings(req.cooperativeId));
    const shareClass = shareClassSnapshot(await this.shareClasses.getEntity(req.cooperativeId, req.shareClassId));
    const id = randomUUID();

    const result = await inTransaction(this.db, async (q) => {
      const replayOf = await claimIdempotencyKey(q, req.cooperativeId, req.idempotency, 'movement', id);
      if (replayOf) return { replayOf: replayOf.resourceId, row: null };
      const snapshot = await this.repository.lockedSnapshot(
        q,
        req.cooperativeId,
        req.memberIds.map((m) => m.id),
        [req.shareClassId],
      );
      for (const { id: memberId, field } of req.memberIds) {
        if (!snapshot.members.has(memberId)) throw new DomainError('MEMBER_NOT_FOUND', `member ${memberId} does not exist in this cooperative`, field);
      }
      const alreadyReversed = req.reversalOf ? await this.repository.isReversed(q, req.reversalOf) : false;
      const { totals, members } = snapshot;
      const holdings = new Map(snapshot.holdings.map((h) => [h.memberId, h.holding]));
      const effect = req.plan({ settings, totals }, { totals, members, holdings, alreadyReversed }, shareClass);
      const [row] = await this.repository.insert(q, req.cooperativeId, [{ id, effect }]);
      await this.updateClosure(q, effect);
      return { row, replayOf: null };
    });
    if (result.row) return movementView(result.row);
    return movementView((await this.repository.find(req.cooperativeId, result.replayOf as string)) as MovementRow);
  }

  /** A transfer too: an exited member who transfers their last shares (a cession) holds nothing and is owed nothing. */
  private async updateClosure(q: SqlRunner, effect: MovementEffect): Promise<void> {
    if (!CLOSING_KINDS.has(effect.kind)) return;
    const memberIds = [effect.memberId, effect.counterpartyMemberId].filter((m): m is string => !!m);
    await this.repository.updateClosure(q, memberIds, effect.effectiveDate);
  }
}
