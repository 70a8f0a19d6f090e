import fc from 'fast-check';
import {
  canonicalReferenceText,
  certificateReference,
  isValidReferenceFormat,
  normalizeReference,
  verifyCertificateReference,
  type CertificateReferenceParts,
} from './verification-reference';

const SECRET = 'a-test-secret-of-32-characters!!';

const parts = (over: Partial<CertificateReferenceParts> = {}): CertificateReferenceParts => ({
  cooperativeId: '6f1c2a8e-0000-4000-8000-000000000001',
  memberId: '6f1c2a8e-0000-4000-8000-0000000000aa',
  asOf: '2025-12-31',
  holdings: [
    { classCode: 'A', shares: 1, paidAmount: '100.00' },
    { classCode: 'B', shares: 20, paidAmount: '150.50' },
  ],
  ...over,
});

describe('certificateReference', () => {
  it('is four groups of four Crockford base32 characters, the same for the same inputs', () => {
    const ref = certificateReference(parts(), SECRET);
    expect(ref).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(isValidReferenceFormat(ref)).toBe(true);
    expect(certificateReference(parts(), SECRET)).toBe(ref);
  });

  it('does not depend on the order of the holdings nor on how an amount is written', () => {
    const ref = certificateReference(parts(), SECRET);
    const reordered = parts({
      holdings: [
        { classCode: 'B', shares: 20, paidAmount: '150.5000' },
        { classCode: 'A', shares: 1, paidAmount: '100' },
      ],
    });
    expect(certificateReference(reordered, SECRET)).toBe(ref);
  });

  it('leaves out a class with no share and nothing paid', () => {
    const withZero = parts({ holdings: [...parts().holdings, { classCode: 'C', shares: 0, paidAmount: '0.00' }] });
    expect(certificateReference(withZero, SECRET)).toBe(certificateReference(parts(), SECRET));
  });

  it('changes with the date, the member, the cooperative and the secret', () => {
    const ref = certificateReference(parts(), SECRET);
    expect(certificateReference(parts({ asOf: '2026-01-01' }), SECRET)).not.toBe(ref);
    expect(certificateReference(parts({ memberId: 'another-member' }), SECRET)).not.toBe(ref);
    expect(certificateReference(parts({ cooperativeId: 'another-cooperative' }), SECRET)).not.toBe(ref);
    expect(certificateReference(parts(), `${SECRET}x`)).not.toBe(ref);
  });

  it('refuses what cannot be signed unambiguously', () => {
    expect(() => certificateReference(parts(), 'short')).toThrow(/secret/);
    expect(() => certificateReference(parts({ asOf: '2025-02-30' }), SECRET)).toThrow(/asOf/);
    expect(() => certificateReference(parts({ holdings: [{ classCode: 'A', shares: 1.5, paidAmount: '1' }] }), SECRET)).toThrow(/shares/);
    expect(() => certificateReference(parts({ holdings: [{ classCode: 'A', shares: 1, paidAmount: '1e2' }] }), SECRET)).toThrow(/paidAmount/);
    expect(() => certificateReference(parts({ holdings: [{ classCode: 'A', shares: 1, paidAmount: '-1' }] }), SECRET)).toThrow(/paidAmount/);
    const twice = parts({
      holdings: [
        { classCode: 'A', shares: 1, paidAmount: '1' },
        { classCode: 'A', shares: 2, paidAmount: '2' },
      ],
    });
    expect(() => certificateReference(twice, SECRET)).toThrow(/twice/);
  });

  it('signs a JSON text, so that no choice of class codes can make two holdings lists serialize alike', () => {
    const tricky = parts({ holdings: [{ classCode: 'A","1","2"],["B', shares: 1, paidAmount: '1' }] });
    expect(JSON.parse(canonicalReferenceText(tricky))[4]).toEqual([['A","1","2"],["B', 1, '1']]);
  });

  describe('property: any change of a holding changes the reference, nothing else does', () => {
    const holdingsArb = fc.uniqueArray(
      fc.record({
        classCode: fc.stringMatching(/^[A-Z][A-Z0-9]{0,3}$/),
        shares: fc.integer({ min: 0, max: 1_000_000 }),
        cents: fc.integer({ min: 0, max: 10_000_000_00 }),
      }),
      { minLength: 1, maxLength: 6, selector: (h) => h.classCode },
    );
    const toParts = (holdings: { classCode: string; shares: number; cents: number }[]): CertificateReferenceParts =>
      parts({ holdings: holdings.map((h) => ({ classCode: h.classCode, shares: h.shares, paidAmount: (h.cents / 100).toFixed(2) })) });

    it('a change of shares or paid-up amount of any one class gives another reference', () => {
      fc.assert(
        fc.property(
          holdingsArb,
          fc.nat(),
          fc.constantFrom<'shares' | 'cents'>('shares', 'cents'),
          fc.integer({ min: 1, max: 100_000 }),
          (holdings, pick, field, delta) => {
            const i = pick % holdings.length;
            const changed = holdings.map((h, j) => (j === i ? { ...h, [field]: h[field] >= delta ? h[field] - delta : h[field] + delta } : h));
            expect(certificateReference(toParts(changed), SECRET)).not.toBe(certificateReference(toParts(holdings), SECRET));
          },
        ),
      );
    });

    it('the same holdings, in any order and with amounts written otherwise, give the same reference', () => {
      fc.assert(
        fc.property(holdingsArb, fc.boolean(), (holdings, padded) => {
          const reference = certificateReference(toParts(holdings), SECRET);
          const shuffled = [...holdings].reverse().map((h) => ({
            classCode: h.classCode,
            shares: h.shares,
            paidAmount: padded ? (h.cents / 100).toFixed(4) : String(h.cents / 100),
          }));
          expect(certificateReference(parts({ holdings: shuffled }), SECRET)).toBe(reference);
        }),
      );
    });
  });
});

describe('reference formats', () => {
  it('isValidReferenceFormat accepts only the printed form', () => {
    expect(isValidReferenceFormat('0123-4567-89AB-CDEF')).toBe(true);
    expect(isValidReferenceFormat('GHJK-MNPQ-RSTV-WXYZ')).toBe(true);
    for (const bad of [
      '0123-4567-89AB-CDE',
      '0123456789ABCDEF',
      '0123-4567-89ab-cdef',
      'O123-4567-89AB-CDEF',
      'I123-4567-89AB-CDEF',
      'U123-4567-89AB-CDEF',
      ' 0123-4567-89AB-CDEF',
      '',
    ]) {
      expect(isValidReferenceFormat(bad)).toBe(false);
    }
  });

  it('normalizeReference reads a typed reference as Crockford base32 does', () => {
    expect(normalizeReference('o123 4567 89ab cdef')).toBe('0123-4567-89AB-CDEF');
    expect(normalizeReference('i1l1-4567-89AB-CDEF')).toBe('1111-4567-89AB-CDEF');
    expect(normalizeReference('0123-4567-89AB-CDE')).toBeNull();
    expect(normalizeReference('U123-4567-89AB-CDEF')).toBeNull();
  });

  it('verifyCertificateReference checks a presented reference against the register', () => {
    const ref = certificateReference(parts(), SECRET);
    expect(verifyCertificateReference(parts(), SECRET, ref)).toBe(true);
    expect(verifyCertificateReference(parts(), SECRET, ref.toLowerCase().replace(/-/g, ' '))).toBe(true);
    expect(verifyCertificateReference(parts({ asOf: '2026-06-30' }), SECRET, ref)).toBe(false);
    expect(verifyCertificateReference(parts(), SECRET, 'not a reference')).toBe(false);
  });
});
