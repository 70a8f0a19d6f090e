import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type QueryRunner } from 'typeorm';
import { DomainError, Money, fiscalYearEndContaining, type CalendarDate } from '@coop/core';
import { inTransaction } from '@coop/database';
import {
  lossRate,
  planPayment,
  planRedemption,
  planRefund,
  planReversal,
  planSubscription,
  planTransfer,
  type CooperativeSettings,
  type Holding,
  type LedgerContext,
  type MemberSnapshot,
  type MovementEffect,
  type ShareClassSnapshot,
} from '../rules';
import { CooperativesService } from '../cooperatives/cooperatives.service';
import { settingsFromJson } from '../cooperatives/cooperative.view';
import { ShareClassesService, shareClassSnapshot } from '../share-classes/share-classes.service';
import { claimIdempotencyKey, type IdempotencyClaim } from '../idempotency/idempotency';
import { lockJournal } from '../shared/journal-lock';
import { decodeCursor, encodeCursor, type Page } from '../shared/views';
import { effectOf, movementView, type MovementRow, type MovementView } from './movement.view';
import { holdingKey, planJournalBatch, type LockedSnapshot, type MovementPlan } from './journal-batch';

export interface SubscriptionInput {
  memberId: string;
  shareClassId: string;
  shares: number;
  paidAmount: string;
  date: CalendarDate;
  dueDate?: CalendarDate;
  reference?: string;
}
export interface PaymentInput {
  memberId: string;
  shareClassId: string;
  amount: string;
  date: CalendarDate;
  reference?: string;
}
export interface TransferInput {
  fromMemberId: string;
  toMemberId: string;
  shareClassId: string;
  shares: number;
  date: CalendarDate;
  approvalReference: string;
  approvalDate: CalendarDate;
}
export interface RedemptionInput {
  memberId: string;
  shareClassId: string;
  shares: number;
  date: CalendarDate;
  approvalReference?: string;
  approvalDate?: CalendarDate;
}
export interface RefundInput {
  memberId: string;
  shareClassId: string;
  amount: string;
  date: CalendarDate;
  reference?: string;
}
export interface ReversalInput {
  date: CalendarDate;
  reason: string;
}
export interface MovementFilter {
  memberId?: string;
  kind?: string;
  from?: CalendarDate;
  to?: CalendarDate;
  limit: number;
  cursor?: string;
}


/** What the rules need, read after the journal's lock (lockJournal): the movements' members, their holdings in the classes concerned, the settings. */
const SNAPSHOT_SQL = `
SELECT s.last_movement_date, s.subscribed_capital, s.paid_capital, s.highest_capital, s.public_body_capital, s.refunds_due,
  (SELECT coalesce(json_agg(json_build_object('id', m.id, 'status', m.status, 'personType', m.person_type,
      'categoryId', m.category_id, 'categoryKind', c.kind, 'admissionEffectiveDate', m.admission_effective_date,
      'exitEffectiveDate', m.exit_effective_date)), '[]')
   FROM member m JOIN category c ON c.id = m.category_id
   WHERE m.cooperative_id = $1 AND m.id = ANY($2::uuid[])) AS members,
  (SELECT coalesce(json_agg(json_build_object('memberId', h.member_id, 'shareClassId', h.share_class_id, 'shares', h.shares,
      'subscribed', h.subscribed::text, 'paid', h.paid::text, 'refundDue', h.refund_due::text)), '[]')
   FROM holding h WHERE h.member_id = ANY($2::uuid[]) AND h.share_class_id = ANY($3::uuid[])) AS holdings,
  (SELECT json_build_object('legalKind', c.legal_kind, 'statutoryCapital', c.statutory_capital::text, 'statutoryFloor', c.statutory_floor::text,
      'paymentDelayMonths', c.payment_delay_months, 'minPaidFraction', c.min_paid_fraction::text, 'redemptionDelayMonths', c.redemption_delay_months,
      'fiscalYearEnd', c.fiscal_year_end, 'usesColleges', c.uses_colleges, 'hasEmployees', c.has_employees, 'admissionApproval', c.admission_approval,
      'transferApproval', c.transfer_approval, 'lossAllocation', c.loss_allocation, 'legalReserveRate', c.legal_reserve_rate::text,
      'statutoryReserveRate', c.statutory_reserve_rate::text)
   FROM cooperative c WHERE c.id = $1) AS settings,
  (SELECT coalesce(json_agg(json_build_object('id', sc.id, 'code', sc.code, 'nominalValue', sc.nominal_value::text, 'minPerMember', sc.min_per_member,
      'maxPerMember', sc.max_per_member, 'holderTypes', sc.holder_types, 'eligibleCategoryIds', sc.eligible_category_ids)), '[]')
   FROM share_class sc WHERE sc.cooperative_id = $1 AND sc.id = ANY($3::uuid[])) AS share_classes
FROM ledger_state s WHERE s.cooperative_id = $1`;

