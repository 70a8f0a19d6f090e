import { addMonths, assertCashAmount, CASH_SCALE, DomainError, Money, ZERO, type CalendarDate } from '@coop/core';
import { capitalFloor, PUBLIC_BODY_CAP_TEXT, publicBodyShareWithinCap } from './capital.rules';
import { EMPTY_HOLDING, fullyPaidShares } from './money-helpers';
import {
  isScic,
  type CooperativeSettings,
  type Holding,
  type LedgerTotals,
  type MemberSnapshot,
  type MovementEffect,
  type ShareClassSnapshot,
} from './ledger.types';

/** The facts every movement is checked against, read under the cooperative's journal lock. */
export interface LedgerContext {
  settings: CooperativeSettings;
  totals: LedgerTotals;
}

const baseEffect = (kind: MovementEffect['kind'], date: CalendarDate, memberId: string, shareClassId: string): MovementEffect => ({
  kind,
  effectiveDate: date,
  memberId,
  counterpartyMemberId: null,
  shareClassId,
  shares: 0,
  amount: ZERO,
  sharesDelta: 0,
  subscribedDelta: ZERO,
  paidDelta: ZERO,
  refundDueDelta: ZERO,
  lossDeduction: ZERO,
  dueDate: null,
  reference: null,
  referenceDate: null,
  reason: null,
  reversesMovementId: null,
});

function assertChronological(totals: LedgerTotals, date: CalendarDate): void {
  if (totals.lastMovementDate && date < totals.lastMovementDate) {
    throw new DomainError(
      'DATE_OUT_OF_ORDER',
      `the register is chronological: ${date} is before the last recorded movement (${totals.lastMovementDate})`,
      'date',
      { lastMovementDate: totals.lastMovementDate },
    );
  }
}

function assertStatus(member: MemberSnapshot, allowed: MemberSnapshot['status'][], field: string, action: string): void {
  if (!allowed.includes(member.status)) {
    throw new DomainError('MEMBER_STATUS_INVALID', `a member who is ${member.status.toLowerCase()} cannot ${action}`, field, {
      status: member.status,
      allowed,
    });
  }
}

function assertAfterAdmission(member: MemberSnapshot, date: CalendarDate, field: string): void {
  if (member.admissionEffectiveDate && date < member.admissionEffectiveDate) {
    throw new DomainError('DATE_BEFORE_ADMISSION', `${date} is before the member's admission (${member.admissionEffectiveDate})`, field, {
      admissionEffectiveDate: member.admissionEffectiveDate,
    });
  }
}

function assertEligible(member: MemberSnapshot, shareClass: ShareClassSnapshot, field: string): void {
  const typeOk = shareClass.holderTypes.includes(member.personType);
  const categoryOk = shareClass.eligibleCategoryIds.length === 0 || shareClass.eligibleCategoryIds.includes(member.categoryId);
  if (!typeOk || !categoryOk) {
    throw new DomainError('SHARE_CLASS_NOT_ELIGIBLE', `this member may not hold class ${shareClass.code} shares`, field, {
      holderTypes: shareClass.holderTypes,
      personType: member.personType,
    });
  }
}

function assertWithinHoldingLimits(shareClass: ShareClassSnapshot, sharesAfter: number, field: string, keepsMembership: boolean): void {
  if (shareClass.maxPerMember !== null && sharesAfter > shareClass.maxPerMember) {
    throw new DomainError('ABOVE_MAXIMUM_HOLDING', `a member may hold at most ${shareClass.maxPerMember} class ${shareClass.code} shares`, field, {
      maxPerMember: shareClass.maxPerMember,
      sharesAfter,
    });
  }
  if (keepsMembership && sharesAfter < shareClass.minPerMember) {
    throw new DomainError('BELOW_MINIMUM_HOLDING', `a member must hold at least ${shareClass.minPerMember} class ${shareClass.code} shares`, field, {
      minPerMember: shareClass.minPerMember,
      sharesAfter,
    });
  }
}

function assertPublicBodyCap(settings: CooperativeSettings, publicAfter: Money, capitalAfter: Money): void {
  if (!isScic(settings.legalKind)) return;
  if (!publicBodyShareWithinCap(publicAfter, capitalAfter)) {
    throw new DomainError('PUBLIC_BODY_CAP_EXCEEDED', `public bodies would hold more than ${PUBLIC_BODY_CAP_TEXT} of the capital`, 'shares', {
      publicBodyCapitalAfter: publicAfter.toFixed(2),
      capitalAfter: capitalAfter.toFixed(2),
    });
  }
}

