import { DomainError, Money, ZERO } from '@coop/core';
import fc from 'fast-check';
import { defaultSettings } from './cooperative-settings.rules';
import type { CooperativeSettings, Holding, LedgerTotals, MemberSnapshot, MovementEffect, ShareClassSnapshot } from './ledger.types';
import { EMPTY_HOLDING, fullyPaidShares } from './money-helpers';
import {
  applyToHolding,
  applyToTotals,
  isValidHolding,
  planPayment,
  planRedemption,
  planRefund,
  planReversal,
  planSubscription,
  planTransfer,
  type LedgerContext,
  type ReversalCommand,
} from './movement.rules';

// ---------------------------------------------------------------- fixtures

const m = (v: string | number) => new Money(v);

function errorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError, nothing was thrown');
}

function expectRefused(fn: () => unknown, code: string, field?: string): DomainError {
  const error = errorOf(fn);
  expect(error.code).toBe(code);
  if (field !== undefined) expect(error.field).toBe(field);
  return error;
}

const totals = (patch: Partial<LedgerTotals> = {}): LedgerTotals => ({
  subscribedCapital: ZERO,
  paidCapital: ZERO,
  highestCapital: ZERO,
  publicBodyCapital: ZERO,
  refundsDue: ZERO,
  lastMovementDate: null,
  ...patch,
});

const settings = (patch: Partial<CooperativeSettings> = {}): CooperativeSettings => ({ ...defaultSettings('SCIC_SAS'), ...patch });

const ctx = (t: Partial<LedgerTotals> = {}, s: Partial<CooperativeSettings> = {}): LedgerContext => ({ settings: settings(s), totals: totals(t) });

const member = (patch: Partial<MemberSnapshot> = {}): MemberSnapshot => ({
  id: 'alice',
  status: 'ADMITTED',
  personType: 'NATURAL',
  categoryId: 'users',
  categoryKind: 'BENEFICIARY',
  admissionEffectiveDate: '2025-01-10',
  exitEffectiveDate: null,
  ...patch,
});

const bob = (patch: Partial<MemberSnapshot> = {}) => member({ id: 'bob', categoryId: 'staff', categoryKind: 'EMPLOYEE', ...patch });
const town = (patch: Partial<MemberSnapshot> = {}) => member({ id: 'town', personType: 'LEGAL', categoryId: 'public', categoryKind: 'PUBLIC_BODY', ...patch });

const classA = (patch: Partial<ShareClassSnapshot> = {}): ShareClassSnapshot => ({
  id: 'class-a',
  code: 'A',
  nominalValue: m('100'),
  minPerMember: 1,
  maxPerMember: 100,
  holderTypes: ['NATURAL', 'LEGAL'],
  eligibleCategoryIds: [],
  ...patch,
});

const holding = (shares: number, paid: string | number, refundDue: string | number = 0, nominal = '100'): Holding => ({
  shares,
  subscribed: m(nominal).times(shares),
  paid: m(paid),
  refundDue: m(refundDue),
});

const expectHolding = (h: Holding, shares: number, subscribed: string, paid: string, refundDue: string) => {
  expect({ shares: h.shares, subscribed: h.subscribed.toFixed(2), paid: h.paid.toFixed(2), refundDue: h.refundDue.toFixed(2) }).toEqual({
    shares,
    subscribed,
    paid,
    refundDue,
  });
};

// ---------------------------------------------------------------- subscription

