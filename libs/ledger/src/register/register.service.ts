import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import { DataSource } from 'typeorm';
import { Money, today, type CalendarDate, type CooperativeContext } from '@coop/core';
import { CooperativesService } from '../cooperatives/cooperatives.service';
import { amount } from '../shared/views';

export type RegisterRow = Record<string, string | number | null>;

export interface RegisterStream {
  columns: string[];
  rows: AsyncIterable<RegisterRow>;
}

const MOVEMENT_COLUMNS = [
  'number',
  'date',
  'kind',
  'memberNumber',
  'memberName',
  'counterpartyNumber',
  'counterpartyName',
  'shareClass',
  'shares',
  'amount',
  'subscribedDelta',
  'paidDelta',
  'refundDueDelta',
  'lossDeduction',
  'dueDate',
  'reference',
  'referenceDate',
  'reason',
  'reversesNumber',
  'capitalAfter',
  'paidCapitalAfter',
  'highestCapitalAfter',
  'publicBodyCapitalAfter',
  'recordedAt',
];

const MEMBER_COLUMNS = [
  'memberNumber',
  'status',
  'personType',
  'name',
  'category',
  'categoryKind',
  'college',
  'email',
  'admissionDecisionRef',
  'admissionDecisionDate',
  'admissionEffectiveDate',
  'exitReason',
  'exitDecisionRef',
  'exitEffectiveDate',
  'shares',
  'subscribed',
  'paid',
  'unpaid',
  'refundDue',
];

const NAME = `CASE WHEN %.person_type = 'LEGAL' THEN %.company_name ELSE %.first_name || ' ' || %.last_name END`;
const name = (alias: string) => NAME.replace(/%/g, alias);