export interface SubscriptionCommand {
  member: MemberSnapshot;
  shareClass: ShareClassSnapshot;
  holding: Holding | null;
  shares: number;
  paidAmount: Money;
  date: CalendarDate;
  dueDate?: CalendarDate | null;
  reference?: string | null;
}

/** L47 art. 12: at least the statutory fraction (≥ 1/4) paid at once, the balance within the statutory delay (≤ 5 years). */
export function planSubscription(ctx: LedgerContext, cmd: SubscriptionCommand): MovementEffect {
  const { settings, totals } = ctx;
  const holding = cmd.holding ?? EMPTY_HOLDING;
  assertStatus(cmd.member, ['ADMITTED'], 'memberId', 'subscribe shares');
  assertAfterAdmission(cmd.member, cmd.date, 'date');
  assertChronological(totals, cmd.date);
  assertEligible(cmd.member, cmd.shareClass, 'shareClassId');
  assertWithinHoldingLimits(cmd.shareClass, holding.shares + cmd.shares, 'shares', true);

  const amount = cmd.shareClass.nominalValue.times(cmd.shares);
  assertCashAmount(cmd.paidAmount, 'paidAmount', amount);
  if (cmd.paidAmount.greaterThan(amount)) {
    throw new DomainError('PAYMENT_EXCEEDS_SUBSCRIPTION', `the payment exceeds the subscription (${amount.toFixed(2)})`, 'paidAmount', {
      subscriptionAmount: amount.toFixed(4),
    });
  }
  const minimum = amount.times(settings.minPaidFraction);
  if (cmd.paidAmount.lessThan(minimum)) {
    // what can be paid in cash: the minimum rounded up to the cent (or the whole amount, when that is less)
    const payable = Money.min(amount, minimum.toDecimalPlaces(CASH_SCALE, Money.ROUND_UP));
    throw new DomainError(
      'FIRST_PAYMENT_TOO_LOW',
      `at least ${payable.toFixed(CASH_SCALE)} (${settings.minPaidFraction.times(100).toString()} % of ${amount.toFixed(2)}) must be paid at subscription`,
      'paidAmount',
      { minimum: minimum.toFixed(4), subscriptionAmount: amount.toFixed(4) },
    );
  }
  let dueDate: CalendarDate | null = null;
  if (cmd.paidAmount.lessThan(amount)) {
    const latest = addMonths(cmd.date, settings.paymentDelayMonths);
    dueDate = cmd.dueDate ?? latest;
    if (dueDate > latest || dueDate < cmd.date) {
      throw new DomainError('DUE_DATE_TOO_LATE', `the balance must be due between ${cmd.date} and ${latest}`, 'dueDate', { latest });
    }
  }
  if (cmd.member.categoryKind === 'PUBLIC_BODY') {
    assertPublicBodyCap(settings, totals.publicBodyCapital.plus(amount), totals.subscribedCapital.plus(amount));
  }
  return {
    ...baseEffect('SUBSCRIPTION', cmd.date, cmd.member.id, cmd.shareClass.id),
    shares: cmd.shares,
    amount,
    sharesDelta: cmd.shares,
    subscribedDelta: amount,
    paidDelta: cmd.paidAmount,
    dueDate,
    reference: cmd.reference ?? null,
  };
}

export interface PaymentCommand {
  member: MemberSnapshot;
  shareClass: ShareClassSnapshot;
  holding: Holding | null;
  amount: Money;
  date: CalendarDate;
  reference?: string | null;
}

/** Pays up subscribed shares (libération). */
export function planPayment(ctx: LedgerContext, cmd: PaymentCommand): MovementEffect {
  const holding = cmd.holding ?? EMPTY_HOLDING;
  assertStatus(cmd.member, ['ADMITTED', 'EXITED'], 'memberId', 'pay up shares');
  assertAfterAdmission(cmd.member, cmd.date, 'date');
  assertChronological(ctx.totals, cmd.date);
  const unpaid = holding.subscribed.minus(holding.paid);
  assertCashAmount(cmd.amount, 'amount', unpaid);
  if (cmd.amount.greaterThan(unpaid)) {
    throw new DomainError('PAYMENT_EXCEEDS_UNPAID', `only ${unpaid.toFixed(2)} remains unpaid on class ${cmd.shareClass.code}`, 'amount', {
      unpaid: unpaid.toFixed(4),
    });
  }
  return {
    ...baseEffect('PAYMENT', cmd.date, cmd.member.id, cmd.shareClass.id),
    amount: cmd.amount,
    paidDelta: cmd.amount,
    reference: cmd.reference ?? null,
  };
}

