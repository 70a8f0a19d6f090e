import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Money, today, type CalendarDate } from '@coop/core';
import { CollegeEntity } from '@coop/database';
import { capitalFloor, complianceChecks, publicBodyShare, type CategoryKind, type LedgerTotals } from '../rules';
import { CooperativesService } from '../cooperatives/cooperatives.service';
import { amount } from '../shared/views';

/** Unpaid balances past their due date (a balance is on time on its due date itself): what is unpaid beyond the balances of subscriptions not yet past due (payments go to the oldest first). */
const OVERDUE_SQL = `
WITH not_due AS (
  SELECT s.member_id, s.share_class_id, sum(s.subscribed_delta - s.paid_delta) AS amount
  FROM movement s
  WHERE s.cooperative_id = $1 AND s.kind = 'SUBSCRIPTION' AND s.due_date >= $2 AND s.effective_date <= $2
    AND NOT EXISTS (SELECT 1 FROM movement r WHERE r.reverses_movement_id = s.id AND r.effective_date <= $2)
  GROUP BY s.member_id, s.share_class_id),
holdings AS (%HOLDINGS%)
SELECT coalesce(sum(GREATEST(0, h.unpaid - coalesce(n.amount, 0))), 0)::text AS overdue
FROM holdings h LEFT JOIN not_due n ON n.member_id = h.member_id AND n.share_class_id = h.share_class_id
WHERE h.unpaid > 0`;

const CURRENT_UNPAID = `SELECT member_id, share_class_id, subscribed - paid AS unpaid FROM holding WHERE cooperative_id = $1 AND subscribed > paid`;
const PAST_UNPAID = `
  SELECT member_id, share_class_id, sum(unpaid) AS unpaid FROM (
    SELECT member_id, share_class_id, subscribed_delta - paid_delta AS unpaid FROM movement WHERE cooperative_id = $1 AND effective_date <= $2
    UNION ALL
    SELECT counterparty_member_id, share_class_id, -(subscribed_delta - paid_delta) FROM movement
    WHERE cooperative_id = $1 AND effective_date <= $2 AND counterparty_member_id IS NOT NULL
  ) j GROUP BY member_id, share_class_id`;

const MEMBERSHIP_ON_DATE = `m.cooperative_id = $1 AND m.admission_effective_date <= $2 AND (m.exit_effective_date IS NULL OR m.exit_effective_date > $2)`;

