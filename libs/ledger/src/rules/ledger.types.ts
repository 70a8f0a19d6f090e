import type { CalendarDate, Money } from '@coop/core';

export const LEGAL_KINDS = ['SCIC_SA', 'SCIC_SAS', 'SCIC_SARL', 'SCOP', 'COOPERATIVE'] as const;
export type LegalKind = (typeof LEGAL_KINDS)[number];
export const isScic = (kind: LegalKind) => kind.startsWith('SCIC_');

export const CATEGORY_KINDS = ['EMPLOYEE', 'PRODUCER', 'BENEFICIARY', 'PUBLIC_BODY', 'VOLUNTEER', 'SUPPORTER', 'OTHER'] as const;
export type CategoryKind = (typeof CATEGORY_KINDS)[number];

export const PERSON_TYPES = ['NATURAL', 'LEGAL'] as const;
export type PersonType = (typeof PERSON_TYPES)[number];

export const MEMBER_STATUSES = ['CANDIDATE', 'ADMITTED', 'EXITED', 'CLOSED'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

export const EXIT_REASONS = ['RESIGNATION', 'EXCLUSION', 'RADIATION', 'DEATH'] as const;
export type ExitReason = (typeof EXIT_REASONS)[number];

export const APPROVAL_BODIES = ['BOARD', 'GENERAL_ASSEMBLY'] as const;
export type ApprovalBody = (typeof APPROVAL_BODIES)[number];

export const LOSS_ALLOCATIONS = ['PRO_RATA_CAPITAL_AND_RESERVES', 'RESERVES_FIRST'] as const;
export type LossAllocation = (typeof LOSS_ALLOCATIONS)[number];

export const MOVEMENT_KINDS = ['SUBSCRIPTION', 'PAYMENT', 'TRANSFER', 'REDEMPTION', 'REFUND', 'REVERSAL'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

/** The statutes' settings that the rules read. Each has a legal default and legal bounds (see cooperative-settings.rules). */
export interface CooperativeSettings {
  legalKind: LegalKind;
  statutoryCapital: Money;
  statutoryFloor: Money;
  paymentDelayMonths: number;
  minPaidFraction: Money;
  redemptionDelayMonths: number;
  fiscalYearEnd: string;
  usesColleges: boolean;
  hasEmployees: boolean;
  admissionApproval: ApprovalBody;
  transferApproval: ApprovalBody;
  lossAllocation: LossAllocation;
  legalReserveRate: Money;
  statutoryReserveRate: Money;
}

/** The journal's running totals at a point in time. */
export interface LedgerTotals {
  subscribedCapital: Money;
  paidCapital: Money;
  highestCapital: Money;
  publicBodyCapital: Money;
  refundsDue: Money;
  lastMovementDate: CalendarDate | null;
}

export interface Holding {
  shares: number;
  subscribed: Money;
  paid: Money;
  refundDue: Money;
}

export interface MemberSnapshot {
  id: string;
  status: MemberStatus;
  personType: PersonType;
  categoryId: string;
  categoryKind: CategoryKind;
  admissionEffectiveDate: CalendarDate | null;
  exitEffectiveDate: CalendarDate | null;
}

export interface ShareClassSnapshot {
  id: string;
  code: string;
  nominalValue: Money;
  minPerMember: number;
  maxPerMember: number | null;
  holderTypes: PersonType[];
  eligibleCategoryIds: string[];
}

/**
 * What a movement does, as recorded in the journal: a signed effect on the member's holding
 * (a transfer applies the opposite to the counterparty). Capital changes by `subscribedDelta` unless it is a transfer.
 */
export interface MovementEffect {
  kind: MovementKind;
  effectiveDate: CalendarDate;
  memberId: string;
  counterpartyMemberId: string | null;
  shareClassId: string;
  shares: number;
  amount: Money;
  sharesDelta: number;
  subscribedDelta: Money;
  paidDelta: Money;
  refundDueDelta: Money;
  lossDeduction: Money;
  dueDate: CalendarDate | null;
  reference: string | null;
  referenceDate: CalendarDate | null;
  reason: string | null;
  reversesMovementId: string | null;
}