describe('planSubscription', () => {
  const subscribe = (c: LedgerContext, patch: Partial<Parameters<typeof planSubscription>[1]> = {}) =>
    planSubscription(c, { member: member(), shareClass: classA(), holding: null, shares: 4, paidAmount: m('400'), date: '2025-02-01', ...patch });

  it('records a fully paid subscription', () => {
    const e = subscribe(ctx());
    expect(e.kind).toBe('SUBSCRIPTION');
    expect(e.memberId).toBe('alice');
    expect(e.shareClassId).toBe('class-a');
    expect(e.counterpartyMemberId).toBeNull();
    expect(e.shares).toBe(4);
    expect(e.sharesDelta).toBe(4);
    expect(e.amount.toString()).toBe('400');
    expect(e.subscribedDelta.toString()).toBe('400');
    expect(e.paidDelta.toString()).toBe('400');
    expect(e.refundDueDelta.isZero()).toBe(true);
    expect(e.dueDate).toBeNull();
    expect(e.effectiveDate).toBe('2025-02-01');
  });

  it.each(['CANDIDATE', 'EXITED', 'CLOSED'] as const)('refuses a member who is %s', (status) => {
    expectRefused(() => subscribe(ctx(), { member: member({ status }) }), 'MEMBER_STATUS_INVALID', 'memberId');
  });

  it('refuses a date before the admission, accepts the admission day', () => {
    expectRefused(() => subscribe(ctx(), { date: '2025-01-09' }), 'DATE_BEFORE_ADMISSION', 'date');
    expect(subscribe(ctx(), { date: '2025-01-10' }).effectiveDate).toBe('2025-01-10');
  });

  it('refuses a date before the last movement, accepts the same day', () => {
    const error = expectRefused(() => subscribe(ctx({ lastMovementDate: '2025-03-01' }), { date: '2025-02-28' }), 'DATE_OUT_OF_ORDER', 'date');
    expect(error.details).toEqual({ lastMovementDate: '2025-03-01' });
    expect(() => subscribe(ctx({ lastMovementDate: '2025-03-01' }), { date: '2025-03-01' })).not.toThrow();
  });

  it('refuses a share class the member may not hold (person type or category)', () => {
    expectRefused(() => subscribe(ctx(), { shareClass: classA({ holderTypes: ['LEGAL'] }) }), 'SHARE_CLASS_NOT_ELIGIBLE', 'shareClassId');
    expectRefused(() => subscribe(ctx(), { shareClass: classA({ eligibleCategoryIds: ['staff'] }) }), 'SHARE_CLASS_NOT_ELIGIBLE', 'shareClassId');
    expect(() => subscribe(ctx(), { shareClass: classA({ eligibleCategoryIds: ['staff', 'users'], holderTypes: ['NATURAL'] }) })).not.toThrow();
  });

  it('refuses to go above the maximum holding, accepts exactly the maximum', () => {
    const error = expectRefused(() => subscribe(ctx(), { holding: holding(98, 9800), shares: 3, paidAmount: m(300) }), 'ABOVE_MAXIMUM_HOLDING', 'shares');
    expect(error.details).toEqual({ maxPerMember: 100, sharesAfter: 101 });
    expect(() => subscribe(ctx(), { holding: holding(98, 9800), shares: 2, paidAmount: m(200) })).not.toThrow();
    expect(() => subscribe(ctx(), { shareClass: classA({ maxPerMember: null }), shares: 5000, paidAmount: m(500000) })).not.toThrow();
  });

  it('refuses to stay under the minimum holding, counting shares already held', () => {
    const c = classA({ minPerMember: 5 });
    expectRefused(() => subscribe(ctx(), { shareClass: c, shares: 4, paidAmount: m(400) }), 'BELOW_MINIMUM_HOLDING', 'shares');
    expect(() => subscribe(ctx(), { shareClass: c, shares: 5, paidAmount: m(500) })).not.toThrow();
    expect(() => subscribe(ctx(), { shareClass: c, holding: holding(2, 200), shares: 3, paidAmount: m(300) })).not.toThrow();
  });

  it('refuses a payment above the subscription', () => {
    expectRefused(() => subscribe(ctx(), { paidAmount: m('400.01') }), 'PAYMENT_EXCEEDS_SUBSCRIPTION', 'paidAmount');
  });

  describe('first payment (L47 art. 12: at least 1/4)', () => {
    it('accepts exactly 1/4 and refuses one cent less', () => {
      const e = subscribe(ctx(), { paidAmount: m('100') });
      expect(e.paidDelta.toString()).toBe('100');
      const error = expectRefused(() => subscribe(ctx(), { paidAmount: m('99.99') }), 'FIRST_PAYMENT_TOO_LOW', 'paidAmount');
      expect(error.details).toEqual({ minimum: '100.0000', subscriptionAmount: '400.0000' });
      expectRefused(() => subscribe(ctx(), { paidAmount: ZERO }), 'FIRST_PAYMENT_TOO_LOW', 'paidAmount');
    });

    it('uses the statutory fraction when it is higher', () => {
      const c = ctx({}, { minPaidFraction: m('0.5') });
      expect(() => subscribe(c, { paidAmount: m('200') })).not.toThrow();
      expectRefused(() => subscribe(c, { paidAmount: m('199.99') }), 'FIRST_PAYMENT_TOO_LOW', 'paidAmount');
    });

    it('compares exactly when a quarter is not a whole number of cents', () => {
      // 3 × 10.01 = 30.03, a quarter is 7.5075
      const c = classA({ nominalValue: m('10.01') });
      expectRefused(() => subscribe(ctx(), { shareClass: c, shares: 3, paidAmount: m('7.50') }), 'FIRST_PAYMENT_TOO_LOW');
      expect(() => subscribe(ctx(), { shareClass: c, shares: 3, paidAmount: m('7.51') })).not.toThrow();
    });

    it('names the smallest payment in cents that passes (the minimum rounded up to the cent)', () => {
      const c = classA({ nominalValue: m('15.2449') }); // 3 × 15.2449 = 45.7347, a quarter is 11.433675
      const error = expectRefused(() => subscribe(ctx(), { shareClass: c, shares: 3, paidAmount: m('11.43') }), 'FIRST_PAYMENT_TOO_LOW', 'paidAmount');
      expect(error.message).toMatch(/^at least 11\.44 /);
      expect(() => subscribe(ctx(), { shareClass: c, shares: 3, paidAmount: m('11.44') })).not.toThrow();
    });
  });

  describe('cash in whole cents', () => {
    it.each(['100.005', '100.0001', '399.999'])('refuses a paid part of %s: AMOUNT_BELOW_CENT', (paid) => {
      expectRefused(() => subscribe(ctx(), { paidAmount: m(paid) }), 'AMOUNT_BELOW_CENT', 'paidAmount');
    });

    it('accepts the whole amount of a 4-decimal nominal value, the only way to pay it up at once', () => {
      const c = classA({ nominalValue: m('15.2449') });
      expect(subscribe(ctx(), { shareClass: c, shares: 3, paidAmount: m('45.7347') }).paidDelta.toString()).toBe('45.7347');
      expectRefused(() => subscribe(ctx(), { shareClass: c, shares: 3, paidAmount: m('11.4337') }), 'AMOUNT_BELOW_CENT', 'paidAmount');
    });
  });

  describe('due date of the balance (at most the statutory delay, ≤ 5 years)', () => {
    it('defaults to the latest legal date when the subscription is partly paid', () => {
      expect(subscribe(ctx(), { paidAmount: m(100) }).dueDate).toBe('2030-02-01');
      expect(subscribe(ctx({}, { paymentDelayMonths: 12 }), { paidAmount: m(100), date: '2028-02-29' }).dueDate).toBe('2029-02-28');
    });

    it('accepts a due date up to the delay, refuses one day more', () => {
      const c = ctx({}, { paymentDelayMonths: 12 });
      expect(subscribe(c, { paidAmount: m(100), dueDate: '2026-02-01' }).dueDate).toBe('2026-02-01');
      expect(subscribe(c, { paidAmount: m(100), dueDate: '2025-02-01' }).dueDate).toBe('2025-02-01');
      const error = expectRefused(() => subscribe(c, { paidAmount: m(100), dueDate: '2026-02-02' }), 'DUE_DATE_TOO_LATE', 'dueDate');
      expect(error.details).toEqual({ latest: '2026-02-01' });
    });

    it('refuses a due date before the subscription', () => {
      expectRefused(() => subscribe(ctx(), { paidAmount: m(100), dueDate: '2025-01-31' }), 'DUE_DATE_TOO_LATE', 'dueDate');
    });

    it('has no due date when the subscription is fully paid', () => {
      expect(subscribe(ctx(), { paidAmount: m(400), dueDate: '2099-01-01' }).dueDate).toBeNull();
    });
  });

  describe('public bodies cap (SCIC: at most 50 % of capital)', () => {
    // capital 1 000, of which public bodies hold 400
    const c = ctx({ subscribedCapital: m(1000), paidCapital: m(1000), highestCapital: m(1000), publicBodyCapital: m(400) });

    it('accepts a public body subscription that lands exactly on 50 %', () => {
      // 600 / 1 200
      expect(subscribe(c, { member: town(), shares: 2, paidAmount: m(200) }).subscribedDelta.toString()).toBe('200');
    });

    it('refuses one that goes above', () => {
      // 700 / 1 300
      const error = expectRefused(() => subscribe(c, { member: town(), shares: 3, paidAmount: m(300) }), 'PUBLIC_BODY_CAP_EXCEEDED', 'shares');
      expect(error.details).toEqual({ publicBodyCapitalAfter: '700.00', capitalAfter: '1300.00' });
    });

    it('refuses a public body as the first subscriber of a SCIC', () => {
      expectRefused(() => subscribe(ctx(), { member: town(), shares: 1, paidAmount: m(100) }), 'PUBLIC_BODY_CAP_EXCEEDED');
    });

    it('does not apply outside a SCIC', () => {
      expect(() => subscribe(ctx({}, { legalKind: 'SCOP' }), { member: town(), shares: 1, paidAmount: m(100) })).not.toThrow();
    });

    it('counts only public bodies', () => {
      expect(() => subscribe(ctx({ subscribedCapital: m(100), publicBodyCapital: m(50) }), { shares: 1, paidAmount: m(100) })).not.toThrow();
    });
  });
});

