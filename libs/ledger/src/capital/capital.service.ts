import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Money, today, type CalendarDate } from '@coop/core';
import { CollegeEntity } from '@coop/database';
import { capitalFloor, complianceChecks, PUBLIC_BODY_CAP, publicBodyShare, type CategoryKind, type LedgerTotals } from '../rules';
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


/** Members on the date per category kind, and those without a college, in one pass over the members. */
/** Members per category kind on a date, from the membership changes (admissions +1, exits -1) up to it. */
const MEMBERSHIP_BY_KIND_SQL = `
SELECT c.kind, count(*)::int AS categories, sum(x.members)::int AS members, sum(x.without_college)::int AS without_college
FROM (SELECT category_id, sum(delta) AS members, coalesce(sum(delta) FILTER (WHERE NOT has_college), 0) AS without_college
      FROM membership_change WHERE cooperative_id = $1 AND effective_date <= $2 GROUP BY category_id) x
JOIN category c ON c.id = x.category_id
WHERE x.members > 0
GROUP BY c.kind`;

const MEMBER_COUNT_SQL = `SELECT coalesce(sum(delta), 0)::int AS count FROM membership_change WHERE cooperative_id = $1 AND effective_date <= $2`;

/** How many overdue figures are kept (per cooperative, date and journal version). */
const OVERDUE_CACHE_SIZE = 1000;

@Injectable()
export class CapitalService {
  /** Overdue figures by cooperative, date and branch, oldest first; see overdueAsOf. */
  private readonly overdueCache = new Map<string, { version: number; overdue: Money }>();

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

  /**
   * The overdue figure reads every unpaid balance and every subscription not yet due: tens of milliseconds for a
   * cooperative of 100 000 members. It depends on nothing but the journal and the date, so it is kept, per cooperative
   * and date, with the journal's version it was computed at (its last movement number, read in the same statement):
   * it is served again only while that version is still the journal's, i.e. until the next movement.
   */
  async overdueAsOf(cooperativeId: string, asOf: CalendarDate): Promise<Money> {
    const current = asOf >= today();
    const key = `${cooperativeId}|${asOf}|${current}`;
    const kept = this.overdueCache.get(key);
    if (kept) {
      const [state] = await this.db.query('SELECT last_movement_number FROM ledger_state WHERE cooperative_id = $1', [cooperativeId]);
      if (state?.last_movement_number === kept.version) return kept.overdue;
    }
    const sql = `WITH overdue AS (${OVERDUE_SQL.replace('%HOLDINGS%', current ? CURRENT_UNPAID : PAST_UNPAID)})
      SELECT overdue.overdue, (SELECT last_movement_number FROM ledger_state WHERE cooperative_id = $1) AS version FROM overdue`;
    const [row] = await this.db.query(sql, [cooperativeId, asOf]);
    const overdue = new Money(row.overdue);
    if (row.version !== null && row.version !== undefined) {
      this.overdueCache.delete(key);
      this.overdueCache.set(key, { version: row.version, overdue });
      if (this.overdueCache.size > OVERDUE_CACHE_SIZE) this.overdueCache.delete(this.overdueCache.keys().next().value as string);
    }
    return overdue;
  }

  async capital(cooperativeId: string, asOf: CalendarDate = today()) {
    const settings = await this.cooperatives.getSettings(cooperativeId);
    const [totals, overdue, [members]] = await Promise.all([
      this.totalsAsOf(cooperativeId, asOf),
      this.overdueAsOf(cooperativeId, asOf),
      this.db.query(MEMBER_COUNT_SQL, [cooperativeId, asOf]),
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
        cap: PUBLIC_BODY_CAP.toString(),
      },
      refundsDue: amount(totals.refundsDue),
      members: members.count,
    };
  }

  async compliance(cooperativeId: string, asOf: CalendarDate = today()) {
    const settings = await this.cooperatives.getSettings(cooperativeId);
    const [totals, overdue, byKind, colleges] = await Promise.all([
      this.totalsAsOf(cooperativeId, asOf),
      this.overdueAsOf(cooperativeId, asOf),
      this.db.query(MEMBERSHIP_BY_KIND_SQL, [cooperativeId, asOf]) as Promise<{ kind: CategoryKind; categories: number; members: number; without_college: number }[]>,
      this.db.getRepository(CollegeEntity).find({ where: { cooperativeId }, order: { position: 'ASC' } }),
    ]);
    const noCollege = { count: byKind.reduce((n, r) => n + r.without_college, 0) };
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