/** The legal registers, streamed from the database row by row: memory stays flat whatever the cooperative's size. */
@Injectable()
export class RegisterService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cooperatives: CooperativesService,
  ) {}

  /** The chronological register of movements (C. com. R228-8), up to a date. */
  async movements(ctx: CooperativeContext, asOf: CalendarDate = today()): Promise<RegisterStream> {
    const { cooperativeId } = ctx;
    await this.cooperatives.getEntity(cooperativeId);
    const sql = `
      SELECT mv.movement_number, mv.effective_date, mv.kind, m.member_number, ${name('m')} AS member_name,
             cp.member_number AS cp_number, ${name('cp')} AS cp_name, sc.code, mv.shares, mv.amount, mv.subscribed_delta, mv.paid_delta,
             mv.refund_due_delta, mv.loss_deduction, mv.due_date, mv.reference, mv.reference_date, mv.reason, rv.movement_number AS reverses_number,
             mv.subscribed_capital_after, mv.paid_capital_after, mv.highest_capital_after, mv.public_body_capital_after, mv.recorded_at
      FROM movement mv
      JOIN member m ON m.id = mv.member_id
      LEFT JOIN member cp ON cp.id = mv.counterparty_member_id
      JOIN share_class sc ON sc.id = mv.share_class_id
      LEFT JOIN movement rv ON rv.id = mv.reverses_movement_id
      WHERE mv.cooperative_id = $1 AND mv.effective_date <= $2
      ORDER BY mv.movement_number`;
    const a = (v: string) => amount(new Money(v));
    return {
      columns: MOVEMENT_COLUMNS,
      rows: this.stream(sql, [cooperativeId, asOf], (r) => ({
        number: r.movement_number,
        date: r.effective_date,
        kind: r.kind,
        memberNumber: r.member_number,
        memberName: r.member_name,
        counterpartyNumber: r.cp_number,
        counterpartyName: r.cp_name,
        shareClass: r.code,
        shares: r.shares,
        amount: a(r.amount),
        subscribedDelta: a(r.subscribed_delta),
        paidDelta: a(r.paid_delta),
        refundDueDelta: a(r.refund_due_delta),
        lossDeduction: a(r.loss_deduction),
        dueDate: r.due_date,
        reference: r.reference,
        referenceDate: r.reference_date,
        reason: r.reason,
        reversesNumber: r.reverses_number,
        capitalAfter: a(r.subscribed_capital_after),
        paidCapitalAfter: a(r.paid_capital_after),
        highestCapitalAfter: a(r.highest_capital_after),
        publicBodyCapitalAfter: a(r.public_body_capital_after),
        recordedAt: (r.recorded_at as Date).toISOString(),
      })),
    };
  }

  /** Every member who was ever admitted, with what they hold on the date. */
  async members(ctx: CooperativeContext, asOf: CalendarDate = today()): Promise<RegisterStream> {
    const { cooperativeId } = ctx;
    await this.cooperatives.getEntity(cooperativeId);
    const holdings =
      asOf >= today()
        ? `SELECT member_id, sum(shares)::int AS shares, sum(subscribed) AS subscribed, sum(paid) AS paid, sum(refund_due) AS refund_due
           FROM holding WHERE cooperative_id = $1 GROUP BY member_id`
        : `SELECT member_id, sum(shares)::int AS shares, sum(subscribed) AS subscribed, sum(paid) AS paid, sum(refund_due) AS refund_due FROM (
             SELECT member_id, shares_delta AS shares, subscribed_delta AS subscribed, paid_delta AS paid, refund_due_delta AS refund_due
             FROM movement WHERE cooperative_id = $1 AND effective_date <= $2
             UNION ALL
             SELECT counterparty_member_id, -shares_delta, -subscribed_delta, -paid_delta, 0
             FROM movement WHERE cooperative_id = $1 AND effective_date <= $2 AND counterparty_member_id IS NOT NULL) j
           GROUP BY member_id`;
    const sql = `
      WITH h AS (${holdings})
      SELECT m.member_number, m.person_type, ${name('m')} AS name, c.name AS category, c.kind AS category_kind, co.name AS college, m.email,
             m.admission_decision_ref, m.admission_decision_date, m.admission_effective_date,
             CASE WHEN m.exit_effective_date <= $2 THEN m.exit_reason END AS exit_reason,
             CASE WHEN m.exit_effective_date <= $2 THEN m.exit_decision_ref END AS exit_decision_ref,
             CASE WHEN m.exit_effective_date <= $2 THEN m.exit_effective_date END AS exit_effective_date,
             CASE WHEN m.closed_on <= $2 THEN 'CLOSED' WHEN m.exit_effective_date <= $2 THEN 'EXITED' ELSE 'ADMITTED' END AS status,
             coalesce(h.shares, 0) AS shares, coalesce(h.subscribed, 0) AS subscribed, coalesce(h.paid, 0) AS paid, coalesce(h.refund_due, 0) AS refund_due
      FROM member m
      JOIN category c ON c.id = m.category_id
      LEFT JOIN college co ON co.id = m.college_id
      LEFT JOIN h ON h.member_id = m.id
      WHERE m.cooperative_id = $1 AND m.admission_effective_date <= $2
      ORDER BY m.member_number`;
    return {
      columns: MEMBER_COLUMNS,
      rows: this.stream(sql, [cooperativeId, asOf], (r) => {
        const subscribed = new Money(r.subscribed);
        const paid = new Money(r.paid);
        return {
          memberNumber: r.member_number,
          status: r.status,
          personType: r.person_type,
          name: r.name,
          category: r.category,
          categoryKind: r.category_kind,
          college: r.college,
          email: r.email,
          admissionDecisionRef: r.admission_decision_ref,
          admissionDecisionDate: r.admission_decision_date,
          admissionEffectiveDate: r.admission_effective_date,
          exitReason: r.exit_reason,
          exitDecisionRef: r.exit_decision_ref,
          exitEffectiveDate: r.exit_effective_date,
          shares: r.shares,
          subscribed: amount(subscribed),
          paid: amount(paid),
          unpaid: amount(subscribed.minus(paid)),
          refundDue: amount(new Money(r.refund_due)),
        };
      }),
    };
  }

  private async *stream(sql: string, params: unknown[], map: (row: Record<string, never>) => RegisterRow): AsyncGenerator<RegisterRow> {
    const runner = this.db.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    const stream = client.query(new QueryStream(sql, params, { batchSize: 1000 }));
    try {
      for await (const row of stream) yield map(row as Record<string, never>);
    } finally {
      stream.destroy();
      await runner.release();
    }
  }
}
