import { Money, maxOf } from '@coop/core';
import type { CooperativeSettings, LedgerTotals } from './ledger.types';

export interface CapitalFloor {
  floor: Money;
  statutoryFloor: Money;
  quarterOfHighestCapital: Money;
  tenthOfStatutoryCapital: Money;
}

/**
 * L47 art. 13, C. com. L231-5: redemptions may not bring capital below
 * max(statutory floor, 1/4 of the highest capital ever reached, 1/10 of the capital stated in the statutes).
 */
export function capitalFloor(settings: Pick<CooperativeSettings, 'statutoryFloor' | 'statutoryCapital'>, highestCapital: Money): CapitalFloor {
  const quarterOfHighestCapital = highestCapital.dividedBy(4);
  const tenthOfStatutoryCapital = settings.statutoryCapital.dividedBy(10);
  return {
    floor: maxOf(settings.statutoryFloor, quarterOfHighestCapital, tenthOfStatutoryCapital),
    statutoryFloor: settings.statutoryFloor,
    quarterOfHighestCapital,
    tenthOfStatutoryCapital,
  };
}

/** SCIC (law): public bodies together hold at most this share of the capital. The one statement of the cap. */
export const PUBLIC_BODY_CAP = new Money('0.5');
/** The cap for people to read: "50 %". */
export const PUBLIC_BODY_CAP_TEXT = `${PUBLIC_BODY_CAP.times(100).toString()} %`;

export function publicBodyShareWithinCap(publicBodyCapital: Money, capital: Money): boolean {
  if (capital.isZero()) return publicBodyCapital.isZero();
  return publicBodyCapital.dividedBy(capital).lessThanOrEqualTo(PUBLIC_BODY_CAP);
}

export function publicBodyShare(totals: Pick<LedgerTotals, 'publicBodyCapital' | 'subscribedCapital'>): Money {
  return totals.subscribedCapital.isZero() ? new Money(0) : totals.publicBodyCapital.dividedBy(totals.subscribedCapital);
}

export interface LossStatementFacts {
  losses: Money;
  statutoryReserves: Money;
  capitalAtClose: Money;
}

/**
 * The fraction of each euro of paid capital that a leaving member loses (L47 art. 18, model statutes):
 * pro rata: losses × capital / (capital + statutory reserves), spread over the capital, i.e. losses / (capital + reserves);
 * reserves first: what the statutory reserves cannot absorb, spread over the capital. Never more than 100 %.
 */
export function lossRate(statement: LossStatementFacts | null, method: CooperativeSettings['lossAllocation']): Money {
  if (!statement || statement.losses.isZero() || statement.capitalAtClose.isZero()) return new Money(0);
  const { losses, statutoryReserves, capitalAtClose } = statement;
  const rate =
    method === 'RESERVES_FIRST'
      ? Money.max(0, losses.minus(statutoryReserves)).dividedBy(capitalAtClose)
      : losses.dividedBy(capitalAtClose.plus(statutoryReserves));
  return Money.min(1, rate);
}