interface ShareClassJson {
  id: string;
  code: string;
  nominalValue: string;
  minPerMember: number;
  maxPerMember: number | null;
  holderTypes: ShareClassSnapshot['holderTypes'];
  eligibleCategoryIds: string[];
}

const shareClassFromJson = (c: ShareClassJson): ShareClassSnapshot => ({ ...c, nominalValue: new Money(c.nominalValue) });

const INSERT_COLUMNS = `id, cooperative_id, kind, effective_date, member_id, counterparty_member_id, share_class_id, shares, amount,
  shares_delta, subscribed_delta, paid_delta, refund_due_delta, loss_deduction, due_date, reference, reference_date, reason,
  reverses_movement_id`;
const INSERT_ARITY = 19;

/** Movements written at once, in order: the database numbers them in the order of the VALUES list. */
function batchInsertSql(rows: number): string {
  const values = Array.from({ length: rows }, (_, r) => `(${Array.from({ length: INSERT_ARITY }, (_, c) => `$${r * INSERT_ARITY + c + 1}`).join(', ')})`);
  return `INSERT INTO movement (${INSERT_COLUMNS}) VALUES ${values.join(', ')} RETURNING *`;
}

const insertParams = (id: string, cooperativeId: string, e: MovementEffect) => [
  id,
  cooperativeId,
  e.kind,
  e.effectiveDate,
  e.memberId,
  e.counterpartyMemberId,
  e.shareClassId,
  e.shares,
  e.amount.toString(),
  e.sharesDelta,
  e.subscribedDelta.toString(),
  e.paidDelta.toString(),
  e.refundDueDelta.toString(),
  e.lossDeduction.toString(),
  e.dueDate,
  e.reference,
  e.referenceDate,
  e.reason,
  e.reversesMovementId,
];

/** At most this many movements share one lock of the journal. */
const MAX_BATCH = 64;

const CLOSING_KINDS = new Set<MovementEffect['kind']>(['REDEMPTION', 'REFUND', 'TRANSFER', 'REVERSAL']);

interface QueuedJob {
  req: RecordRequest;
  resolve: (view: MovementView) => void;
  reject: (e: unknown) => void;
}

const INSERT_SQL = `
INSERT INTO movement (id, cooperative_id, kind, effective_date, member_id, counterparty_member_id, share_class_id, shares, amount,
  shares_delta, subscribed_delta, paid_delta, refund_due_delta, loss_deduction, due_date, reference, reference_date, reason,
  reverses_movement_id)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
RETURNING *`;

