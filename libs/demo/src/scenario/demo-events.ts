import type { CalendarDate } from '@coop/core';

/** One step of the demo's history, as the API would receive it. Members are referred to by their index in `people`. */
export type ClassCode = 'A' | 'B';

export type DemoEvent =
  | { type: 'loss-statement'; date: CalendarDate; fiscalYearEnd: CalendarDate; losses: string; statutoryReserves: string; reference: string }
  | { type: 'application'; date: CalendarDate; person: number }
  | { type: 'admission'; date: CalendarDate; person: number; decisionRef: string; decisionDate: CalendarDate }
  | {
      type: 'subscription';
      date: CalendarDate;
      person: number;
      shareClass: ClassCode;
      shares: number;
      paidAmount: string;
      dueDate?: CalendarDate;
      /** Filled in chronological order once the history is sorted: the number of the subscription form. */
      reference?: string;
      /** This entry repeats an earlier one by mistake (it gets the same form number), to be reversed. */
      duplicateOf?: string;
      tag?: string;
    }
  | { type: 'payment'; date: CalendarDate; person: number; shareClass: ClassCode; amount: string; reference: string; tag?: string }
  | {
      type: 'exit';
      date: CalendarDate;
      person: number;
      reason: 'RESIGNATION' | 'EXCLUSION' | 'RADIATION' | 'DEATH';
      decisionRef?: string;
      decisionDate?: CalendarDate;
    }
  | {
      type: 'transfer';
      date: CalendarDate;
      from: number;
      to: number;
      shareClass: ClassCode;
      /** 'all': every share the member holds in the class when the transfer is entered. */
      shares: number | 'all';
      approvalReference: string;
      approvalDate: CalendarDate;
      tag?: string;
    }
  | {
      type: 'redemption';
      date: CalendarDate;
      person: number;
      shareClass: ClassCode;
      shares: number | 'all';
      approvalReference?: string;
      approvalDate?: CalendarDate;
    }
  | {
      type: 'refund';
      date: CalendarDate;
      person: number;
      shareClass: ClassCode;
      /** What is due when the refund is entered: all of it, or half (to the cent) for a refund in two instalments. */
      amount: 'all-due' | 'half-due';
      reference: string;
    }
  | { type: 'reversal'; date: CalendarDate; of: string; reason: string };

export type DemoEventType = DemoEvent['type'];

/** Within a day: the year's losses before the redemptions they reduce; a member before their movements; an exit before its redemption. */
const ORDER_IN_DAY: Record<DemoEventType, number> = {
  'loss-statement': 0,
  application: 1,
  admission: 2,
  subscription: 3,
  payment: 4,
  exit: 5,
  transfer: 6,
  redemption: 7,
  refund: 8,
  reversal: 9,
};

/** The journal refuses a date earlier than the last one: the whole history is applied in date order. */
export function chronological(events: DemoEvent[]): DemoEvent[] {
  return events
    .map((event, seq) => ({ event, seq }))
    .sort((a, b) =>
      a.event.date !== b.event.date ? (a.event.date < b.event.date ? -1 : 1) : ORDER_IN_DAY[a.event.type] - ORDER_IN_DAY[b.event.type] || a.seq - b.seq,
    )
    .map(({ event }) => event);
}
