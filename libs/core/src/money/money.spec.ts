import fc from 'fast-check';
import { DomainError } from '../errors/domain-error';
import { AMOUNT_SCALE, assertCashAmount, CASH_SCALE, formatAmount, isWholeCents, maxOf, minOf, Money, NOMINAL_SCALE, parseAmount, sum, ZERO } from './money';

describe('parseAmount', () => {
  it.each([
    ['12', '12'],
    ['12.5', '12.5'],
    ['12.50', '12.5'],
    ['0.01', '0.01'],
    ['0012.30', '12.3'],
    ['9999999999999999.99', '9999999999999999.99'],
  ])('accepts the decimal string %s', (raw, expected) => {
    const value = parseAmount(raw);
    expect(value).not.toBeNull();
    expect(value!.toString()).toBe(expected);
  });

  it('keeps the exact decimal value (no binary float on the way)', () => {
    const value = parseAmount('0.10')!.plus(parseAmount('0.20')!);
    expect(value.equals(new Money('0.3'))).toBe(true);
    expect(formatAmount(value)).toBe('0.30');
  });

  it.each([12, 12.5, 0, -1, Number.NaN])('refuses a JSON number (%p)', (raw) => {
    expect(parseAmount(raw)).toBeNull();
    expect(parseAmount(raw, { allowZero: true, allowNegative: true })).toBeNull();
  });

  it.each([null, undefined, true, {}, [], ['12'], new Money(12)])('refuses a non-string value (%p)', (raw) => {
    expect(parseAmount(raw)).toBeNull();
  });

  it.each(['1e3', '1E3', '1.5e2', '1e-2', 'Infinity', '-Infinity', 'NaN', '0x10', '0b1', '0o7'])('refuses the exponent or special notation %s', (raw) => {
    expect(parseAmount(raw, { scale: 10, allowZero: true, allowNegative: true })).toBeNull();
  });

  it.each(['', ' ', ' 12', '12 ', '+12', '.5', '12.', '1,50', '1 000', '12..5', '--1', '1-', 'abc', '12abc', '١٢'])(
    'refuses the malformed string %p',
    (raw) => {
      expect(parseAmount(raw, { allowZero: true, allowNegative: true })).toBeNull();
    },
  );

  it('refuses more than 16 integer digits', () => {
    expect(parseAmount('9999999999999999')).not.toBeNull();
    expect(parseAmount('10000000000000000')).toBeNull();
  });

  describe('scale', () => {
    it('uses 2 decimals by default', () => {
      expect(AMOUNT_SCALE).toBe(2);
      expect(parseAmount('1.23')!.toString()).toBe('1.23');
      expect(parseAmount('1.234')).toBeNull();
      expect(parseAmount('1.230')).toBeNull();
    });

    it('accepts up to the given scale and refuses one more decimal', () => {
      expect(NOMINAL_SCALE).toBe(4);
      expect(parseAmount('1.2345', { scale: NOMINAL_SCALE })!.toString()).toBe('1.2345');
      expect(parseAmount('1.23456', { scale: NOMINAL_SCALE })).toBeNull();
      expect(parseAmount('7', { scale: 0 })!.toString()).toBe('7');
      expect(parseAmount('7.0', { scale: 0 })).toBeNull();
    });
  });

  describe('zero and negative values', () => {
    it.each(['0', '0.00', '-0', '-0.00', '000'])('refuses zero (%s) unless allowed', (raw) => {
      expect(parseAmount(raw)).toBeNull();
      const allowed = parseAmount(raw, { allowZero: true });
      expect(allowed).not.toBeNull();
      expect(allowed!.isZero()).toBe(true);
      expect(formatAmount(allowed!)).toBe('0.00');
    });

    it.each(['-1', '-0.01', '-12.50'])('refuses the negative value %s unless allowed', (raw) => {
      expect(parseAmount(raw)).toBeNull();
      expect(parseAmount(raw, { allowZero: true })).toBeNull();
      const allowed = parseAmount(raw, { allowNegative: true });
      expect(allowed).not.toBeNull();
      expect(allowed!.isNegative()).toBe(true);
      expect(allowed!.toString()).toBe(new Money(raw).toString());
    });

    it('allowing negatives does not allow zero', () => {
      expect(parseAmount('0', { allowNegative: true })).toBeNull();
      expect(parseAmount('0', { allowNegative: true, allowZero: true })!.isZero()).toBe(true);
    });
  });

  it('property: any positive amount with at most 2 decimals round-trips through formatAmount', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 17n - 1n }), (cents) => {
        const raw = `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
        const value = parseAmount(raw);
        expect(value).not.toBeNull();
        expect(formatAmount(value!)).toBe(raw);
        expect(value!.times(100).toFixed(0)).toBe(cents.toString());
      }),
    );
  });

  it('property: a string with more decimals than the scale is always refused', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1_000_000 }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 4 }), fc.boolean(), (int, scale, extra, negative) => {
        const decimals = '1'.repeat(scale + extra);
        const raw = `${negative ? '-' : ''}${int}.${decimals}`;
        expect(parseAmount(raw, { scale, allowZero: true, allowNegative: true })).toBeNull();
        expect(parseAmount(raw, { scale: scale + extra, allowZero: true, allowNegative: true })).not.toBeNull();
      }),
    );
  });
});

describe('formatAmount', () => {
  it.each([
    ['12', 2, '12.00'],
    ['12.5', 2, '12.50'],
    ['0', 2, '0.00'],
    ['-0', 2, '0.00'],
    ['-3.1', 2, '-3.10'],
    ['1.005', 2, '1.01'],
    ['1.004', 2, '1.00'],
    ['-1.005', 2, '-1.01'],
    ['12.5', 4, '12.5000'],
    ['0.12345', 4, '0.1235'],
    ['123456789012345678.5', 2, '123456789012345678.50'],
    ['0.0000001', 2, '0.00'],
  ])('formats %s with scale %i as %s (no exponent, half-up)', (raw, scale, expected) => {
    expect(formatAmount(new Money(raw), scale)).toBe(expected);
  });

  it('defaults to the amount scale', () => {
    expect(formatAmount(new Money('7.1'))).toBe('7.10');
  });
});

describe('sum, maxOf, minOf', () => {
  it('sums exactly and returns zero for nothing', () => {
    expect(sum([]).equals(ZERO)).toBe(true);
    expect(sum(['0.1', '0.2', '0.3'].map((v) => new Money(v))).toString()).toBe('0.6');
  });

  it('picks the largest and smallest value', () => {
    const values = ['3', '-1', '10.01', '10'].map((v) => new Money(v));
    expect(maxOf(...values).toString()).toBe('10.01');
    expect(minOf(...values).toString()).toBe('-1');
  });
});

describe('cash in whole cents (assertCashAmount)', () => {
  const refusal = (f: () => void): DomainError => {
    try {
      f();
    } catch (e) {
      return e as DomainError;
    }
    throw new Error('accepted');
  };

  it.each(['10', '10.5', '10.05', '0.01', '10.0500', '10.0000', '9999999999999999.99'])('accepts %s', (raw) => {
    expect(isWholeCents(new Money(raw))).toBe(true);
    expect(() => assertCashAmount(new Money(raw), 'amount')).not.toThrow();
  });

  it.each(['10.005', '0.0001', '0.001', '135.005', '0.0050'])('refuses %s with AMOUNT_BELOW_CENT naming the field', (raw) => {
    const e = refusal(() => assertCashAmount(new Money(raw), 'paidAmount'));
    expect(e).toBeInstanceOf(DomainError);
    expect([e.code, e.field, e.details]).toEqual(['AMOUNT_BELOW_CENT', 'paidAmount', { amount: new Money(raw).toString(), scale: CASH_SCALE }]);
    expect(e.message).toMatch(/^paidAmount is cash: it must be in whole cents, at most 2 decimals; got /);
  });

  it('accepts a sub-cent amount only when it settles exactly the balance a 4-decimal nominal value made', () => {
    const balance = new Money('34.2947');
    expect(() => assertCashAmount(new Money('34.2947'), 'amount', balance)).not.toThrow();
    expect(() => assertCashAmount(new Money('34.29'), 'amount', balance)).not.toThrow();
    const e = refusal(() => assertCashAmount(new Money('34.2946'), 'amount', balance));
    expect([e.code, e.field]).toEqual(['AMOUNT_BELOW_CENT', 'amount']);
    expect(e.message).toContain('or exactly the whole balance, 34.2947');
    expect(refusal(() => assertCashAmount(new Money('10.005'), 'amount', new Money('300'))).message).not.toContain('whole balance');
  });

  it('property: accepts exactly the amounts that round to themselves at the cent', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 18n }), fc.nat({ max: NOMINAL_SCALE }), (units, scale) => {
        const value = new Money(units.toString()).dividedBy(new Money(10).pow(scale));
        const whole = value.equals(value.toDecimalPlaces(CASH_SCALE));
        expect(isWholeCents(value)).toBe(whole);
        if (whole) assertCashAmount(value, 'amount');
        else expect(refusal(() => assertCashAmount(value, 'amount')).code).toBe('AMOUNT_BELOW_CENT');
      }),
    );
  });
});