interface RecordRequest {
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

@Injectable()
export class MovementsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cooperatives: CooperativesService,
    private readonly shareClasses: ShareClassesService,
  ) {}

  subscribe(cooperativeId: string, input: SubscriptionInput, idempotency?: IdempotencyClaim): Promise<MovementView> {
    return this.recordForMember(cooperativeId, input, idempotency, (ctx, member, shareClass, holding) =>
      planSubscription(ctx, {
        member,
        shareClass,
        holding,
        shares: input.shares,
        paidAmount: new Money(input.paidAmount),
        date: input.date,
        dueDate: input.dueDate,
        reference: input.reference,
      }),
    );
  }

  pay(cooperativeId: string, input: PaymentInput, idempotency?: IdempotencyClaim): Promise<MovementView> {
    return this.recordForMember(cooperativeId, input, idempotency, (ctx, member, shareClass, holding) =>
      planPayment(ctx, { member, shareClass, holding, amount: new Money(input.amount), date: input.date, reference: input.reference }),
    );
  }

  transfer(cooperativeId: string, input: TransferInput, idempotency?: IdempotencyClaim): Promise<MovementView> {
    return this.record({
      cooperativeId,
      idempotency,
      memberIds: [
        { id: input.fromMemberId, field: 'fromMemberId' },
        { id: input.toMemberId, field: 'toMemberId' },
      ],
      shareClassId: input.shareClassId,
      plan: (ctx, snap, shareClass) =>
        planTransfer(ctx, {
          from: snap.members.get(input.fromMemberId) as MemberSnapshot,
          to: snap.members.get(input.toMemberId) as MemberSnapshot,
          shareClass,
          fromHolding: snap.holdings.get(input.fromMemberId) ?? null,
          toHolding: snap.holdings.get(input.toMemberId) ?? null,
          shares: input.shares,
          date: input.date,
          approvalReference: input.approvalReference,
          approvalDate: input.approvalDate,
        }),
    });
  }

  async redeem(cooperativeId: string, input: RedemptionInput, idempotency?: IdempotencyClaim): Promise<MovementView> {
    const settings = await this.cooperatives.getSettings(cooperativeId);
    const rate = await this.redemptionLossRate(cooperativeId, settings, input);
    return this.recordForMember(
      cooperativeId,
      input,
      idempotency,
      (ctx, member, shareClass, holding) =>
        planRedemption(ctx, {
          member,
          shareClass,
          holding,
          shares: input.shares,
          date: input.date,
          lossRate: rate,
          approvalReference: input.approvalReference,
          approvalDate: input.approvalDate,
        }),
      settings,
    );
  }

  /**
   * Model statutes: the value of a leaving member's shares is fixed at the close of the fiscal year in which the exit
   * takes effect. Uses the losses recorded for that year, or else the latest year recorded before it.
   */
  private async redemptionLossRate(cooperativeId: string, settings: CooperativeSettings, input: RedemptionInput): Promise<Money> {
    const [member] = await this.db.query('SELECT exit_effective_date FROM member WHERE cooperative_id = $1 AND id = $2', [cooperativeId, input.memberId]);
    const valuationYearEnd = fiscalYearEndContaining(member?.exit_effective_date ?? input.date, settings.fiscalYearEnd);
    const [statement] = await this.db.query(
      `SELECT losses, statutory_reserves, capital_at_close FROM loss_statement
       WHERE cooperative_id = $1 AND fiscal_year_end <= $2 ORDER BY fiscal_year_end DESC LIMIT 1`,
      [cooperativeId, valuationYearEnd],
    );
    if (!statement) return new Money(0);
    return lossRate(
      { losses: new Money(statement.losses), statutoryReserves: new Money(statement.statutory_reserves), capitalAtClose: new Money(statement.capital_at_close) },
      settings.lossAllocation,
    );
  }

  refund(cooperativeId: string, input: RefundInput, idempotency?: IdempotencyClaim): Promise<MovementView> {
    return this.recordForMember(cooperativeId, input, idempotency, (ctx, member, shareClass, holding) =>
      planRefund(ctx, { member, shareClass, holding, amount: new Money(input.amount), date: input.date, reference: input.reference }),
    );
  }

  /** A movement of one member in one share class. */
  private recordForMember(
    cooperativeId: string,
    input: { memberId: string; shareClassId: string },
    idempotency: IdempotencyClaim | undefined,
    plan: (ctx: LedgerContext, member: MemberSnapshot, shareClass: ShareClassSnapshot, holding: Holding | null) => MovementEffect,
    settings?: CooperativeSettings,
  ): Promise<MovementView> {
    return this.record({
      cooperativeId,
      idempotency,
      settings,
      memberIds: [{ id: input.memberId, field: 'memberId' }],
      shareClassId: input.shareClassId,
      plan: (ctx, snap, shareClass) => plan(ctx, snap.members.get(input.memberId) as MemberSnapshot, shareClass, snap.holdings.get(input.memberId) ?? null),
    });
  }

  async reverse(cooperativeId: string, movementId: string, input: ReversalInput, idempotency?: IdempotencyClaim): Promise<MovementView> {
    const original = await this.getRow(cooperativeId, movementId);
    const memberIds = [{ id: original.member_id, field: 'movementId' }];
    if (original.counterparty_member_id) memberIds.push({ id: original.counterparty_member_id, field: 'movementId' });
    return this.record({
      cooperativeId,
      idempotency,
      memberIds,
      shareClassId: original.share_class_id,
      reversalOf: movementId,
      plan: (ctx, snap) =>
        planReversal(ctx, {
          original: effectOf(original),
          alreadyReversed: snap.alreadyReversed,
          memberHolding: snap.holdings.get(original.member_id) ?? null,
          counterpartyHolding: original.counterparty_member_id ? (snap.holdings.get(original.counterparty_member_id) ?? null) : null,
          date: input.date,
          reason: input.reason,
        }),
    });
  }

  async get(cooperativeId: string, movementId: string): Promise<MovementView> {
    return movementView(await this.getRow(cooperativeId, movementId));
  }

  async list(cooperativeId: string, filter: MovementFilter): Promise<Page<MovementView>> {
    await this.cooperatives.getEntity(cooperativeId);
    const after = decodeCursor(filter.cursor, 1);
    const rows: MovementRow[] = await this.db.query(
      `SELECT * FROM movement
       WHERE cooperative_id = $1
         AND ($2::uuid IS NULL OR member_id = $2 OR counterparty_member_id = $2)
         AND ($3::text IS NULL OR kind = $3)
         AND ($4::date IS NULL OR effective_date >= $4)
         AND ($5::date IS NULL OR effective_date <= $5)
         AND ($6::int IS NULL OR movement_number > $6)
       ORDER BY movement_number LIMIT $7`,
      [cooperativeId, filter.memberId ?? null, filter.kind ?? null, filter.from ?? null, filter.to ?? null, after?.[0] ?? null, filter.limit + 1],
    );
    const items = rows.slice(0, filter.limit);
    const last = items[items.length - 1];
    return { items: items.map(movementView), nextCursor: rows.length > filter.limit && last ? encodeCursor([last.movement_number, last.id]) : null };
  }

  private async getRow(cooperativeId: string, movementId: string): Promise<MovementRow> {
    const [row] = await this.db.query('SELECT * FROM movement WHERE cooperative_id = $1 AND id = $2', [cooperativeId, movementId]);
    if (!row) {
      await this.cooperatives.getEntity(cooperativeId);
      throw new DomainError('MOVEMENT_NOT_FOUND', `movement ${movementId} does not exist in this cooperative`, 'movementId');
    }
    return row;
  }

  /**
   * The one write path of the journal: read what the rules need under the cooperative's lock, let the pure rules decide,
   * insert the movement (the database numbers it and updates holdings and totals), all in one transaction.
   */
  private async record(req: RecordRequest): Promise<MovementView> {
    // A key is claimed before the lock (claiming it under the lock could deadlock with its first request), and a
    // reversal reads the journal: those go alone. The others join the cooperative's queue and share a lock.
    if (req.idempotency || req.reversalOf) return this.recordAlone(req);
    return new Promise<MovementView>((resolve, reject) => {
      const queue = this.queues.get(req.cooperativeId) ?? [];
      queue.push({ req, resolve, reject });
      this.queues.set(req.cooperativeId, queue);
      if (!this.draining.has(req.cooperativeId)) void this.drain(req.cooperativeId);
    });
  }

  /** Movements waiting for the journal's lock, per cooperative; one batch in flight per cooperative in this process. */
  private readonly queues = new Map<string, QueuedJob[]>();
  private readonly draining = new Set<string>();

  private async drain(cooperativeId: string): Promise<void> {
    this.draining.add(cooperativeId);
    try {
      for (;;) {
        const queue = this.queues.get(cooperativeId);
        if (!queue?.length) break;
        await this.writeBatch(cooperativeId, queue.splice(0, MAX_BATCH));
      }
    } finally {
      this.queues.delete(cooperativeId);
      this.draining.delete(cooperativeId);
    }
  }

  /**
   * Group commit: one transaction, one lock and one multi-row insert for the movements that queued up while the
   * previous batch was being written. Each is decided by the pure rules against the state the previous ones left.
   * Should the database refuse the batch, each movement is recorded alone so that each gets its own answer.
   */
  private async writeBatch(cooperativeId: string, jobs: QueuedJob[]): Promise<void> {
    let outcomes: ({ row: MovementRow } | { refusal: DomainError })[];
    try {
      outcomes = await inTransaction(this.db, async (q) => {
        await lockJournal(q, cooperativeId);
        const memberIds = [...new Set(jobs.flatMap((j) => j.req.memberIds.map((m) => m.id)))];
        const classIds = [...new Set(jobs.map((j) => j.req.shareClassId))];
        const [row] = await q.query(SNAPSHOT_SQL, [cooperativeId, memberIds, classIds]);
        const settings = settingsFromJson(row.settings);
        const classes = new Map((row.share_classes as ShareClassJson[]).map((c) => [c.id, shareClassFromJson(c)]));
        const decisions = planJournalBatch(
          {
            totals: totalsOf(row),
            members: new Map((row.members as MemberSnapshot[]).map((m) => [m.id, m])),
            holdings: new Map(holdingsOf(row).map((h) => [holdingKey(h.memberId, h.shareClassId), h.holding])),
          },
          jobs.map((j) => ({ memberIds: j.req.memberIds, shareClassId: j.req.shareClassId, shareClass: classes.get(j.req.shareClassId) ?? null, settings: j.req.settings ?? settings, plan: j.req.plan })),
        );
        const accepted = decisions.flatMap((d) => ('effect' in d ? [{ id: randomUUID(), effect: d.effect }] : []));
        const rows: MovementRow[] = accepted.length
          ? await q.query(batchInsertSql(accepted.length), accepted.flatMap((a) => insertParams(a.id, cooperativeId, a.effect)))
          : [];
        for (const a of accepted.filter((x) => CLOSING_KINDS.has(x.effect.kind))) {
          await this.updateClosure(q, [a.effect.memberId, a.effect.counterpartyMemberId].filter((m): m is string => !!m), a.effect.effectiveDate);
        }
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
      const snapshot = await this.lockedSnapshot(q, req);
      for (const { id: memberId, field } of req.memberIds) {
        if (!snapshot.members.has(memberId)) throw new DomainError('MEMBER_NOT_FOUND', `member ${memberId} does not exist in this cooperative`, field);
      }
      const effect = req.plan({ settings, totals: snapshot.totals }, snapshot, shareClass);
      const [row] = (await q.query(INSERT_SQL, insertParams(id, req.cooperativeId, effect))) as MovementRow[];
      // a transfer too: an exited member who transfers their last shares (a cession) holds nothing and is owed nothing
      if (CLOSING_KINDS.has(effect.kind)) {
        await this.updateClosure(q, [effect.memberId, effect.counterpartyMemberId].filter((m): m is string => !!m), effect.effectiveDate);
      }
      return { row, replayOf: null };
    });
    return result.row ? movementView(result.row) : this.get(req.cooperativeId, result.replayOf as string);
  }

  private async lockedSnapshot(q: QueryRunner, req: RecordRequest): Promise<LockedSnapshot> {
    const ids = req.memberIds.map((m) => m.id);
    await lockJournal(q, req.cooperativeId);
    const [row] = await q.query(SNAPSHOT_SQL, [req.cooperativeId, ids, [req.shareClassId]]);
    const members = new Map<string, MemberSnapshot>((row.members as MemberSnapshot[]).map((m) => [m.id, m]));
    const holdings = new Map<string, Holding>(holdingsOf(row).map((h) => [h.memberId, h.holding]));
    let alreadyReversed = false;
    if (req.reversalOf) {
      const found = await q.query('SELECT 1 FROM movement WHERE reverses_movement_id = $1', [req.reversalOf]);
      alreadyReversed = found.length > 0;
    }
    return {
      totals: totalsOf(row),
      members,
      holdings,
      alreadyReversed,
    };
  }

  /** An exited member is closed once they hold no share and are owed nothing (redeemed and refunded, or shares transferred); a reversal can reopen them. */
  private async updateClosure(q: QueryRunner, memberIds: string[], date: CalendarDate): Promise<void> {
    await q.query(
      `WITH open AS (
         SELECT m.id, coalesce(sum(h.shares), 0) > 0 OR coalesce(sum(h.refund_due), 0) > 0 AS is_open
         FROM member m LEFT JOIN holding h ON h.member_id = m.id
         WHERE m.id = ANY($1::uuid[]) AND m.status IN ('EXITED', 'CLOSED') GROUP BY m.id)
       UPDATE member m SET
         status = CASE WHEN open.is_open THEN 'EXITED' ELSE 'CLOSED' END,
         closed_on = CASE WHEN open.is_open THEN NULL ELSE $2::date END,
         updated_at = now()
       FROM open WHERE m.id = open.id AND (m.status = 'CLOSED') IS DISTINCT FROM (NOT open.is_open)`,
      [memberIds, date],
    );
  }
}

function totalsOf(row: Record<string, string | null>): LedgerContext['totals'] {
  return {
    subscribedCapital: new Money(row.subscribed_capital as string),
    paidCapital: new Money(row.paid_capital as string),
    highestCapital: new Money(row.highest_capital as string),
    publicBodyCapital: new Money(row.public_body_capital as string),
    refundsDue: new Money(row.refunds_due as string),
    lastMovementDate: row.last_movement_date,
  };
}

function holdingsOf(row: { holdings: { memberId: string; shareClassId: string; shares: number; subscribed: string; paid: string; refundDue: string }[] }) {
  return row.holdings.map((h) => ({
    memberId: h.memberId,
    shareClassId: h.shareClassId,
    holding: { shares: h.shares, subscribed: new Money(h.subscribed), paid: new Money(h.paid), refundDue: new Money(h.refundDue) } as Holding,
  }));
}