export interface TransferCommand {
  from: MemberSnapshot;
  to: MemberSnapshot;
  shareClass: ShareClassSnapshot;
  fromHolding: Holding | null;
  toHolding: Holding | null;
  shares: number;
  date: CalendarDate;
  approvalReference: string;
  approvalDate: CalendarDate;
}

/** C. com. L231-4, L47 art. 11: by entry in the register, after approval, to a member; only paid-up shares. */
export function planTransfer(ctx: LedgerContext, cmd: TransferCommand): MovementEffect {
  const { settings, totals } = ctx;
  const fromHolding = cmd.fromHolding ?? EMPTY_HOLDING;
  const toHolding = cmd.toHolding ?? EMPTY_HOLDING;
  if (cmd.from.id === cmd.to.id) throw new DomainError('SAME_MEMBER_TRANSFER', 'a member cannot transfer shares to themself', 'toMemberId');
  assertStatus(cmd.from, ['ADMITTED', 'EXITED'], 'fromMemberId', 'transfer shares');
  if (cmd.to.status !== 'ADMITTED') {
    throw new DomainError('TRANSFEREE_NOT_MEMBER', 'shares can only be transferred to an admitted member: admit the transferee first', 'toMemberId', {
      status: cmd.to.status,
    });
  }
  assertAfterAdmission(cmd.from, cmd.date, 'date');
  assertAfterAdmission(cmd.to, cmd.date, 'date');
  assertChronological(totals, cmd.date);
  if (cmd.approvalDate > cmd.date) {
    throw new DomainError('APPROVAL_REQUIRED', 'the transfer must be approved before it is entered in the register', 'approvalDate');
  }
  if (cmd.shares > fromHolding.shares) {
    throw new DomainError('INSUFFICIENT_SHARES', `the member holds only ${fromHolding.shares} class ${cmd.shareClass.code} shares`, 'shares', {
      held: fromHolding.shares,
    });
  }
  const paidUp = fullyPaidShares(fromHolding, cmd.shareClass.nominalValue);
  if (cmd.shares > paidUp) {
    throw new DomainError('SHARES_NOT_PAID_UP', `only ${paidUp} of the member's shares are fully paid and may be transferred`, 'shares', {
      fullyPaid: paidUp,
    });
  }
  assertWithinHoldingLimits(cmd.shareClass, fromHolding.shares - cmd.shares, 'shares', cmd.from.status === 'ADMITTED');
  assertEligible(cmd.to, cmd.shareClass, 'toMemberId');
  assertWithinHoldingLimits(cmd.shareClass, toHolding.shares + cmd.shares, 'shares', true);
  const amount = cmd.shareClass.nominalValue.times(cmd.shares);
  const fromPublic = cmd.from.categoryKind === 'PUBLIC_BODY';
  const toPublic = cmd.to.categoryKind === 'PUBLIC_BODY';
  if (toPublic && !fromPublic) assertPublicBodyCap(settings, totals.publicBodyCapital.plus(amount), totals.subscribedCapital);
  return {
    ...baseEffect('TRANSFER', cmd.date, cmd.from.id, cmd.shareClass.id),
    counterpartyMemberId: cmd.to.id,
    shares: cmd.shares,
    amount,
    sharesDelta: -cmd.shares,
    subscribedDelta: amount.negated(),
    paidDelta: amount.negated(),
    reference: cmd.approvalReference,
    referenceDate: cmd.approvalDate,
  };
}

export interface RedemptionCommand {
  member: MemberSnapshot;
  shareClass: ShareClassSnapshot;
  holding: Holding | null;
  shares: number;
  date: CalendarDate;
  /** The fraction of paid capital lost to recorded losses (capital.rules#lossRate). */
  lossRate: Money;
  approvalReference?: string | null;
  approvalDate?: CalendarDate | null;
}

/**
 * L47 art. 18, C. com. L231-5: a leaving member gets back at most the nominal value of paid-up shares, less their share
 * of recorded losses; unpaid shares are cancelled first; refused while it would take capital under the floor.
 */
