import Decimal from 'decimal.js';
import { DomainError } from '../errors/domain-error';

/** Amounts are exact decimals. Configure a private Decimal so that no other code changes our rounding. */
export const Money = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -30, toExpPos: 40 });
export type Money = Decimal;

export const ZERO = new Money(0);
export const AMOUNT_SCALE = 2;
export const NOMINAL_SCALE = 4;

/**
 * Cash — what is paid (a payment, the part of a subscription paid at once), refunded, or stated on a balance sheet
 * (losses, reserves) — is counted in whole cents. Only nominal values (and so the capital they make up) may have up to
 * NOMINAL_SCALE decimals.
 */
export const CASH_SCALE = 2;

export const isWholeCents = (value: Decimal): boolean => value.decimalPlaces() <= CASH_SCALE;

/**
 * The one check of the cash rule: refuses an amount below the cent with AMOUNT_BELOW_CENT, naming `field`.
 * `settles`: the balance the amount pays off (a subscription's amount, an unpaid balance, a refund due). When a
 * nominal value with more decimals made that balance sub-cent, paying exactly all of it is the one exception: it is
 * the only way to settle it.
 */
export function assertCashAmount(value: Decimal, field: string, settles?: Decimal): void {
  if (isWholeCents(value) || (settles !== undefined && value.equals(settles))) return;
  const hint = settles !== undefined && !isWholeCents(settles) ? ` (or exactly the whole balance, ${settles.toFixed(NOMINAL_SCALE)})` : '';
  const message = `${field} is cash: it must be in whole cents, at most ${CASH_SCALE} decimals${hint}; got ${value.toString()}`;
  throw new DomainError('AMOUNT_BELOW_CENT', message, field, { amount: value.toString(), scale: CASH_SCALE });
}

const DECIMAL_PATTERN = /^-?\d{1,16}(\.\d+)?$/;

/**
 * Parses an amount sent as a string. Refuses numbers, exponents, more decimals than `scale`,
 * and (unless allowed) zero or negative values.
 */
export function parseAmount(raw: unknown, opts: { scale?: number; allowZero?: boolean; allowNegative?: boolean } = {}): Decimal | null {
  const scale = opts.scale ?? AMOUNT_SCALE;
  if (typeof raw !== 'string' || !DECIMAL_PATTERN.test(raw)) return null;
  const decimals = raw.includes('.') ? raw.split('.')[1].length : 0;
  if (decimals > scale) return null;
  const value = new Money(raw);
  if (!opts.allowNegative && value.isNegative() && !value.isZero()) return null;
  if (!opts.allowZero && value.isZero()) return null;
  return value;
}

/** Serialises for the wire: always a string with the column's scale, e.g. "12.50". */
export function formatAmount(value: Decimal, scale = AMOUNT_SCALE): string {
  return value.toFixed(scale);
}

export function sum(values: Iterable<Decimal>): Decimal {
  let total = ZERO;
  for (const v of values) total = total.plus(v);
  return total;
}

export function maxOf(...values: Decimal[]): Decimal {
  return values.reduce((a, b) => (b.greaterThan(a) ? b : a));
}

export function minOf(...values: Decimal[]): Decimal {
  return values.reduce((a, b) => (b.lessThan(a) ? b : a));
}
