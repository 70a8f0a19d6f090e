import { DomainError, Money } from '@coop/core';
import { isScic, type CooperativeSettings, type LegalKind } from './ledger.types';

/** SCIC SA: 18 500 EUR at constitution (C. com., SA rules); SAS and SARL are free. */
export const MIN_STATUTORY_CAPITAL: Partial<Record<LegalKind, Money>> = { SCIC_SA: new Money('18500') };

/** Legal defaults, following the common model statutes. */
export function defaultSettings(legalKind: LegalKind): CooperativeSettings {
  return {
    legalKind,
    statutoryCapital: new Money(MIN_STATUTORY_CAPITAL[legalKind] ?? 0),
    statutoryFloor: new Money(0),
    paymentDelayMonths: 60,
    minPaidFraction: new Money('0.25'),
    redemptionDelayMonths: 60,
    fiscalYearEnd: '12-31',
    usesColleges: isScic(legalKind),
    hasEmployees: true,
    admissionApproval: 'BOARD',
    transferApproval: 'BOARD',
    lossAllocation: 'PRO_RATA_CAPITAL_AND_RESERVES',
    legalReserveRate: new Money('0.15'),
    statutoryReserveRate: new Money(isScic(legalKind) ? '0.5' : '0'),
  };
}

const outOfBounds = (field: string, message: string, details?: Record<string, unknown>) =>
  new DomainError('SETTINGS_OUT_OF_LEGAL_BOUNDS', message, field, details);

/** Checks the statutes' settings against the law's bounds (L47 art. 12, 13, 16, 18, 19 nonies). */
export function validateSettings(s: CooperativeSettings): void {
  const minCapital = MIN_STATUTORY_CAPITAL[s.legalKind];
  if (minCapital && s.statutoryCapital.lessThan(minCapital)) {
    throw new DomainError(
      'STATUTORY_CAPITAL_TOO_LOW',
      `a ${s.legalKind} needs a capital of at least ${minCapital.toFixed(2)} EUR in its statutes`,
      'statutoryCapital',
      { minimum: minCapital.toFixed(2) },
    );
  }
  if (s.statutoryCapital.isNegative()) throw outOfBounds('statutoryCapital', 'the statutory capital cannot be negative');
  if (s.statutoryFloor.isNegative()) throw outOfBounds('statutoryFloor', 'the statutory floor cannot be negative');
  if (!Number.isInteger(s.paymentDelayMonths) || s.paymentDelayMonths < 0 || s.paymentDelayMonths > 60)
    throw outOfBounds('paymentDelayMonths', 'subscribed shares must be paid up within at most 5 years (60 months)');
  if (s.minPaidFraction.lessThan('0.25') || s.minPaidFraction.greaterThan(1))
    throw outOfBounds('minPaidFraction', 'at least 1/4 of a subscription must be paid at once (between 0.25 and 1)');
  if (!Number.isInteger(s.redemptionDelayMonths) || s.redemptionDelayMonths < 0 || s.redemptionDelayMonths > 60)
    throw outOfBounds('redemptionDelayMonths', 'leaving members must be refunded within at most 5 years (60 months)');
  if (!isValidMonthDay(s.fiscalYearEnd)) throw outOfBounds('fiscalYearEnd', 'the fiscal year end is a month and day, "MM-DD"');
  if (s.legalReserveRate.lessThan('0.15') || s.legalReserveRate.greaterThan(1))
    throw outOfBounds('legalReserveRate', 'at least 15 % of the surplus goes to the legal reserve');
  const minStatutory = isScic(s.legalKind) ? new Money('0.5') : new Money(0);
  if (s.statutoryReserveRate.lessThan(minStatutory) || s.statutoryReserveRate.greaterThan(1))
    throw outOfBounds('statutoryReserveRate', `the statutory reserve takes between ${minStatutory.times(100)} % and 100 % of what remains`);
}

function isValidMonthDay(value: string): boolean {
  const m = /^(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const month = Number(m[1]);
  const day = Number(m[2]);
  const maxDay = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return month >= 1 && month <= 12 && day >= 1 && day <= maxDay && !(month === 2 && day === 29);
}
