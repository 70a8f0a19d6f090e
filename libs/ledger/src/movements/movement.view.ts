import { Money } from '@coop/core';
import type { MovementEffect } from '../rules';
import { amount } from '../shared/views';

/** A journal row as pg returns it (numeric as strings, dates as "YYYY-MM-DD"). */
export interface MovementRow {
  id: string;
  cooperative_id: string;
  movement_number: number;
  kind: MovementEffect['kind'];
  effective_date: string;
  recorded_at: Date;
  member_id: string;
  counterparty_member_id: string | null;
  share_class_id: string;
  shares: number;
  amount: string;
  shares_delta: number;
  subscribed_delta: string;
  paid_delta: string;
  refund_due_delta: string;
  loss_deduction: string;
  due_date: string | null;
  reference: string | null;
  reference_date: string | null;
  reason: string | null;
  reverses_movement_id: string | null;
  subscribed_capital_after: string;
  paid_capital_after: string;
  highest_capital_after: string;
  public_body_capital_after: string;
  refunds_due_after: string;
}

const a = (v: string) => amount(new Money(v));

export function movementView(r: MovementRow) {
  return {
    id: r.id,
    number: r.movement_number,
    kind: r.kind,
    date: r.effective_date,
    recordedAt: r.recorded_at instanceof Date ? r.recorded_at.toISOString() : r.recorded_at,
    memberId: r.member_id,
    counterpartyMemberId: r.counterparty_member_id,
    shareClassId: r.share_class_id,
    shares: r.shares,
    amount: a(r.amount),
    effect: { shares: r.shares_delta, subscribed: a(r.subscribed_delta), paid: a(r.paid_delta), refundDue: a(r.refund_due_delta) },
    lossDeduction: a(r.loss_deduction),
    dueDate: r.due_date,
    reference: r.reference,
    referenceDate: r.reference_date,
    reason: r.reason,
    reversesMovementId: r.reverses_movement_id,
    totalsAfter: {
      subscribedCapital: a(r.subscribed_capital_after),
      paidCapital: a(r.paid_capital_after),
      highestCapital: a(r.highest_capital_after),
      publicBodyCapital: a(r.public_body_capital_after),
      refundsDue: a(r.refunds_due_after),
    },
  };
}
export type MovementView = ReturnType<typeof movementView>;

export function effectOf(r: MovementRow): MovementEffect & { id: string; movementNumber: number } {
  return {
    id: r.id,
    movementNumber: r.movement_number,
    kind: r.kind,
    effectiveDate: r.effective_date,
    memberId: r.member_id,
    counterpartyMemberId: r.counterparty_member_id,
    shareClassId: r.share_class_id,
    shares: r.shares,
    amount: new Money(r.amount),
    sharesDelta: r.shares_delta,
    subscribedDelta: new Money(r.subscribed_delta),
    paidDelta: new Money(r.paid_delta),
    refundDueDelta: new Money(r.refund_due_delta),
    lossDeduction: new Money(r.loss_deduction),
    dueDate: r.due_date,
    reference: r.reference,
    referenceDate: r.reference_date,
    reason: r.reason,
    reversesMovementId: r.reverses_movement_id,
  };
}
