import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CalendarDate } from '@coop/core';
import type { MovementEffect } from '../rules';
import { lockJournal, type SqlRunner } from '../shared/journal-lock';
import { journalSnapshotOf, type JournalSnapshot, type SnapshotRow } from './journal-snapshot';
import type { MovementRow } from './movement.view';

/**
 * What the rules need, read after the journal's lock: the totals, the movements' members, their holdings in the classes
 * concerned, the settings and the classes.
 */
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

const INSERT_COLUMNS = `id, cooperative_id, kind, effective_date, member_id, counterparty_member_id, share_class_id, shares, amount,
  shares_delta, subscribed_delta, paid_delta, refund_due_delta, loss_deduction, due_date, reference, reference_date, reason,
  reverses_movement_id`;
const INSERT_ARITY = 19;

/** Movements written at once, in order: the database numbers them in the order of the VALUES list. */
function insertSql(rows: number): string {
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

/** An exited member is closed once they hold no share and are owed nothing; a reversal can reopen them. */
const CLOSURE_SQL = `
WITH open AS (
  SELECT m.id, coalesce(sum(h.shares), 0) > 0 OR coalesce(sum(h.refund_due), 0) > 0 AS is_open
  FROM member m LEFT JOIN holding h ON h.member_id = m.id
  WHERE m.id = ANY($1::uuid[]) AND m.status IN ('EXITED', 'CLOSED') GROUP BY m.id)
UPDATE member m SET
  status = CASE WHEN open.is_open THEN 'EXITED' ELSE 'CLOSED' END,
  closed_on = CASE WHEN open.is_open THEN NULL ELSE $2::date END,
  updated_at = now()
FROM open WHERE m.id = open.id AND (m.status = 'CLOSED') IS DISTINCT FROM (NOT open.is_open)`;

const LIST_SQL = `
SELECT * FROM movement
WHERE cooperative_id = $1
  AND ($2::uuid IS NULL OR member_id = $2 OR counterparty_member_id = $2)
  AND ($3::text IS NULL OR kind = $3)
  AND ($4::date IS NULL OR effective_date >= $4)
  AND ($5::date IS NULL OR effective_date <= $5)
  AND ($6::int IS NULL OR movement_number > $6)
ORDER BY movement_number LIMIT $7`;

export interface JournalQuery {
  memberId?: string;
  kind?: string;
  from?: CalendarDate;
  to?: CalendarDate;
  afterNumber?: number;
  limit: number;
}

export interface LossStatementRow {
  losses: string;
  statutory_reserves: string;
  capital_at_close: string;
}

/** The SQL of the movements: the journal's reads and writes, the locked snapshot the rules decide on, closures. */
@Injectable()
export class MovementsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Takes the journal's lock (a statement of its own, first), then reads what the rules need under it. */
  async lockedSnapshot(q: SqlRunner, cooperativeId: string, memberIds: string[], shareClassIds: string[]): Promise<JournalSnapshot> {
    await lockJournal(q, cooperativeId);
    const [row]: SnapshotRow[] = await q.query(SNAPSHOT_SQL, [cooperativeId, memberIds, shareClassIds]);
    return journalSnapshotOf(row);
  }

  async isReversed(q: SqlRunner, movementId: string): Promise<boolean> {
    const found: unknown[] = await q.query('SELECT 1 FROM movement WHERE reverses_movement_id = $1', [movementId]);
    return found.length > 0;
  }

  /** Inserts the movements in one statement; the database numbers them, checks them and updates the projections. */
  async insert(q: SqlRunner, cooperativeId: string, movements: { id: string; effect: MovementEffect }[]): Promise<MovementRow[]> {
    if (!movements.length) return [];
    return q.query(
      insertSql(movements.length),
      movements.flatMap((m) => insertParams(m.id, cooperativeId, m.effect)),
    );
  }

  async updateClosure(q: SqlRunner, memberIds: string[], date: CalendarDate): Promise<void> {
    await q.query(CLOSURE_SQL, [memberIds, date]);
  }

  async find(cooperativeId: string, movementId: string): Promise<MovementRow | null> {
    const [row] = await this.db.query('SELECT * FROM movement WHERE cooperative_id = $1 AND id = $2', [cooperativeId, movementId]);
    return row ?? null;
  }

  list(cooperativeId: string, f: JournalQuery): Promise<MovementRow[]> {
    return this.db.query(LIST_SQL, [cooperativeId, f.memberId ?? null, f.kind ?? null, f.from ?? null, f.to ?? null, f.afterNumber ?? null, f.limit]);
  }

  async exitEffectiveDate(cooperativeId: string, memberId: string): Promise<CalendarDate | null> {
    const [member] = await this.db.query('SELECT exit_effective_date FROM member WHERE cooperative_id = $1 AND id = $2', [cooperativeId, memberId]);
    return member?.exit_effective_date ?? null;
  }

  /** The loss statement of the fiscal year ending on `yearEnd`, or else the latest one before it. */
  async lossStatementOnOrBefore(cooperativeId: string, yearEnd: CalendarDate): Promise<LossStatementRow | null> {
    const [statement] = await this.db.query(
      `SELECT losses, statutory_reserves, capital_at_close FROM loss_statement
       WHERE cooperative_id = $1 AND fiscal_year_end <= $2 ORDER BY fiscal_year_end DESC LIMIT 1`,
      [cooperativeId, yearEnd],
    );
    return statement ?? null;
  }
}
