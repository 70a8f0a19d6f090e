import { Money, ZERO, type CalendarDate } from '@coop/core';
import {
  applyToHolding,
  applyToTotals,
  EMPTY_HOLDING,
  type CooperativeSettings,
  type Holding,
  type LedgerTotals,
  type MemberSnapshot,
  type MovementEffect,
  type ShareClassSnapshot,
} from '@coop/ledger';

/**
 * A cooperative's ledger kept by the pure rules alone (applyToHolding, applyToTotals), for the differential test that
 * compares it with what the database derives from the same journal.
 */

export const key = (memberId: string, classId: string) => `${memberId}|${classId}`;

export interface Entry {
  id: string;
  number: number;
  effect: MovementEffect;
  totalsAfter: LedgerTotals;
}

export interface Model {
  settings: CooperativeSettings;
  classes: ShareClassSnapshot[];
  members: MemberSnapshot[];
  holdings: Map<string, Holding>;
  totals: LedgerTotals;
  journal: Entry[];
  reversed: Set<string>;
  lastDate: CalendarDate;
}

export const holdingOf = (s: Model, memberId: string, classId: string) => s.holdings.get(key(memberId, classId)) ?? null;

export function apply(s: Model, e: MovementEffect): void {
  const isPublicBody = (id: string) => s.members.find((x) => x.id === id)?.categoryKind === 'PUBLIC_BODY';
  s.holdings.set(key(e.memberId, e.shareClassId), applyToHolding(holdingOf(s, e.memberId, e.shareClassId) ?? EMPTY_HOLDING, e, 1));
  if (e.counterpartyMemberId) {
    s.holdings.set(key(e.counterpartyMemberId, e.shareClassId), applyToHolding(holdingOf(s, e.counterpartyMemberId, e.shareClassId) ?? EMPTY_HOLDING, e, -1));
  }
  s.totals = applyToTotals(s.totals, e, isPublicBody);
}

/** An exited member is closed once they hold nothing and are owed nothing (and reopened by a reversal). */
export function closeIfDone(s: Model, memberId: string): void {
  const x = s.members.find((mm) => mm.id === memberId)!;
  if (x.status !== 'EXITED' && x.status !== 'CLOSED') return;
  const open = s.classes.some((c) => {
    const h = holdingOf(s, memberId, c.id);
    return !!h && (h.shares > 0 || h.refundDue.greaterThan(0));
  });
  x.status = open ? 'EXITED' : 'CLOSED';
}

/** A holding of the model that satisfies `usable`, chosen by `n`; else the first member's class A holding. */
export function target(s: Model, n: number, usable: (h: Holding) => boolean): { memberId: string; shareClass: ShareClassSnapshot } {
  const candidates = [...s.holdings.entries()].filter(([, h]) => usable(h));
  if (!candidates.length) return { memberId: s.members[n % s.members.length].id, shareClass: s.classes[0] };
  const [k] = candidates[n % candidates.length];
  const [memberId, classId] = k.split('|');
  return { memberId, shareClass: s.classes.find((c) => c.id === classId)! };
}

/** The overdue amount on a date, from the model's journal: per holding, what is unpaid beyond the balances not yet due. */
export function overdueOracle(journal: Entry[], asOf: CalendarDate): Money {
  const prefix = journal.filter((e) => e.effect.effectiveDate <= asOf);
  const reversed = new Set(prefix.map((e) => e.effect.reversesMovementId).filter((id): id is string => !!id));
  const unpaid = new Map<string, Money>();
  const notDue = new Map<string, Money>();
  const add = (map: Map<string, Money>, k: string, v: Money) => map.set(k, (map.get(k) ?? ZERO).plus(v));
  for (const { id, effect: e } of prefix) {
    const balance = e.subscribedDelta.minus(e.paidDelta);
    add(unpaid, key(e.memberId, e.shareClassId), balance);
    if (e.counterpartyMemberId) add(unpaid, key(e.counterpartyMemberId, e.shareClassId), balance.negated());
    if (e.kind === 'SUBSCRIPTION' && e.dueDate && e.dueDate >= asOf && !reversed.has(id)) add(notDue, key(e.memberId, e.shareClassId), balance);
  }
  let overdue = ZERO;
  for (const [k, u] of unpaid) if (u.greaterThan(0)) overdue = overdue.plus(Money.max(0, u.minus(notDue.get(k) ?? ZERO)));
  return overdue;
}
