import { Injectable } from '@nestjs/common';
import { Money, today, type CalendarDate, type CooperativeContext } from '@coop/core';
import { capitalFloor, complianceChecks, PUBLIC_BODY_CAP, publicBodyShare, type LedgerTotals } from '../rules';
import { CooperativesService } from '../cooperatives/cooperatives.service';
import { amount } from '../shared/views';
import { CapitalRepository } from './capital.repository';

/** How many overdue figures of past dates are kept (per cooperative and date). */
const PAST_OVERDUE_CACHE_SIZE = 1000;

@Injectable()
export class CapitalService {
  /** Overdue figures of dates before the journal's last movement, oldest first: see overdueAsOf. */
  private readonly pastOverdue = new Map<string, Money>();

  constructor(
    private readonly repository: CapitalRepository,
    private readonly cooperatives: CooperativesService,
  ) {}

  /** The journal's totals on a date: the running totals of the last movement recorded on or before it. */
  totalsAsOf(ctx: CooperativeContext, asOf: CalendarDate): Promise<LedgerTotals & { lastMovementNumber: number }> {
    return this.repository.totals(ctx.cooperativeId, asOf, asOf >= today());
  }

  /**
   * Unpaid balances past their due date. Today, later, or on any date since the last movement: from the projection
   * the journal's trigger keeps by due date (one small index range, whatever the size of the journal). Before the last
   * movement: from the journal up to that date, a figure that can never change (movements are entered in date order,
   * so none will ever be added on or before it), kept once computed.
   */
  async overdueAsOf(ctx: CooperativeContext, asOf: CalendarDate): Promise<Money> {
    const { cooperativeId } = ctx;
    const key = `${cooperativeId}|${asOf}`;
    const kept = this.pastOverdue.get(key);
    if (kept) return kept;
    const projected = await this.repository.projectedOverdue(cooperativeId, asOf, asOf >= today());
    if (projected) return projected;
    const { overdue, lastMovementDate } = await this.repository.journalOverdue(cooperativeId, asOf);
    if (lastMovementDate !== null && asOf < lastMovementDate) {
      this.pastOverdue.set(key, overdue);
      if (this.pastOverdue.size > PAST_OVERDUE_CACHE_SIZE) this.pastOverdue.delete(this.pastOverdue.keys().next().value as string);
    }
    return overdue;
  }

  /** The overdue amount on a date from the journal alone, never from the projection: the definition it must equal. */
  async overdueFromJournal(ctx: CooperativeContext, asOf: CalendarDate): Promise<Money> {
    return (await this.repository.journalOverdue(ctx.cooperativeId, asOf)).overdue;
  }

  async capital(ctx: CooperativeContext, asOf: CalendarDate = today()) {
    const { cooperativeId } = ctx;
    const settings = await this.cooperatives.getSettings(cooperativeId);
    const [totals, overdue, members] = await Promise.all([
      this.totalsAsOf(ctx, asOf),
      this.overdueAsOf(ctx, asOf),
      this.repository.memberCount(cooperativeId, asOf),
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
      members,
    };
  }

  async compliance(ctx: CooperativeContext, asOf: CalendarDate = today()) {
    const { cooperativeId } = ctx;
    const settings = await this.cooperatives.getSettings(cooperativeId);
    const [totals, overdue, byKind, colleges] = await Promise.all([
      this.totalsAsOf(ctx, asOf),
      this.overdueAsOf(ctx, asOf),
      this.repository.membershipByKind(cooperativeId, asOf),
      this.repository.colleges(cooperativeId),
    ]);
    const checks = complianceChecks({
      settings,
      totals,
      membersByCategoryKind: Object.fromEntries(byKind.map((r) => [r.kind, r.members])),
      categoriesWithMembers: byKind.reduce((n, r) => n + r.categories, 0),
      colleges: colleges.map((c) => ({ name: c.name, weight: c.weight })),
      membersWithoutCollege: byKind.reduce((n, r) => n + r.without_college, 0),
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
