import { Money } from '@coop/core';
import { settingsFromJson } from '../cooperatives/cooperative.view';
import type { CooperativeSettings, Holding, LedgerTotals, MemberSnapshot, ShareClassSnapshot } from '../rules';

/** The snapshot the rules decide on, as one SQL row (numbers as text, the rest as JSON): see MovementsRepository. */
export interface SnapshotRow {
  last_movement_date: string | null;
  subscribed_capital: string;
  paid_capital: string;
  highest_capital: string;
  public_body_capital: string;
  refunds_due: string;
  members: MemberSnapshot[];
  holdings: { memberId: string; shareClassId: string; shares: number; subscribed: string; paid: string; refundDue: string }[];
  settings: Record<string, unknown>;
  share_classes: (Omit<ShareClassSnapshot, 'nominalValue'> & { nominalValue: string })[];
}

/** What was read under the journal's lock, in the rules' types. */
export interface JournalSnapshot {
  totals: LedgerTotals;
  members: Map<string, MemberSnapshot>;
  /** The members' holdings in the classes asked for. */
  holdings: { memberId: string; shareClassId: string; holding: Holding }[];
  settings: CooperativeSettings;
  shareClasses: Map<string, ShareClassSnapshot>;
}

export function journalSnapshotOf(row: SnapshotRow): JournalSnapshot {
  return {
    totals: {
      subscribedCapital: new Money(row.subscribed_capital),
      paidCapital: new Money(row.paid_capital),
      highestCapital: new Money(row.highest_capital),
      publicBodyCapital: new Money(row.public_body_capital),
      refundsDue: new Money(row.refunds_due),
      lastMovementDate: row.last_movement_date,
    },
    members: new Map(row.members.map((m) => [m.id, m])),
    holdings: row.holdings.map((h) => ({
      memberId: h.memberId,
      shareClassId: h.shareClassId,
      holding: { shares: h.shares, subscribed: new Money(h.subscribed), paid: new Money(h.paid), refundDue: new Money(h.refundDue) },
    })),
    settings: settingsFromJson(row.settings),
    shareClasses: new Map(row.share_classes.map((c) => [c.id, { ...c, nominalValue: new Money(c.nominalValue) }])),
  };
}