export function planRedemption(ctx: LedgerContext, cmd: RedemptionCommand): MovementEffect {
  const { settings, totals } = ctx;
  const holding = cmd.holding ?? EMPTY_HOLDING;
  assertStatus(cmd.member, ['ADMITTED', 'EXITED'], 'memberId', 'have shares redeemed');
  assertChronological(totals, cmd.date);
  const partialWithdrawal = cmd.member.status === 'ADMITTED';
  if (partialWithdrawal) {
    assertAfterAdmission(cmd.member, cmd.date, 'date');
    if (!cmd.approvalReference) {
      throw new DomainError('APPROVAL_REQUIRED', 'a partial withdrawal by a member who stays needs an approval reference', 'approvalReference');
    }
    if (cmd.approvalDate && cmd.approvalDate > cmd.date) {
      throw new DomainError('APPROVAL_REQUIRED', 'the withdrawal must be approved before it is entered in the register', 'approvalDate');
    }
  } else if (cmd.member.exitEffectiveDate && cmd.date < cmd.member.exitEffectiveDate) {
    throw new DomainError('DATE_BEFORE_EXIT', `${cmd.date} is before the member's exit (${cmd.member.exitEffectiveDate})`, 'date', {
      exitEffectiveDate: cmd.member.exitEffectiveDate,
    });
  }
  if (cmd.shares > holding.shares) {
    throw new DomainError('INSUFFICIENT_SHARES', `the member holds only ${holding.shares} class ${cmd.shareClass.code} shares`, 'shares', {
      held: holding.shares,
    });
  }
  assertWithinHoldingLimits(cmd.shareClass, holding.shares - cmd.shares, 'shares', partialWithdrawal);

  const removed = Money.min(holding.subscribed, cmd.shareClass.nominalValue.times(cmd.shares));
  const paidRemoved = Money.max(0, holding.paid.minus(holding.subscribed.minus(removed)));
  // rounded to the cent, but never above what is refunded (a nominal may have 4 decimals: 14.6666 × 100 % → 14.67)
  const lossDeduction = Money.min(paidRemoved, paidRemoved.times(cmd.lossRate).toDecimalPlaces(2, Money.ROUND_HALF_UP));
  const refundDue = paidRemoved.minus(lossDeduction);

  const capitalAfter = totals.subscribedCapital.minus(removed);
  const floor = capitalFloor(settings, totals.highestCapital);
  if (capitalAfter.lessThan(floor.floor)) {
    throw new DomainError(
      'CAPITAL_FLOOR_BREACH',
      `this redemption would bring capital to ${capitalAfter.toFixed(2)}, under its floor of ${floor.floor.toFixed(2)}: it must wait until capital allows it`,
      'shares',
      {
        capital: totals.subscribedCapital.toFixed(2),
        capitalAfter: capitalAfter.toFixed(2),
        floor: floor.floor.toFixed(2),
        statutoryFloor: floor.statutoryFloor.toFixed(2),
        quarterOfHighestCapital: floor.quarterOfHighestCapital.toFixed(2),
        tenthOfStatutoryCapital: floor.tenthOfStatutoryCapital.toFixed(2),
      },
    );
  }
  const publicAfter = cmd.member.categoryKind === 'PUBLIC_BODY' ? totals.publicBodyCapital.minus(removed) : totals.publicBodyCapital;
  if (cmd.member.categoryKind !== 'PUBLIC_BODY') assertPublicBodyCap(settings, publicAfter, capitalAfter);

  return {
    ...baseEffect('REDEMPTION', cmd.date, cmd.member.id, cmd.shareClass.id),
    shares: cmd.shares,
    amount: refundDue,
    sharesDelta: -cmd.shares,
    subscribedDelta: removed.negated(),
    paidDelta: paidRemoved.negated(),
    refundDueDelta: refundDue,
    lossDeduction,
    reference: cmd.approvalReference ?? null,
    referenceDate: cmd.approvalDate ?? null,
  };
}

export interface RefundCommand {
  member: MemberSnapshot;
  shareClass: ShareClassSnapshot;
  holding: Holding | null;
  amount: Money;
  date: CalendarDate;
  reference?: string | null;
}