// ---------------------------------------------------------------- payment

describe('planPayment', () => {
  const pay = (c: LedgerContext, patch: Partial<Parameters<typeof planPayment>[1]> = {}) =>
    planPayment(c, { member: member(), shareClass: classA(), holding: holding(4, 100), amount: m(300), date: '2025-03-01', ...patch });

  it('pays up the unpaid balance exactly, and one cent more is refused', () => {
    const e = pay(ctx());
    expect(e.kind).toBe('PAYMENT');
    expect(e.amount.toString()).toBe('300');
    expect(e.paidDelta.toString()).toBe('300');
    expect(e.sharesDelta).toBe(0);
    expect(e.subscribedDelta.isZero()).toBe(true);
    const error = expectRefused(() => pay(ctx(), { amount: m('300.01') }), 'PAYMENT_EXCEEDS_UNPAID', 'amount');
    expect(error.details).toEqual({ unpaid: '300.0000' });
  });

  it('refuses cash below the cent (10.005, 0.0001), except the exact balance a 4-decimal nominal value left', () => {
    expectRefused(() => pay(ctx(), { amount: m('10.005') }), 'AMOUNT_BELOW_CENT', 'amount');
    expectRefused(() => pay(ctx(), { amount: m('0.0001') }), 'AMOUNT_BELOW_CENT', 'amount');
    const francs = classA({ nominalValue: m('15.2449') });
    const h: Holding = { shares: 3, subscribed: m('45.7347'), paid: m('11.44'), refundDue: ZERO };
    expect(pay(ctx(), { shareClass: francs, holding: h, amount: m('34.2947') }).paidDelta.toString()).toBe('34.2947');
    expect(pay(ctx(), { shareClass: francs, holding: h, amount: m('34.29') }).paidDelta.toString()).toBe('34.29');
    expectRefused(() => pay(ctx(), { shareClass: francs, holding: h, amount: m('34.2946') }), 'AMOUNT_BELOW_CENT', 'amount');
  });

  it('refuses any payment with nothing subscribed', () => {
    expectRefused(() => pay(ctx(), { holding: null, amount: m('0.01') }), 'PAYMENT_EXCEEDS_UNPAID');
    expectRefused(() => pay(ctx(), { holding: holding(4, 400), amount: m('0.01') }), 'PAYMENT_EXCEEDS_UNPAID');
  });

  it('lets an exited member pay up, but not a candidate nor a closed member', () => {
    expect(() => pay(ctx(), { member: member({ status: 'EXITED', exitEffectiveDate: '2025-02-01' }) })).not.toThrow();
    expectRefused(() => pay(ctx(), { member: member({ status: 'CANDIDATE' }) }), 'MEMBER_STATUS_INVALID', 'memberId');
    expectRefused(() => pay(ctx(), { member: member({ status: 'CLOSED' }) }), 'MEMBER_STATUS_INVALID', 'memberId');
  });

  it('refuses a date before admission or before the last movement', () => {
    expectRefused(() => pay(ctx(), { date: '2025-01-01' }), 'DATE_BEFORE_ADMISSION', 'date');
    expectRefused(() => pay(ctx({ lastMovementDate: '2025-03-02' })), 'DATE_OUT_OF_ORDER', 'date');
  });
});

// ---------------------------------------------------------------- transfer

