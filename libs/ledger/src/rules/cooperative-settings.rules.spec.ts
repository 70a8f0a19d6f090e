import { DomainError, Money } from '@coop/core';
import fc from 'fast-check';
import { defaultSettings, MIN_STATUTORY_CAPITAL, validateSettings } from './cooperative-settings.rules';
import { LEGAL_KINDS, type CooperativeSettings, type LegalKind } from './ledger.types';

function errorOf(fn: () => void): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError, nothing was thrown');
}

const settings = (kind: LegalKind, patch: Partial<CooperativeSettings> = {}): CooperativeSettings => ({ ...defaultSettings(kind), ...patch });

function expectRefused(s: CooperativeSettings, code: string, field: string): DomainError {
  const error = errorOf(() => validateSettings(s));
  expect(error.code).toBe(code);
  expect(error.field).toBe(field);
  return error;
}

describe('defaultSettings', () => {
  it.each(LEGAL_KINDS)('gives legal defaults that pass validation for %s', (kind) => {
    const s = defaultSettings(kind);
    expect(() => validateSettings(s)).not.toThrow();
    expect(s.legalKind).toBe(kind);
    expect(s.paymentDelayMonths).toBe(60);
    expect(s.minPaidFraction.toString()).toBe('0.25');
    expect(s.legalReserveRate.toString()).toBe('0.15');
    expect(s.fiscalYearEnd).toBe('12-31');
  });

  it('follows the legal kind: SCIC uses colleges and keeps at least 50 % in statutory reserves, SA starts at 18 500', () => {
    expect(defaultSettings('SCIC_SA').statutoryCapital.toString()).toBe('18500');
    expect(defaultSettings('SCIC_SAS').statutoryCapital.isZero()).toBe(true);
    expect(defaultSettings('SCIC_SAS').statutoryReserveRate.toString()).toBe('0.5');
    expect(defaultSettings('SCIC_SARL').usesColleges).toBe(true);
    expect(defaultSettings('SCOP').usesColleges).toBe(false);
    expect(defaultSettings('SCOP').statutoryReserveRate.isZero()).toBe(true);
    expect(defaultSettings('COOPERATIVE').statutoryReserveRate.isZero()).toBe(true);
  });

  it('returns a fresh object every time', () => {
    const a = defaultSettings('SCIC_SAS');
    a.paymentDelayMonths = 12;
    expect(defaultSettings('SCIC_SAS').paymentDelayMonths).toBe(60);
  });
});