@Injectable()
export class CapitalService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cooperatives: CooperativesService,
  ) {}

  /** The journal's totals on a date: the running totals of the last movement recorded on or before it. */
  async totalsAsOf(cooperativeId: string, asOf: CalendarDate): Promise<LedgerTotals & { lastMovementNumber: number }> {
    const current = asOf >= today();
    const [row] = current
      ? await this.db.query(
          `SELECT last_movement_number, last_movement_date, subscribed_capital, paid_capital, highest_capital, public_body_capital, refunds_due
           FROM ledger_state WHERE cooperative_id = $1`,
          [cooperativeId],
        )
      : await this.db.query(
          `SELECT movement_number AS last_movement_number, effective_date AS last_movement_date, subscribed_capital_after AS subscribed_capital,
                  paid_capital_after AS paid_capital, highest_capital_after AS highest_capital,
                  public_body_capital_after AS public_body_capital, refunds_due_after AS refunds_due
           FROM movement WHERE cooperative_id = $1 AND effective_date <= $2 ORDER BY effective_date DESC, movement_number DESC LIMIT 1`,
          [cooperativeId, asOf],
        );
    const m = (v: string | undefined) => new Money(v ?? 0);
    return {
      lastMovementNumber: row?.last_movement_number ?? 0,
      lastMovementDate: row?.last_movement_date ?? null,
      subscribedCapital: m(row?.subscribed_capital),
      paidCapital: m(row?.paid_capital),
      highestCapital: m(row?.highest_capital),
      publicBodyCapital: m(row?.public_body_capital),
      refundsDue: m(row?.refunds_due),
    };
  }

  async overdueAsOf(cooperativeId: string, asOf: CalendarDate): Promise<Money> {
    const sql = OVERDUE_SQL.replace('%HOLDINGS%', asOf >= today() ? CURRENT_UNPAID : PAST_UNPAID);
    const [row] = await this.db.query(sql, [cooperativeId, asOf]);
    return new Money(row.overdue);
  }

  async capital(cooperativeId: string, asOf: CalendarDate = today()) {
    const settings = await this.cooperatives.getSettings(cooperativeId);
    const [totals, overdue, [members]] = await Promise.all([
      this.totalsAsOf(cooperativeId, asOf),
      this.overdueAsOf(cooperativeId, asOf),
      this.db.query(`SELECT count(*)::int AS count FROM member m WHERE ${MEMBERSHIP_ON_DATE}`, [cooperativeId, asOf]),
    ]);
    const floor = capitalFloor(settings, totals.highestCapital);
    return {
      asOf,
      lastMovementNumber: totals.lastMovementNumber,
      subscribed: amount(totals.subscribedCapital),
      paid: amount(totals.paidCapital),
      unpaid: amount(totals.subscribedCapital.minus(totals.paidCapital)),
      overdue: amount(overdue),
      highestCapital: amount(totals.highestCapital),
      floor: {
        amount: amount(floor.floor),
        statutoryFloor: amount(floor.statutoryFloor),
        quarterOfHighestCapital: amount(floor.quarterOfHighestCapital),
        tenthOfStatutoryCapital: amount(floor.tenthOfStatutoryCapital),
        headroom: amount(Money.max(0, totals.subscribedCapital.minus(floor.floor))),
      },
      publicBodies: {
        capital: amount(totals.publicBodyCapital),
        share: publicBodyShare(totals).toDecimalPlaces(6).toString(),
        cap: '0.5',
      },
      refundsDue: amount(totals.refundsDue),
      members: members.count,
    };
  }

  async compliance(cooperativeId: string, asOf: CalendarDate = today()) {
    const settings = await this.cooperatives.getSettings(cooperativeId);
    const [totals, overdue, byKind, colleges, [noCollege]] = await Promise.all([
      this.totalsAsOf(cooperativeId, asOf),
      this.overdueAsOf(cooperativeId, asOf),
      this.db.query(
        `SELECT c.kind, count(DISTINCT m.category_id)::int AS categories, count(*)::int AS members
         FROM member m JOIN category c ON c.id = m.category_id WHERE ${MEMBERSHIP_ON_DATE} GROUP BY c.kind`,
        [cooperativeId, asOf],
      ) as Promise<{ kind: CategoryKind; categories: number; members: number }[]>,
      this.db.getRepository(CollegeEntity).find({ where: { cooperativeId }, order: { position: 'ASC' } }),
      this.db.query(`SELECT count(*)::int AS count FROM member m WHERE ${MEMBERSHIP_ON_DATE} AND m.college_id IS NULL`, [cooperativeId, asOf]),
    ]);
    const checks = complianceChecks({
      settings,
      totals,
      membersByCategoryKind: Object.fromEntries(byKind.map((r) => [r.kind, r.members])),
      categoriesWithMembers: byKind.reduce((n, r) => n + r.categories, 0),
      colleges: colleges.map((c) => ({ name: c.name, weight: c.weight })),
      membersWithoutCollege: noCollege.count,
      overdue,
    });
    return {
      asOf,
      compliant: checks.every((c) => c.ok || c.severity !== 'ERROR'),
      warnings: checks.filter((c) => !c.ok && c.severity === 'WARNING').map((c) => c.code),
      errors: checks.filter((c) => !c.ok && c.severity === 'ERROR').map((c) => c.code),
      checks,
    };
  }
}
