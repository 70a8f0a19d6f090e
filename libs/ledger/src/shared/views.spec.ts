import { Money } from '@coop/core';
import { amount, decodeCursor, encodeCursor } from './views';

describe('amount', () => {
  it.each([
    ['12.5', '12.50'],
    ['0', '0.00'],
    ['15.2449', '15.2449'],
    ['100.001', '100.001'],
    ['-3.1', '-3.10'],
  ])('%s is sent as %s', (value, wire) => expect(amount(new Money(value))).toBe(wire));
});

describe('cursors', () => {
  const id = '0b4f4c4e-8f0e-4c1a-9d5e-2f1f6a0c9b11';
  it('round-trip a sort key', () => expect(decodeCursor(encodeCursor([42, id]), 1)).toEqual([42, id]));
  it('refuse what the API did not give', () => {
    for (const bad of ['x', encodeCursor(['42', id]), encodeCursor([42, 'not-a-uuid']), encodeCursor([id])]) {
      expect(() => decodeCursor(bad, 1)).toThrow(expect.objectContaining({ code: 'INVALID_CURSOR', field: 'cursor' }));
    }
  });
  it('mean the first page when absent', () => expect(decodeCursor(undefined, 1)).toBeNull());
});