describe('validateSettings', () => {
  describe('statutory capital (SCIC SA: at least 18 500 EUR)', () => {
    it('accepts exactly 18 500 and refuses one cent less', () => {
      expect(MIN_STATUTORY_CAPITAL.SCIC_SA!.toString()).toBe('18500');
      expect(() => validateSettings(settings('SCIC_SA', { statutoryCapital: new Money('18500') }))).not.toThrow();
      const error = expectRefused(settings('SCIC_SA', { statutoryCapital: new Money('18499.99') }), 'STATUTORY_CAPITAL_TOO_LOW', 'statutoryCapital');
      expect(error.details).toEqual({ minimum: '18500.00' });
      expectRefused(settings('SCIC_SA', { statutoryCapital: new Money(0) }), 'STATUTORY_CAPITAL_TOO_LOW', 'statutoryCapital');
    });

    it.each(['SCIC_SAS', 'SCIC_SARL', 'SCOP', 'COOPERATIVE'] as const)('has no minimum for %s', (kind) => {
      expect(() => validateSettings(settings(kind, { statutoryCapital: new Money('0') }))).not.toThrow();
      expect(() => validateSettings(settings(kind, { statutoryCapital: new Money('0.01') }))).not.toThrow();
    });

    it('refuses a negative capital or floor', () => {
      expectRefused(settings('SCIC_SAS', { statutoryCapital: new Money('-0.01') }), 'SETTINGS_OUT_OF_LEGAL_BOUNDS', 'statutoryCapital');
      expectRefused(settings('SCIC_SAS', { statutoryFloor: new Money('-1') }), 'SETTINGS_OUT_OF_LEGAL_BOUNDS', 'statutoryFloor');
      expect(() => validateSettings(settings('SCIC_SAS', { statutoryFloor: new Money('0') }))).not.toThrow();
    });
  });

  describe('payment delay (at most 5 years)', () => {
    it.each([0, 1, 12, 59, 60])('accepts %i months', (months) => {
      expect(() => validateSettings(settings('SCIC_SAS', { paymentDelayMonths: months }))).not.toThrow();
    });
    it.each([61, 120, -1, 1.5, Number.NaN])('refuses %p months', (months) => {
      expectRefused(settings('SCIC_SAS', { paymentDelayMonths: months }), 'SETTINGS_OUT_OF_LEGAL_BOUNDS', 'paymentDelayMonths');
    });
  });

  describe('redemption delay (at most 5 years)', () => {
    it('accepts 60 and refuses 61, negative or fractional months', () => {
      expect(() => validateSettings(settings('SCOP', { redemptionDelayMonths: 60 }))).not.toThrow();
      expect(() => validateSettings(settings('SCOP', { redemptionDelayMonths: 0 }))).not.toThrow();
      for (const months of [61, -1, 2.5]) {
        expectRefused(settings('SCOP', { redemptionDelayMonths: months }), 'SETTINGS_OUT_OF_LEGAL_BOUNDS', 'redemptionDelayMonths');
      }
    });
  });

  describe('minimum paid at subscription (at least 1/4)', () => {
    it.each(['0.25', '0.5', '1'])('accepts %s', (fraction) => {
      expect(() => validateSettings(settings('SCIC_SAS', { minPaidFraction: new Money(fraction) }))).not.toThrow();
    });
    it.each(['0.2499', '0.24', '0', '1.0001', '-0.5'])('refuses %s', (fraction) => {
      expectRefused(settings('SCIC_SAS', { minPaidFraction: new Money(fraction) }), 'SETTINGS_OUT_OF_LEGAL_BOUNDS', 'minPaidFraction');
    });
  });

  describe('legal reserve (at least 15 %)', () => {
    it.each(['0.15', '0.2', '1'])('accepts %s', (rate) => {
      expect(() => validateSettings(settings('SCOP', { legalReserveRate: new Money(rate) }))).not.toThrow();
    });
    it.each(['0.1499', '0.1', '0', '1.01'])('refuses %s', (rate) => {
      expectRefused(settings('SCOP', { legalReserveRate: new Money(rate) }), 'SETTINGS_OUT_OF_LEGAL_BOUNDS', 'legalReserveRate');
    });
  });

  describe('statutory reserve (SCIC: at least 50 % of what remains)', () => {
    it.each(['SCIC_SA', 'SCIC_SAS', 'SCIC_SARL'] as const)('%s: accepts 0.5 and 1, refuses 0.4999 and above 1', (kind) => {
      expect(() => validateSettings(settings(kind, { statutoryReserveRate: new Money('0.5') }))).not.toThrow();
      expect(() => validateSettings(settings(kind, { statutoryReserveRate: new Money('1') }))).not.toThrow();
      expectRefused(settings(kind, { statutoryReserveRate: new Money('0.4999') }), 'SETTINGS_OUT_OF_LEGAL_BOUNDS', 'statutoryReserveRate');
      expectRefused(settings(kind, { statutoryReserveRate: new Money('0') }), 'SETTINGS_OUT_OF_LEGAL_BOUNDS', 'statutoryReserveRate');
      expectRefused(settings(kind, { statutoryReserveRate: new Money('1.01') }), 'SETTINGS_OUT_OF_LEGAL_BOUNDS', 'statutoryReserveRate');
    });

    it.each(['SCOP', 'COOPERATIVE'] as const)('%s: no minimum, but not negative nor above 1', (kind) => {
      expect(() => validateSettings(settings(kind, { statutoryReserveRate: new Money('0') }))).not.toThrow();
      expect(() => validateSettings(settings(kind, { statutoryReserveRate: new Money('0.3') }))).not.toThrow();
      expectRefused(settings(kind, { statutoryReserveRate: new Money('-0.01') }), 'SETTINGS_OUT_OF_LEGAL_BOUNDS', 'statutoryReserveRate');
      expectRefused(settings(kind, { statutoryReserveRate: new Money('1.5') }), 'SETTINGS_OUT_OF_LEGAL_BOUNDS', 'statutoryReserveRate');
    });
  });

  describe('fiscal year end ("MM-DD")', () => {
    it.each(['12-31', '06-30', '01-01', '02-28', '09-30'])('accepts %s', (end) => {
      expect(() => validateSettings(settings('SCOP', { fiscalYearEnd: end }))).not.toThrow();
    });
    it.each(['02-29', '02-30', '04-31', '13-01', '00-10', '12-00', '12-32', '1-31', '12-1', '2025-12-31', '', '12/31'])('refuses %p', (end) => {
      expectRefused(settings('SCOP', { fiscalYearEnd: end }), 'SETTINGS_OUT_OF_LEGAL_BOUNDS', 'fiscalYearEnd');
    });
  });

  it('property: settings inside the legal bounds always pass', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...LEGAL_KINDS),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 2500, max: 10000 }),
        fc.integer({ min: 1500, max: 10000 }),
        fc.integer({ min: 0, max: 10000 }),
        fc.integer({ min: 0, max: 60 }),
        (kind, delay, paidBp, legalBp, statutoryBp, redemptionDelay) => {
          const scic = kind.startsWith('SCIC_');
          const s = settings(kind, {
            paymentDelayMonths: delay,
            redemptionDelayMonths: redemptionDelay,
            minPaidFraction: new Money(paidBp).dividedBy(10000),
            legalReserveRate: new Money(legalBp).dividedBy(10000),
            statutoryReserveRate: new Money(scic ? 5000 + (statutoryBp % 5001) : statutoryBp).dividedBy(10000),
          });
          expect(() => validateSettings(s)).not.toThrow();
        },
      ),
    );
  });

  it('property: one bound broken is always refused with the field that broke it', () => {
    type Breaker = [string, (s: CooperativeSettings, n: number) => Partial<CooperativeSettings>];
    const breakers: Breaker[] = [
      ['paymentDelayMonths', (_s, n) => ({ paymentDelayMonths: 61 + n })],
      ['minPaidFraction', (_s, n) => ({ minPaidFraction: new Money(n % 2500).dividedBy(10000) })],
      ['legalReserveRate', (_s, n) => ({ legalReserveRate: new Money(n % 1500).dividedBy(10000) })],
      ['redemptionDelayMonths', (_s, n) => ({ redemptionDelayMonths: 61 + n })],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...LEGAL_KINDS), fc.constantFrom(...breakers), fc.nat({ max: 100000 }), (kind, [field, breaker], n) => {
        const base = defaultSettings(kind);
        expectRefused({ ...base, ...breaker(base, n) }, 'SETTINGS_OUT_OF_LEGAL_BOUNDS', field);
      }),
    );
  });
});
