import type { CooperativeEntity } from '@coop/database';
import { Money } from '@coop/core';
import type { CooperativeSettings } from '../rules';
import { amount } from '../shared/views';

/** The settings that are exact decimals (amounts and rates); the others are integers, booleans and words. */
export const DECIMAL_SETTINGS = ['statutoryCapital', 'statutoryFloor', 'minPaidFraction', 'legalReserveRate', 'statutoryReserveRate'] as const;

/** Settings as read in JSON from SQL (decimals as strings, never JSON numbers). */
export function settingsFromJson(json: Record<string, unknown>): CooperativeSettings {
  const settings = { ...json } as Record<string, unknown>;
  for (const key of DECIMAL_SETTINGS) settings[key] = new Money(json[key] as string);
  return settings as unknown as CooperativeSettings;
}

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
    registeredOffice: c.registeredOffice,
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
