import type { MemberEntity } from '@coop/database';
import { Money } from '@coop/core';
import { amount } from '../shared/views';
import { fullyPaidShares } from '../rules';

export function displayName(m: Pick<MemberEntity, 'personType' | 'firstName' | 'lastName' | 'companyName'>): string {
  return m.personType === 'LEGAL' ? (m.companyName ?? '') : `${m.firstName ?? ''} ${m.lastName ?? ''}`.trim();
}

export function memberView(m: MemberEntity) {
  return {
    id: m.id,
    memberNumber: m.memberNumber,
    status: m.status,
    personType: m.personType,
    displayName: displayName(m),
    firstName: m.firstName,
    lastName: m.lastName,
    companyName: m.companyName,
    email: m.email,
    phone: m.phone,
    address: { street: m.street, postalCode: m.postalCode, city: m.city, country: m.country },
    language: m.language,
    categoryId: m.categoryId,
    collegeId: m.collegeId,
    appliedOn: m.appliedOn,
    admission: m.admissionDecisionRef
      ? { decisionRef: m.admissionDecisionRef, decisionDate: m.admissionDecisionDate, effectiveDate: m.admissionEffectiveDate }
      : null,
    exit: m.exitReason ? { reason: m.exitReason, decisionRef: m.exitDecisionRef, decisionDate: m.exitDecisionDate, effectiveDate: m.exitEffectiveDate } : null,
    closedOn: m.closedOn,
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
  };
}
export type MemberView = ReturnType<typeof memberView>;

export interface HoldingRow {
  share_class_id: string;
  code: string;
  nominal_value: string;
  shares: number;
  subscribed: string;
  paid: string;
  refund_due: string;
}

export function holdingsView(memberId: string, asOf: string, rows: HoldingRow[]) {
  let subscribed = new Money(0);
  let paid = new Money(0);
  let refundDue = new Money(0);
  const classes = rows.map((r) => {
    const h = { shares: r.shares, subscribed: new Money(r.subscribed), paid: new Money(r.paid), refundDue: new Money(r.refund_due) };
    subscribed = subscribed.plus(h.subscribed);
    paid = paid.plus(h.paid);
    refundDue = refundDue.plus(h.refundDue);
    return {
      shareClassId: r.share_class_id,
      code: r.code,
      nominalValue: amount(new Money(r.nominal_value)),
      shares: h.shares,
      fullyPaidShares: fullyPaidShares(h, new Money(r.nominal_value)),
      subscribed: amount(h.subscribed),
      paid: amount(h.paid),
      unpaid: amount(h.subscribed.minus(h.paid)),
      refundDue: amount(h.refundDue),
    };
  });
  return {
    memberId,
    asOf,
    classes,
    totals: {
      shares: classes.reduce((n, c) => n + c.shares, 0),
      subscribed: amount(subscribed),
      paid: amount(paid),
      unpaid: amount(subscribed.minus(paid)),
      refundDue: amount(refundDue),
    },
  };
}
