import type { CooperativeEntity } from '@coop/database';
import { Money } from '@coop/core';
import type { CooperativeSettings } from '../rules';
import { amount } from '../shared/views';

export function settingsOf(c: CooperativeEntity): CooperativeSettings {
  return {
    legalKind: c.legalKind as CooperativeSettings['legalKind'],
    statutoryCapital: c.statutoryCapital,
    statutoryFloor: c.statutoryFloor,
    paymentDelayMonths: c.paymentDelayMonths,
    minPaidFraction: c.minPaidFraction,
    redemptionDelayMonths: c.redemptionDelayMonths,
    fiscalYearEnd: c.fiscalYearEnd,
    usesColleges: c.usesColleges,
    hasEmployees: c.hasEmployees,
    admissionApproval: c.admissionApproval as CooperativeSettings['admissionApproval'],
    transferApproval: c.transferApproval as CooperativeSettings['transferApproval'],
    lossAllocation: c.lossAllocation as CooperativeSettings['lossAllocation'],
    legalReserveRate: c.legalReserveRate,
    statutoryReserveRate: c.statutoryReserveRate,
  };
}

const ratio = (v: Money) => v.toString();

export function cooperativeView(c: CooperativeEntity) {
  return {
    id: c.id,
    name: c.name,
    legalKind: c.legalKind,
    registrationNumber: c.registrationNumber,
    settings: {
      statutoryCapital: amount(c.statutoryCapital),
      statutoryFloor: amount(c.statutoryFloor),
      paymentDelayMonths: c.paymentDelayMonths,
      minPaidFraction: ratio(c.minPaidFraction),
      redemptionDelayMonths: c.redemptionDelayMonths,
      fiscalYearEnd: c.fiscalYearEnd,
      usesColleges: c.usesColleges,
      hasEmployees: c.hasEmployees,
      admissionApproval: c.admissionApproval,
      transferApproval: c.transferApproval,
      lossAllocation: c.lossAllocation,
      legalReserveRate: ratio(c.legalReserveRate),
      statutoryReserveRate: ratio(c.statutoryReserveRate),
    },
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}
export type CooperativeView = ReturnType<typeof cooperativeView>;
