import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Money, type CalendarDate } from '@coop/core';
import { CollegeEntity } from '@coop/database';
import type { CategoryKind, LedgerTotals } from '../rules';

const CURRENT_TOTALS_SQL = `
SELECT last_movement_number, last_movement_date, subscribed_capital, paid_capital, highest_capital, public_body_capital, refunds_due
FROM ledger_state WHERE cooperative_id = $1`;

/** The running totals of the last movement recorded on or before the date: one index lookup. */
const PAST_TOTALS_SQL = `
SELECT movement_number AS last_movement_number, effective_date AS last_movement_date, subscribed_capital_after AS subscribed_capital,
       paid_capital_after AS paid_capital, highest_capital_after AS highest_capital,
       public_body_capital_after AS public_body_capital, refunds_due_after AS refunds_due
FROM movement WHERE cooperative_id = $1 AND effective_date <= $2 ORDER BY effective_date DESC, movement_number DESC LIMIT 1`;

/**
 * The overdue amount from the projection `unpaid_due` (kept by the journal's trigger): what is unpaid on balances due
 * before the date. It holds the whole journal, so it answers for a date on or after the last movement, and for today
 * or later (`$3`: the figures of today read the whole journal, as the totals do); otherwise `overdue` is null.
 */
const PROJECTED_OVERDUE_SQL = `
SELECT CASE WHEN $3 OR s.last_movement_date IS NULL OR s.last_movement_date <= $2
            THEN (SELECT coalesce(sum(u.unpaid), 0) FROM unpaid_due u WHERE u.cooperative_id = $1 AND u.due_date < $2)::text
       END AS overdue
FROM ledger_state s WHERE s.cooperative_id = $1`;

/**
 * The overdue amount on a date from the journal alone (the definition the projection keeps): per holding, what is
 * unpaid on that date beyond the balances of the subscriptions not yet due then (payments pay the oldest due first; a
 * balance is on time on its due date itself). Reads the journal up to the date: for past dates.
 */
const JOURNAL_OVERDUE_SQL = `
WITH not_due AS (
  SELECT s.member_id, s.share_class_id, sum(s.subscribed_delta - s.paid_delta) AS amount
  FROM movement s
  WHERE s.cooperative_id = $1 AND s.kind = 'SUBSCRIPTION' AND s.due_date >= $2 AND s.effective_date <= $2
    AND NOT EXISTS (SELECT 1 FROM movement r WHERE r.reverses_movement_id = s.id AND r.effective_date <= $2)
  GROUP BY s.member_id, s.share_class_id),
unpaid AS (
  SELECT member_id, share_class_id, sum(unpaid) AS unpaid FROM (
    SELECT member_id, share_class_id, subscribed_delta - paid_delta AS unpaid FROM movement WHERE cooperative_id = $1 AND effective_date <= $2
    UNION ALL
    SELECT counterparty_member_id, share_class_id, -(subscribed_delta - paid_delta) FROM movement
    WHERE cooperative_id = $1 AND effective_date <= $2 AND counterparty_member_id IS NOT NULL
  ) j GROUP BY member_id, share_class_id)
SELECT coalesce(sum(GREATEST(0, h.unpaid - coalesce(n.amount, 0))), 0)::text AS overdue,
       (SELECT last_movement_date FROM ledger_state WHERE cooperative_id = $1) AS last_movement_date
FROM unpaid h LEFT JOIN not_due n ON n.member_id = h.member_id AND n.share_class_id = h.share_class_id
WHERE h.unpaid > 0`;

/** Members per category kind on a date, from the membership changes (admissions +1, exits -1) up to it. */
const MEMBERSHIP_BY_KIND_SQL = `
SELECT c.kind, count(*)::int AS categories, sum(x.members)::int AS members, sum(x.without_college)::int AS without_college
FROM (SELECT category_id, sum(delta) AS members, coalesce(sum(delta) FILTER (WHERE NOT has_college), 0) AS without_college
      FROM membership_change WHERE cooperative_id = $1 AND effective_date <= $2 GROUP BY category_id) x
JOIN category c ON c.id = x.category_id
WHERE x.members > 0
GROUP BY c.kind`;

const MEMBER_COUNT_SQL = `SELECT coalesce(sum(delta), 0)::int AS count FROM membership_change WHERE cooperative_id = $1 AND effective_date <= $2`;

export interface MembershipByKind {
  kind: CategoryKind;
  categories: number;
  members: number;
  without_college: number;
}

/** The SQL of the capital and compliance figures. */
@Injectable()
export class CapitalRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The journal's totals: `current`, those of the whole journal; else those of the last movement on or before the date. */
  async totals(cooperativeId: string, asOf: CalendarDate, current: boolean): Promise<LedgerTotals & { lastMovementNumber: number }> {
    const [row] = current ? await this.db.query(CURRENT_TOTALS_SQL, [cooperativeId]) : await this.db.query(PAST_TOTALS_SQL, [cooperativeId, asOf]);
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

  /** From the projection, when it answers for this date (see PROJECTED_OVERDUE_SQL); else null. */
  async projectedOverdue(cooperativeId: string, asOf: CalendarDate, current: boolean): Promise<Money | null> {
    const [row] = await this.db.query(PROJECTED_OVERDUE_SQL, [cooperativeId, asOf, current]);
    return row?.overdue == null ? null : new Money(row.overdue);
  }

  /** From the journal up to the date, with the journal's last date read in the same statement. */
  async journalOverdue(cooperativeId: string, asOf: CalendarDate): Promise<{ overdue: Money; lastMovementDate: CalendarDate | null }> {
    const [row] = await this.db.query(JOURNAL_OVERDUE_SQL, [cooperativeId, asOf]);
    return { overdue: new Money(row.overdue), lastMovementDate: row.last_movement_date ?? null };
  }

  async memberCount(cooperativeId: string, asOf: CalendarDate): Promise<number> {
    const [row] = await this.db.query(MEMBER_COUNT_SQL, [cooperativeId, asOf]);
    return row.count;
  }

  membershipByKind(cooperativeId: string, asOf: CalendarDate): Promise<MembershipByKind[]> {
    return this.db.query(MEMBERSHIP_BY_KIND_SQL, [cooperativeId, asOf]);
  }

  colleges(cooperativeId: string): Promise<CollegeEntity[]> {
    return this.db.getRepository(CollegeEntity).find({ where: { cooperativeId }, order: { position: 'ASC' } });
  }
}