/** Records that the cooperative paid (part of) a redemption it owed. */
export function planRefund(ctx: LedgerContext, cmd: RefundCommand): MovementEffect {
  const holding = cmd.holding ?? EMPTY_HOLDING;
  assertStatus(cmd.member, ['ADMITTED', 'EXITED'], 'memberId', 'be refunded');
  assertChronological(ctx.totals, cmd.date);
  assertCashAmount(cmd.amount, 'amount', holding.refundDue);
  if (cmd.amount.greaterThan(holding.refundDue)) {
    throw new DomainError('REFUND_EXCEEDS_DUE', `only ${holding.refundDue.toFixed(2)} is due to this member on class ${cmd.shareClass.code}`, 'amount', {
      refundDue: holding.refundDue.toFixed(4),
    });
  }
  return {
    ...baseEffect('REFUND', cmd.date, cmd.member.id, cmd.shareClass.id),
    amount: cmd.amount,
    refundDueDelta: cmd.amount.negated(),
    reference: cmd.reference ?? null,
  };
}

export interface ReversalCommand {
  original: MovementEffect & { id: string; movementNumber: number };
  alreadyReversed: boolean;
  memberHolding: Holding | null;
  counterpartyHolding: Holding | null;
  date: CalendarDate;
  reason: string;
}

/** A correction is a new movement that exactly negates the original; it may not leave a holding negative. */
export function planReversal(ctx: LedgerContext, cmd: ReversalCommand): MovementEffect {
  const o = cmd.original;
  if (o.kind === 'REVERSAL') throw new DomainError('MOVEMENT_NOT_REVERSIBLE', 'a reversal cannot itself be reversed; record the movement again', 'movementId');
  if (cmd.alreadyReversed) throw new DomainError('MOVEMENT_ALREADY_REVERSED', `movement ${o.movementNumber} is already reversed`, 'movementId');
  assertChronological(ctx.totals, cmd.date);
  const effect: MovementEffect = {
    ...o,
    kind: 'REVERSAL',
    effectiveDate: cmd.date,
    sharesDelta: -o.sharesDelta,
    subscribedDelta: o.subscribedDelta.negated(),
    paidDelta: o.paidDelta.negated(),
    refundDueDelta: o.refundDueDelta.negated(),
    dueDate: null,
    reference: null,
    referenceDate: null,
    reason: cmd.reason,
    reversesMovementId: o.id,
  };
  const member = applyToHolding(cmd.memberHolding ?? EMPTY_HOLDING, effect, 1);
  const counterparty = effect.counterpartyMemberId ? applyToHolding(cmd.counterpartyHolding ?? EMPTY_HOLDING, effect, -1) : null;
  for (const h of [member, counterparty]) {
    if (h && !isValidHolding(h)) {
      throw new DomainError(
        'REVERSAL_BREAKS_INVARIANT',
        `reversing movement ${o.movementNumber} would leave a holding negative: later movements depend on it`,
        'movementId',
      );
    }
  }
  return effect;
}

/** Applies a movement's effect to a holding; `sign` is -1 for a transfer's counterparty. */
export function applyToHolding(h: Holding, e: MovementEffect, sign: 1 | -1): Holding {
  return {
    shares: h.shares + sign * e.sharesDelta,
    subscribed: h.subscribed.plus(e.subscribedDelta.times(sign)),
    paid: h.paid.plus(e.paidDelta.times(sign)),
    refundDue: sign === 1 ? h.refundDue.plus(e.refundDueDelta) : h.refundDue,
  };
}

export function isValidHolding(h: Holding): boolean {
  return h.shares >= 0 && !h.subscribed.isNegative() && !h.paid.isNegative() && h.paid.lessThanOrEqualTo(h.subscribed) && !h.refundDue.isNegative();
}

/** The journal's running totals after a movement: the same arithmetic the database trigger does. */
export function applyToTotals(t: LedgerTotals, e: MovementEffect, isPublicBody: (memberId: string) => boolean): LedgerTotals {
  const transfer = e.counterpartyMemberId !== null;
  const capitalDelta = transfer ? ZERO : e.subscribedDelta;
  let publicDelta = ZERO;
  if (isPublicBody(e.memberId)) publicDelta = publicDelta.plus(e.subscribedDelta);
  if (transfer && isPublicBody(e.counterpartyMemberId as string)) publicDelta = publicDelta.minus(e.subscribedDelta);
  const subscribedCapital = t.subscribedCapital.plus(capitalDelta);
  return {
    subscribedCapital,
    paidCapital: t.paidCapital.plus(transfer ? ZERO : e.paidDelta),
    highestCapital: Money.max(t.highestCapital, subscribedCapital),
    publicBodyCapital: t.publicBodyCapital.plus(publicDelta),
    refundsDue: t.refundsDue.plus(e.refundDueDelta),
    lastMovementDate: e.effectiveDate,
  };
}