describe('planTransfer', () => {
  const transfer = (c: LedgerContext, patch: Partial<Parameters<typeof planTransfer>[1]> = {}) =>
    planTransfer(c, {
      from: member(),
      to: bob(),
      shareClass: classA(),
      fromHolding: holding(5, 500),
      toHolding: holding(1, 100),
      shares: 2,
      date: '2025-04-01',
      approvalReference: 'CA-2025-03',
      approvalDate: '2025-03-20',
      ...patch,
    });

  it('moves fully paid shares to another member, with the approval reference', () => {
    const e = transfer(ctx());
    expect(e.kind).toBe('TRANSFER');
    expect(e.memberId).toBe('alice');
    expect(e.counterpartyMemberId).toBe('bob');
    expect(e.shares).toBe(2);
    expect(e.sharesDelta).toBe(-2);
    expect(e.amount.toString()).toBe('200');
    expect(e.subscribedDelta.toString()).toBe('-200');
    expect(e.paidDelta.toString()).toBe('-200');
    expect(e.reference).toBe('CA-2025-03');
    expect(e.referenceDate).toBe('2025-03-20');
    expectHolding(applyToHolding(holding(5, 500), e, 1), 3, '300.00', '300.00', '0.00');
    expectHolding(applyToHolding(holding(1, 100), e, -1), 3, '300.00', '300.00', '0.00');
  });

  it('refuses a transfer to oneself', () => {
    expectRefused(() => transfer(ctx(), { to: member() }), 'SAME_MEMBER_TRANSFER', 'toMemberId');
  });

  it('refuses a transferor who is a candidate or closed, accepts an exited one', () => {
    expectRefused(() => transfer(ctx(), { from: member({ status: 'CANDIDATE' }) }), 'MEMBER_STATUS_INVALID', 'fromMemberId');
    expectRefused(() => transfer(ctx(), { from: member({ status: 'CLOSED' }) }), 'MEMBER_STATUS_INVALID', 'fromMemberId');
    expect(() => transfer(ctx(), { from: member({ status: 'EXITED' }) })).not.toThrow();
  });

  it.each(['CANDIDATE', 'EXITED', 'CLOSED'] as const)('refuses a transferee who is %s (admit them first)', (status) => {
    expectRefused(() => transfer(ctx(), { to: bob({ status }) }), 'TRANSFEREE_NOT_MEMBER', 'toMemberId');
  });

  it('refuses a date before either admission', () => {
    expectRefused(() => transfer(ctx(), { date: '2025-01-05' }), 'DATE_BEFORE_ADMISSION', 'date');
    expectRefused(() => transfer(ctx(), { to: bob({ admissionEffectiveDate: '2025-05-01' }) }), 'DATE_BEFORE_ADMISSION', 'date');
  });

  it('refuses a date before the last movement', () => {
    expectRefused(() => transfer(ctx({ lastMovementDate: '2025-04-02' })), 'DATE_OUT_OF_ORDER', 'date');
  });

  it('refuses an approval dated after the entry, accepts one of the same day', () => {
    expectRefused(() => transfer(ctx(), { approvalDate: '2025-04-02' }), 'APPROVAL_REQUIRED', 'approvalDate');
    expect(() => transfer(ctx(), { approvalDate: '2025-04-01' })).not.toThrow();
  });

  it('refuses more shares than held', () => {
    const error = expectRefused(() => transfer(ctx(), { shares: 6 }), 'INSUFFICIENT_SHARES', 'shares');
    expect(error.details).toEqual({ held: 5 });
    expectRefused(() => transfer(ctx(), { fromHolding: null, shares: 1 }), 'INSUFFICIENT_SHARES');
  });

  it('refuses shares that are not fully paid', () => {
    // 4 shares of 100, 250 paid: 150 unpaid spreads over 2 shares, so 2 are fully paid
    expect(fullyPaidShares(holding(4, 250), m(100))).toBe(2);
    expect(() => transfer(ctx(), { fromHolding: holding(4, 250), shares: 2 })).not.toThrow();
    const error = expectRefused(() => transfer(ctx(), { fromHolding: holding(4, 250), shares: 3 }), 'SHARES_NOT_PAID_UP', 'shares');
    expect(error.details).toEqual({ fullyPaid: 2 });
  });

  it('refuses to leave an admitted transferor under the minimum, not an exited one', () => {
    expectRefused(() => transfer(ctx(), { shares: 5 }), 'BELOW_MINIMUM_HOLDING', 'shares');
    expect(() => transfer(ctx(), { from: member({ status: 'EXITED' }), shares: 5 })).not.toThrow();
  });

  it('refuses a transferee who may not hold the class', () => {
    expectRefused(() => transfer(ctx(), { shareClass: classA({ eligibleCategoryIds: ['users'] }) }), 'SHARE_CLASS_NOT_ELIGIBLE', 'toMemberId');
  });

  it('refuses to take the transferee above the maximum, accepts exactly the maximum', () => {
    expectRefused(
      () => transfer(ctx(), { shareClass: classA({ maxPerMember: 2 }), fromHolding: holding(2, 200), shares: 2, from: member({ status: 'EXITED' }) }),
      'ABOVE_MAXIMUM_HOLDING',
      'shares',
    );
    expect(() => transfer(ctx(), { shareClass: classA({ maxPerMember: 3 }), fromHolding: holding(3, 300), shares: 2 })).not.toThrow();
  });

  it('requires the minimum holding from the transferee too', () => {
    const c = classA({ minPerMember: 3 });
    expectRefused(() => transfer(ctx(), { shareClass: c, fromHolding: holding(6, 600), toHolding: null, shares: 2 }), 'BELOW_MINIMUM_HOLDING');
    expect(() => transfer(ctx(), { shareClass: c, fromHolding: holding(6, 600), toHolding: null, shares: 3 })).not.toThrow();
  });

  describe('public bodies cap', () => {
    // capital 1 000, public bodies 300
    const c = ctx({ subscribedCapital: m(1000), paidCapital: m(1000), highestCapital: m(1000), publicBodyCapital: m(300) });

    it('accepts a transfer to a public body that lands exactly on 50 %, refuses one share more', () => {
      expect(() => transfer(c, { to: town(), shares: 2 })).not.toThrow();
      expectRefused(() => transfer(c, { to: town(), shares: 3 }), 'PUBLIC_BODY_CAP_EXCEEDED', 'shares');
    });

    it('does not check transfers between public bodies or away from them', () => {
      const over = ctx({ subscribedCapital: m(1000), publicBodyCapital: m(500) });
      expect(() => transfer(over, { from: town(), to: town({ id: 'region' }), shares: 2 })).not.toThrow();
      expect(() => transfer(over, { from: town(), to: bob(), shares: 2 })).not.toThrow();
    });
  });
});

// ---------------------------------------------------------------- redemption

