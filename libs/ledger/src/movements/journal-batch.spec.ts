import { DomainError, Money } from '@coop/core';
import { defaultSettings, planPayment, planSubscription, type MemberSnapshot, type ShareClassSnapshot } from '../rules';
import { holdingKey, planJournalBatch, type JournalJob, type JournalState } from './journal-batch';

const settings = defaultSettings('SCIC_SAS');
const shareClass: ShareClassSnapshot = {
  id: 'class-a',
  code: 'A',
  nominalValue: new Money(100),
  minPerMember: 1,
  maxPerMember: 3,
  holderTypes: ['NATURAL'],
  eligibleCategoryIds: [],
};
const member = (id: string): MemberSnapshot => ({
  id,
  status: 'ADMITTED',
  personType: 'NATURAL',
  categoryId: 'c',
  categoryKind: 'BENEFICIARY',
  admissionEffectiveDate: '2024-01-01',
  exitEffectiveDate: null,
});

const state = (): JournalState => ({
  totals: {
    subscribedCapital: new Money(0),
    paidCapital: new Money(0),
    highestCapital: new Money(0),
    publicBodyCapital: new Money(0),
    refundsDue: new Money(0),
    lastMovementDate: null,
  },
  members: new Map([
    ['m1', member('m1')],
    ['m2', member('m2')],
  ]),
  holdings: new Map(),
});

const subscription = (memberId: string, shares: number, date = '2024-02-01'): JournalJob => ({
  memberIds: [{ id: memberId, field: 'memberId' }],
  shareClassId: shareClass.id,
  shareClass,
  settings,
  plan: (ctx, snap, cls) =>
    planSubscription(ctx, {
      member: snap.members.get(memberId)!,
      shareClass: cls,
      holding: snap.holdings.get(memberId) ?? null,
      shares,
      paidAmount: new Money(shares * 100),
      date,
    }),
});

const payment = (memberId: string, amount: string): JournalJob => ({
  memberIds: [{ id: memberId, field: 'memberId' }],
  shareClassId: shareClass.id,
  shareClass,
  settings,
  plan: (ctx, snap, cls) =>
    planPayment(ctx, {
      member: snap.members.get(memberId)!,
      shareClass: cls,
      holding: snap.holdings.get(memberId) ?? null,
      amount: new Money(amount),
      date: '2024-03-01',
    }),
});

const codeOf = (d: ReturnType<typeof planJournalBatch>[number]) => ('refusal' in d ? d.refusal.code : 'OK');

describe('planJournalBatch: a batch decided as if its movements were recorded one after the other', () => {
  it('each movement sees the holdings the previous ones of the batch left', () => {
    const decisions = planJournalBatch(state(), [subscription('m1', 2), subscription('m1', 1), subscription('m1', 1), subscription('m2', 3)]);
    // the class allows at most 3 shares per member: the third subscription of m1 is refused, m2 is not affected
    expect(decisions.map(codeOf)).toEqual(['OK', 'OK', 'ABOVE_MAXIMUM_HOLDING', 'OK']);
  });

  it('keeps the chronological order across the batch and refuses unknown members without touching the state', () => {
    const decisions = planJournalBatch(state(), [
      subscription('m1', 1, '2024-05-01'),
      subscription('m2', 1, '2024-04-01'),
      subscription('nobody', 1),
      subscription('m2', 1, '2024-05-02'),
    ]);
    expect(decisions.map(codeOf)).toEqual(['OK', 'DATE_OUT_OF_ORDER', 'MEMBER_NOT_FOUND', 'OK']);
    expect((decisions[2] as { refusal: DomainError }).refusal.field).toBe('memberId');
  });

  it('starts from the holdings read from the database', () => {
    const s = state();
    s.holdings.set(holdingKey('m1', 'class-a'), { shares: 2, subscribed: new Money(200), paid: new Money(50), refundDue: new Money(0) });
    s.totals = { ...s.totals, subscribedCapital: new Money(200), paidCapital: new Money(50), highestCapital: new Money(200), lastMovementDate: '2024-02-01' };
    const decisions = planJournalBatch(s, [payment('m1', '100.00'), payment('m1', '50.00'), payment('m1', '0.01')]);
    expect(decisions.map(codeOf)).toEqual(['OK', 'OK', 'PAYMENT_EXCEEDS_UNPAID']);
  });

  it('refuses a movement of an unknown share class', () => {
    const decisions = planJournalBatch(state(), [{ ...subscription('m1', 1), shareClassId: 'class-z', shareClass: null }]);
    expect((decisions[0] as { refusal: DomainError }).refusal).toMatchObject({ code: 'SHARE_CLASS_NOT_FOUND', field: 'shareClassId' });
  });

  it('does not change the state it was given', () => {
    const s = state();
    planJournalBatch(s, [subscription('m1', 2)]);
    expect(s.holdings.size).toBe(0);
    expect(s.totals.subscribedCapital.toString()).toBe('0');
  });
});
