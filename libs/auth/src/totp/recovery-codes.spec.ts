import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { hashRecoveryCode, newRecoveryCodes, normalizeRecoveryCode } from './recovery-codes';

const ALPHABET = '23456789abcdefghjklmnpqrstuvwxyz';

describe('recovery codes', () => {
  it('makes 10 by default, xxxx-xxxx-xxxx from 32 unambiguous characters (60 bits), all different', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[2-9a-hj-np-z]{4}-[2-9a-hj-np-z]{4}-[2-9a-hj-np-z]{4}$/);
    expect(ALPHABET).toHaveLength(32);
    expect(new Set(ALPHABET).size).toBe(32);
    expect(ALPHABET).not.toMatch(/[01io]/);
  });

  it('makes as many as asked, and refuses a count that is not a positive whole number', () => {
    expect(newRecoveryCodes(1)).toHaveLength(1);
    expect(new Set(newRecoveryCodes(500)).size).toBe(500);
    for (const n of [0, -1, 2.5, NaN]) expect(() => newRecoveryCodes(n)).toThrow(RangeError);
  });

  it('uses every character of the alphabet, none more than chance allows (crypto-random, no bias)', () => {
    const chars = newRecoveryCodes(1000).join('').replace(/-/g, '');
    const counts = new Map<string, number>();
    for (const ch of chars) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect([...counts.keys()].sort().join('')).toBe(ALPHABET);
    // 12 000 draws, 375 expected per character; ±30% is over 6 standard deviations
    for (const n of counts.values()) expect(Math.abs(n - 375)).toBeLessThan(113);
  });

  it('normalizes case, dashes and spaces; the hash is sha256 hex of the normalized code', () => {
    expect(normalizeRecoveryCode(' AB2C-d3EF - gh4k ')).toBe('ab2cd3efgh4k');
    expect(hashRecoveryCode('AB2C-d3ef-GH4K')).toBe(createHash('sha256').update('ab2cd3efgh4k').digest('hex'));
    expect(hashRecoveryCode('ab2c-d3ef-gh4k')).not.toBe(hashRecoveryCode('ab2c-d3ef-gh4m'));
  });

  it('property: a code hashes the same however it is typed (case, dashes, spaces), and never as another code', () => {
    const [a, b] = newRecoveryCodes(2);
    const chars = [...normalizeRecoveryCode(a)];
    const typing = fc.array(fc.record({ upper: fc.boolean(), after: fc.constantFrom('', '-', ' ', '--', ' - ') }), {
      minLength: chars.length,
      maxLength: chars.length,
    });
    fc.assert(
      fc.property(fc.constantFrom('', ' ', '-'), typing, (before, keys) => {
        const typed = before + chars.map((ch, i) => (keys[i].upper ? ch.toUpperCase() : ch) + keys[i].after).join('');
        expect(hashRecoveryCode(typed)).toBe(hashRecoveryCode(a));
        expect(hashRecoveryCode(typed)).not.toBe(hashRecoveryCode(b));
      }),
    );
  });
});