describe('planRedemption', () => {
  const exited = (patch: Partial<MemberSnapshot> = {}) => member({ status: 'EXITED', exitEffectiveDate: '2025-06-30', ...patch });
  const richCtx = (t: Partial<LedgerTotals> = {}, s: Partial<CooperativeSettings> = {}) =>
    ctx({ subscribedCapital: m(100000), paidCapital: m(100000), highestCapital: m(100000), ...t }, s);
  const redeem = (c: LedgerContext, patch: Partial<Parameters<typeof planRedemption>[1]> = {}) =>
    planRedemption(c, { member: exited(), shareClass: classA(), holding: holding(4, 400), shares: 4, date: '2025-07-01', lossRate: ZERO, ...patch });

  it('refunds the nominal value of paid-up shares of a leaving member', () => {
    const e = redeem(richCtx());
    expect(e.kind).toBe('REDEMPTION');
    expect(e.sharesDelta).toBe(-4);
    expect(e.subscribedDelta.toString()).toBe('-400');
    expect(e.paidDelta.toString()).toBe('-400');
    expect(e.refundDueDelta.toString()).toBe('400');
    expect(e.amount.toString()).toBe('400');
    expect(e.lossDeduction.isZero()).toBe(true);
    expectHolding(applyToHolding(holding(4, 400), e, 1), 0, '0.00', '0.00', '400.00');
  });

  it.each(['CANDIDATE', 'CLOSED'] as const)('refuses a member who is %s', (status) => {
    expectRefused(() => redeem(richCtx(), { member: member({ status }) }), 'MEMBER_STATUS_INVALID', 'memberId');
  });

  it('refuses a date before the last movement', () => {
    expectRefused(() => redeem(richCtx({ lastMovementDate: '2025-07-02' })), 'DATE_OUT_OF_ORDER', 'date');
  });

  it("refuses a date before the member's exit", () => {
    expectRefused(() => redeem(richCtx(), { date: '2025-06-29' }), 'DATE_BEFORE_EXIT', 'date');
    expect(() => redeem(richCtx(), { date: '2025-06-30' })).not.toThrow();
  });

  describe('partial withdrawal by a member who stays', () => {
    const partial = (patch: Partial<Parameters<typeof planRedemption>[1]> = {}) =>
      redeem(richCtx(), { member: member(), shares: 2, approvalReference: 'CA-7', approvalDate: '2025-06-15', ...patch });

    it('is accepted with an approval', () => {
      const e = partial();
      expect(e.reference).toBe('CA-7');
      expect(e.referenceDate).toBe('2025-06-15');
      expect(e.refundDueDelta.toString()).toBe('200');
    });

    it('needs an approval reference', () => {
      expectRefused(() => partial({ approvalReference: null }), 'APPROVAL_REQUIRED', 'approvalReference');
      expectRefused(() => partial({ approvalReference: undefined }), 'APPROVAL_REQUIRED', 'approvalReference');
      expectRefused(() => partial({ approvalReference: '' }), 'APPROVAL_REQUIRED', 'approvalReference');
    });

    it('needs the approval to come before the entry in the register', () => {
      expectRefused(() => partial({ approvalDate: '2025-07-02' }), 'APPROVAL_REQUIRED', 'approvalDate');
      expect(() => partial({ approvalDate: '2025-07-01' })).not.toThrow();
    });

    it('refuses a date before admission', () => {
      expectRefused(() => partial({ date: '2025-01-09', member: member() }), 'DATE_BEFORE_ADMISSION', 'date');
    });

    it('must leave at least the minimum holding', () => {
      expectRefused(() => partial({ shares: 4 }), 'BELOW_MINIMUM_HOLDING', 'shares');
      expect(() => partial({ shares: 3 })).not.toThrow();
    });
  });

  it('lets a leaving member redeem every share', () => {
    expect(redeem(richCtx(), { shareClass: classA({ minPerMember: 2 }) }).sharesDelta).toBe(-4);
  });

  it('refuses more shares than held', () => {
    expectRefused(() => redeem(richCtx(), { shares: 5 }), 'INSUFFICIENT_SHARES', 'shares');
    expectRefused(() => redeem(richCtx(), { holding: null, shares: 1 }), 'INSUFFICIENT_SHARES', 'shares');
  });

  describe('unpaid shares are cancelled first', () => {
    // 4 shares of 100, 250 paid: 150 unpaid
    it('cancels a share that is not paid without refunding anything', () => {
      const e = redeem(richCtx(), { holding: holding(4, 250), shares: 1 });
      expect(e.subscribedDelta.toString()).toBe('-100');
      expect(e.paidDelta.isZero()).toBe(true);
      expect(e.refundDueDelta.isZero()).toBe(true);
      expectHolding(applyToHolding(holding(4, 250), e, 1), 3, '300.00', '250.00', '0.00');
    });

    it('refunds only what was paid beyond the cancelled unpaid part', () => {
      const e = redeem(richCtx(), { holding: holding(4, 250), shares: 2 });
      expect(e.subscribedDelta.toString()).toBe('-200');
      expect(e.paidDelta.toString()).toBe('-50');
      expect(e.refundDueDelta.toString()).toBe('50');
      expectHolding(applyToHolding(holding(4, 250), e, 1), 2, '200.00', '200.00', '50.00');
    });

    it('refunds everything paid when all shares go', () => {
      const e = redeem(richCtx(), { holding: holding(4, 250), shares: 4 });
      expect(e.paidDelta.toString()).toBe('-250');
      expect(e.refundDueDelta.toString()).toBe('250');
    });

    it('property: the remaining holding keeps as much paid capital as it can and stays valid', () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 50 }), fc.nat(), fc.nat(), (shares, paidDraw, redeemDraw) => {
          const subscribed = shares * 100;
          const paidCents = paidDraw % (subscribed * 100 + 1);
          const h = holding(shares, m(paidCents).dividedBy(100).toString());
          const n = 1 + (redeemDraw % shares);
          const e = redeem(richCtx(), { holding: h, shares: n });
          const after = applyToHolding(h, e, 1);
          expect(isValidHolding(after)).toBe(true);
          expect(after.paid.toString()).toBe(Money.min(h.paid, after.subscribed).toString());
          expect(e.refundDueDelta.plus(after.paid).toString()).toBe(h.paid.toString());
        }),
      );
    });
  });

  describe('loss deduction', () => {
    it('deducts the loss rate from the paid capital refunded', () => {
      const e = redeem(richCtx(), { lossRate: m('0.1') });
      expect(e.lossDeduction.toString()).toBe('40');
      expect(e.refundDueDelta.toString()).toBe('360');
      expect(e.amount.toString()).toBe('360');
      // the holding leaves the capital entirely: the loss is not owed back
      expect(e.paidDelta.toString()).toBe('-400');
    });

    it('applies only to the paid part that is refunded', () => {
      const e = redeem(richCtx(), { holding: holding(4, 250), shares: 2, lossRate: m('0.5') });
      expect(e.lossDeduction.toString()).toBe('25');
      expect(e.refundDueDelta.toString()).toBe('25');
    });

    it('rounds the deduction half up to the cent', () => {
      const third = redeem(richCtx(), { holding: holding(1, 100), shares: 1, lossRate: m(1).dividedBy(3) });
      expect(third.lossDeduction.toString()).toBe('33.33');
      expect(third.refundDueDelta.toString()).toBe('66.67');
      const half = redeem(richCtx(), { holding: holding(1, '0.2', 0, '1'), shareClass: classA({ nominalValue: m(1) }), shares: 1, lossRate: m('0.125') });
      expect(half.lossDeduction.toString()).toBe('0.03'); // 0.025 → 0.03
      expect(half.refundDueDelta.toString()).toBe('0.17');
    });

    it('never deducts more than the paid capital removed, even when rounding to the cent would (4-decimal nominal)', () => {
      // 2 shares of 7.3333 fully paid: 14.6666 removed; 100 % losses rounded to the cent would be 14.67
      const c = classA({ nominalValue: m('7.3333'), minPerMember: 0 });
      const h: Holding = { shares: 3, subscribed: m('21.9999'), paid: m('21.9999'), refundDue: ZERO };
      const e = redeem(richCtx(), { shareClass: c, holding: h, shares: 2, lossRate: m(1) });
      expect(e.lossDeduction.toString()).toBe('14.6666');
      expect(e.refundDueDelta.isZero()).toBe(true);
      expect(isValidHolding(applyToHolding(h, e, 1))).toBe(true);
      const partial = redeem(richCtx(), { shareClass: c, holding: h, shares: 2, lossRate: m('0.5') });
      expect(partial.lossDeduction.toString()).toBe('7.33');
      expect(partial.refundDueDelta.toString()).toBe('7.3366');
    });

    it('refunds nothing when losses took the whole capital', () => {
      const e = redeem(richCtx(), { lossRate: m(1) });
      expect(e.lossDeduction.toString()).toBe('400');
      expect(e.refundDueDelta.isZero()).toBe(true);
    });
  });

  describe('capital floor (L47 art. 13)', () => {
    // capital 10 000, highest 20 000: floor = 5 000; the member holds 50 shares (5 000)
    const floorCtx = (t: Partial<LedgerTotals> = {}, s: Partial<CooperativeSettings> = {}) =>
      ctx({ subscribedCapital: m(10000), paidCapital: m(10000), highestCapital: m(20000), ...t }, s);
    const big = { holding: holding(50, 5000), shares: 50 };

    it('accepts a redemption that lands exactly on the floor', () => {
      expect(redeem(floorCtx(), big).subscribedDelta.toString()).toBe('-5000');
    });

    it('refuses one that lands a cent under a quarter of the highest capital', () => {
      const error = expectRefused(() => redeem(floorCtx({ highestCapital: m('20000.04') }), big), 'CAPITAL_FLOOR_BREACH', 'shares');
      expect(error.details).toMatchObject({ capital: '10000.00', capitalAfter: '5000.00', floor: '5000.01', quarterOfHighestCapital: '5000.01' });
      expectRefused(() => redeem(floorCtx({ subscribedCapital: m('9999.99') }), big), 'CAPITAL_FLOOR_BREACH');
    });

    it('uses the statutory floor when it is higher', () => {
      expect(() => redeem(floorCtx({}, { statutoryFloor: m(5000) }), big)).not.toThrow();
      const error = expectRefused(() => redeem(floorCtx({}, { statutoryFloor: m('5000.01') }), big), 'CAPITAL_FLOOR_BREACH');
      expect(error.details).toMatchObject({ statutoryFloor: '5000.01', floor: '5000.01' });
    });

    it('uses a tenth of the statutory capital when it is higher', () => {
      const low = ctx({ subscribedCapital: m(10000), highestCapital: m(10000) });
      expect(() => redeem({ ...low, settings: settings({ statutoryCapital: m(50000) }) }, big)).not.toThrow();
      const error = expectRefused(() => redeem({ ...low, settings: settings({ statutoryCapital: m('50000.10') }) }, big), 'CAPITAL_FLOOR_BREACH');
      expect(error.details).toMatchObject({ tenthOfStatutoryCapital: '5000.01' });
    });

    it('counts unpaid capital: cancelling unpaid shares lowers capital too', () => {
      expectRefused(() => redeem(floorCtx(), { holding: holding(51, 100), shares: 51 }), 'CAPITAL_FLOOR_BREACH');
    });

    it('applies to a partial withdrawal as well', () => {
      expectRefused(() => redeem(floorCtx(), { member: member(), holding: holding(60, 6000), shares: 51, approvalReference: 'AG-1' }), 'CAPITAL_FLOOR_BREACH');
    });
  });

  describe('public bodies cap', () => {
    // capital 1 000, public bodies 400
    const c = ctx({ subscribedCapital: m(1000), paidCapital: m(1000), highestCapital: m(1000), publicBodyCapital: m(400) });

    it('accepts a non-public redemption that leaves public bodies at exactly 50 %, refuses one share more', () => {
      expect(() => redeem(c, { shares: 2, holding: holding(4, 400) })).not.toThrow(); // 400 / 800
      expectRefused(() => redeem(c, { shares: 3, holding: holding(4, 400) }), 'PUBLIC_BODY_CAP_EXCEEDED', 'shares'); // 400 / 700
    });

    it('never blocks a public body leaving', () => {
      expect(() => redeem(c, { member: town({ status: 'EXITED', exitEffectiveDate: '2025-06-30' }), shares: 4 })).not.toThrow();
    });

    it('does not apply outside a SCIC', () => {
      expect(() => redeem({ ...c, settings: settings({ legalKind: 'SCOP' }) }, { shares: 4 })).not.toThrow();
    });
  });
});

