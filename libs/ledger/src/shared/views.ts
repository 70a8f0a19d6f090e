import { DomainError, type Money } from '@coop/core';

/** Amounts on the wire: strings with at least 2 and at most 4 decimals ("12.50", "15.2449"). */
export function amount(value: Money): string {
  return value
    .toFixed(4)
    .replace(/(\.\d\d\d?)0+$/, '$1')
    .replace(/(\.\d\d)0$/, '$1');
}

export type Page<T> = { items: T[]; nextCursor: string | null };

/** Opaque cursors: base64url of the last item's sort key. */
export function encodeCursor(key: (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Decodes a cursor whose key is `[...numbers, uuid]`; a cursor the API did not give is a 400. */
export function decodeCursor(cursor: string | undefined, numbers = 0): (string | number)[] | null {
  if (cursor === undefined) return null;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = null;
  }
  const ok =
    Array.isArray(key) &&
    key.length === numbers + 1 &&
    key.slice(0, numbers).every((n) => Number.isSafeInteger(n)) &&
    typeof key[numbers] === 'string' &&
    UUID.test(key[numbers]);
  if (!ok) throw new DomainError('INVALID_CURSOR', 'this cursor is not one the API gave', 'cursor');
  return key as (string | number)[];
}
