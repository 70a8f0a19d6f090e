import { Money, ZERO } from '@coop/core';
import type { Holding } from './ledger.types';

export const EMPTY_HOLDING: Holding = Object.freeze({ shares: 0, subscribed: ZERO, paid: ZERO, refundDue: ZERO });

/** Shares whose nominal value is entirely paid: only those may be transferred. */
export function fullyPaidShares(holding: Holding, nominal: Money): number {
  if (holding.shares === 0) return 0;
  const unpaid = holding.subscribed.minus(holding.paid);
  const unpaidShares = unpaid.dividedBy(nominal).ceil().toNumber();
  return Math.max(0, holding.shares - unpaidShares);
}