// ---------------------------------------------------------------- refund

describe('planRefund', () => {
  const refund = (c: LedgerContext, patch: Partial<Parameters<typeof planRefund>[1]> = {}) =>
    planRefund(c, {
      member: member({ status: 'EXITED', exitEffectiveDate: '2025-06-30' }),
      shareClass: classA(),
      holding: holding(0, 0, 360),
      amount: m(360),
      date: '2025-09-01',
      reference: 'VIR-1',
      ...patch,
    });

  it('pays what is due exactly; one cent more is refused', () => {
    const e = refund(ctx());
    expect(e.kind).toBe('REFUND');
    expect(e.refundDueDelta.toString()).toBe('-360');
    expect(e.amount.toString()).toBe('360');
    expect(e.subscribedDelta.isZero() && e.paidDelta.isZero() && e.sharesDelta === 0).toBe(true);
    expect(e.reference).toBe('VIR-1');
    const error = expectRefused(() => refund(ctx(), { amount: m('360.01') }), 'REFUND_EXCEEDS_DUE', 'amount');
    expect(error.details).toEqual({ refundDue: '360.0000' });
  });

  it('accepts a partial refund', () => {
    expectHolding(applyToHolding(holding(0, 0, 360), refund(ctx(), { amount: m('100.5') }), 1), 0, '0.00', '0.00', '259.50');
  });

  it('refuses a refund below the cent, except the exact sum due', () => {
    expectRefused(() => refund(ctx(), { amount: m('100.005') }), 'AMOUNT_BELOW_CENT', 'amount');
    // a redemption of shares with a 4-decimal nominal value can leave a sub-cent sum due: it is refunded whole
    expect(refund(ctx(), { holding: holding(0, 0, '7.3366'), amount: m('7.3366') }).refundDueDelta.toString()).toBe('-7.3366');
    expectRefused(() => refund(ctx(), { holding: holding(0, 0, '7.3366'), amount: m('7.3365') }), 'AMOUNT_BELOW_CENT', 'amount');
  });

  it('refuses a refund when nothing is due', () => {
    expectRefused(() => refund(ctx(), { holding: null, amount: m('0.01') }), 'REFUND_EXCEEDS_DUE');
  });

  it('refuses a candidate or a closed member, and a date before the last movement', () => {
    expectRefused(() => refund(ctx(), { member: member({ status: 'CANDIDATE' }) }), 'MEMBER_STATUS_INVALID', 'memberId');
    expectRefused(() => refund(ctx(), { member: member({ status: 'CLOSED' }) }), 'MEMBER_STATUS_INVALID', 'memberId');
    expectRefused(() => refund(ctx({ lastMovementDate: '2025-09-02' })), 'DATE_OUT_OF_ORDER', 'date');
  });
});

// ---------------------------------------------------------------- reversal

describe('planReversal', () => {
  const subscription = (): ReversalCommand['original'] => ({
    ...planSubscription(ctx(), { member: member(), shareClass: classA(), holding: null, shares: 4, paidAmount: m(100), date: '2025-02-01' }),
    id: 'mv-1',
    movementNumber: 1,
  });
  const reverse = (c: LedgerContext, patch: Partial<ReversalCommand> = {}) =>
    planReversal(c, {
      original: subscription(),
      alreadyReversed: false,
      memberHolding: holding(4, 100),
      counterpartyHolding: null,
      date: '2025-02-02',
      reason: 'entered twice',
      ...patch,
    });

  it('negates the original exactly and points to it', () => {
    const e = reverse(ctx());
    expect(e.kind).toBe('REVERSAL');
    expect(e.reversesMovementId).toBe('mv-1');
    expect(e.reason).toBe('entered twice');
    expect(e.effectiveDate).toBe('2025-02-02');
    expect(e.sharesDelta).toBe(-4);
    expect(e.subscribedDelta.toString()).toBe('-400');
    expect(e.paidDelta.toString()).toBe('-100');
    expect(e.dueDate).toBeNull();
    expectHolding(applyToHolding(holding(4, 100), e, 1), 0, '0.00', '0.00', '0.00');
  });

  it('refuses to reverse a reversal', () => {
    const original = { ...reverse(ctx()), id: 'mv-2', movementNumber: 2 };
    expectRefused(() => reverse(ctx(), { original, memberHolding: EMPTY_HOLDING }), 'MOVEMENT_NOT_REVERSIBLE', 'movementId');
  });

  it('refuses to reverse a movement twice', () => {
    expectRefused(() => reverse(ctx(), { alreadyReversed: true }), 'MOVEMENT_ALREADY_REVERSED', 'movementId');
  });

  it('refuses a date before the last movement', () => {
    expectRefused(() => reverse(ctx({ lastMovementDate: '2025-02-03' })), 'DATE_OUT_OF_ORDER', 'date');
  });

  it('refuses when later movements depend on the original (paid more than would remain subscribed)', () => {
    // after the subscription, a payment of 300: reversing the subscription would leave 300 paid on nothing
    expectRefused(() => reverse(ctx(), { memberHolding: holding(4, 400) }), 'REVERSAL_BREAKS_INVARIANT', 'movementId');
  });

  it('refuses to reverse a redemption whose refund was already paid', () => {
    const redemption = {
      ...planRedemption(ctx({ subscribedCapital: m(1000), highestCapital: m(1000) }), {
        member: member({ status: 'EXITED' }),
        shareClass: classA(),
        holding: holding(4, 400),
        shares: 4,
        date: '2025-07-01',
        lossRate: ZERO,
      }),
      id: 'mv-9',
      movementNumber: 9,
    };
    // nothing refunded yet: the shares come back
    const back = reverse(ctx(), { original: redemption, memberHolding: holding(0, 0, 400), date: '2025-07-02' });
    expectHolding(applyToHolding(holding(0, 0, 400), back, 1), 4, '400.00', '400.00', '0.00');
    // 100 refunded since: reversing would make the refund due negative
    expectRefused(() => reverse(ctx(), { original: redemption, memberHolding: holding(0, 0, 300), date: '2025-07-02' }), 'REVERSAL_BREAKS_INVARIANT');
  });

  it('reverses a transfer on both sides, and refuses it once the transferee passed the shares on', () => {
    const t = {
      ...planTransfer(ctx(), {
        from: member(),
        to: bob(),
        shareClass: classA(),
        fromHolding: holding(5, 500),
        toHolding: null,
        shares: 2,
        date: '2025-04-01',
        approvalReference: 'CA',
        approvalDate: '2025-04-01',
      }),
      id: 'mv-3',
      movementNumber: 3,
    };
    const back = reverse(ctx(), { original: t, memberHolding: holding(3, 300), counterpartyHolding: holding(2, 200), date: '2025-04-02' });
    expect(back.counterpartyMemberId).toBe('bob');
    expectHolding(applyToHolding(holding(3, 300), back, 1), 5, '500.00', '500.00', '0.00');
    expectHolding(applyToHolding(holding(2, 200), back, -1), 0, '0.00', '0.00', '0.00');
    expectRefused(
      () => reverse(ctx(), { original: t, memberHolding: holding(3, 300), counterpartyHolding: holding(1, 100), date: '2025-04-02' }),
      'REVERSAL_BREAKS_INVARIANT',
    );
  });
});

// ---------------------------------------------------------------- applying effects

describe('isValidHolding', () => {
  it('accepts an empty or consistent holding', () => {
    expect(isValidHolding(EMPTY_HOLDING)).toBe(true);
    expect(isValidHolding(holding(4, 250, 10))).toBe(true);
    expect(isValidHolding(holding(4, 400))).toBe(true);
  });

  it.each<[string, Holding]>([
    ['negative shares', { ...holding(0, 0), shares: -1 }],
    ['negative subscribed', { ...holding(0, 0), subscribed: m('-0.01') }],
    ['negative paid', holding(1, '-0.01')],
    ['paid above subscribed', holding(1, '100.01')],
    ['negative refund due', holding(1, 100, '-0.01')],
  ])('refuses %s', (_label, h) => {
    expect(isValidHolding(h)).toBe(false);
  });
});

describe('applyToTotals', () => {
  const isPublic = (id: string) => id === 'town';
  const effect = (patch: Partial<MovementEffect>): MovementEffect => ({
    ...planPayment(ctx(), { member: member(), shareClass: classA(), holding: holding(1, 0), amount: ZERO, date: '2025-01-15' }),
    ...patch,
  });

  it('adds a subscription to capital, paid capital and the highest capital', () => {
    const t = applyToTotals(
      totals({ subscribedCapital: m(100), paidCapital: m(100), highestCapital: m(300) }),
      effect({ subscribedDelta: m(400), paidDelta: m(100), effectiveDate: '2025-03-01' }),
      isPublic,
    );
    expect(t.subscribedCapital.toString()).toBe('500');
    expect(t.paidCapital.toString()).toBe('200');
    expect(t.highestCapital.toString()).toBe('500');
    expect(t.publicBodyCapital.isZero()).toBe(true);
    expect(t.lastMovementDate).toBe('2025-03-01');
  });

  it('keeps the highest capital when capital goes down', () => {
    const t = applyToTotals(
      totals({ subscribedCapital: m(500), paidCapital: m(500), highestCapital: m(500) }),
      effect({ subscribedDelta: m(-200), paidDelta: m(-200), refundDueDelta: m(200) }),
      isPublic,
    );
    expect(t.subscribedCapital.toString()).toBe('300');
    expect(t.highestCapital.toString()).toBe('500');
    expect(t.refundsDue.toString()).toBe('200');
  });

  it('counts public bodies', () => {
    const t = applyToTotals(totals(), effect({ memberId: 'town', subscribedDelta: m(100), paidDelta: m(100) }), isPublic);
    expect(t.publicBodyCapital.toString()).toBe('100');
  });

  it('leaves capital unchanged on a transfer but moves the public share', () => {
    const base = totals({ subscribedCapital: m(1000), paidCapital: m(900), highestCapital: m(1000), publicBodyCapital: m(300) });
    const toTown = effect({ memberId: 'alice', counterpartyMemberId: 'town', subscribedDelta: m(-200), paidDelta: m(-200), sharesDelta: -2 });
    const t1 = applyToTotals(base, toTown, isPublic);
    expect(t1.subscribedCapital.toString()).toBe('1000');
    expect(t1.paidCapital.toString()).toBe('900');
    expect(t1.publicBodyCapital.toString()).toBe('500');
    const fromTown = effect({ memberId: 'town', counterpartyMemberId: 'alice', subscribedDelta: m(-200), paidDelta: m(-200), sharesDelta: -2 });
    expect(applyToTotals(base, fromTown, isPublic).publicBodyCapital.toString()).toBe('100');
    const townToTown = effect({ memberId: 'town', counterpartyMemberId: 'town', subscribedDelta: m(-200), paidDelta: m(-200) });
    expect(applyToTotals(base, townToTown, isPublic).publicBodyCapital.toString()).toBe('300');
  });
});

describe('applyToHolding', () => {
  it('leaves the counterparty refund due alone', () => {
    const e: MovementEffect = {
      ...planRefund(ctx(), { member: member(), shareClass: classA(), holding: holding(0, 0, 50), amount: m(50), date: '2025-01-15' }),
      counterpartyMemberId: 'bob',
    };
    expect(applyToHolding(holding(0, 0, 10), e, -1).refundDue.toString()).toBe('10');
    expect(applyToHolding(holding(0, 0, 50), e, 1).refundDue.toString()).toBe('0');
  });
});
