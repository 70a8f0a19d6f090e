import { Money } from '@coop/core';
import fc from 'fast-check';
import { capitalFloor, lossRate, PUBLIC_BODY_CAP, PUBLIC_BODY_CAP_TEXT, publicBodyShare, publicBodyShareWithinCap } from './capital.rules';

const m = (v: string | number) => new Money(v);
/** Amounts in cents, up to 10 billion euros. */
const cents = (min = 0) => fc.integer({ min, max: 1_000_000_000_000 }).map((c) => new Money(c).dividedBy(100));

describe('capitalFloor (L47 art. 13, C. com. L231-5)', () => {
  it('is the statutory floor when it is the largest', () => {
    const f = capitalFloor({ statutoryFloor: m('5000'), statutoryCapital: m('20000') }, m('12000'));
    expect(f.floor.toString()).toBe('5000');
    expect(f.statutoryFloor.toString()).toBe('5000');
    expect(f.quarterOfHighestCapital.toString()).toBe('3000');
    expect(f.tenthOfStatutoryCapital.toString()).toBe('2000');
  });

  it('is a quarter of the highest capital ever reached when it is the largest', () => {
    const f = capitalFloor({ statutoryFloor: m('1000'), statutoryCapital: m('20000') }, m('100000'));
    expect(f.floor.toString()).toBe('25000');
  });

  it('is a tenth of the statutory capital when it is the largest', () => {
    const f = capitalFloor({ statutoryFloor: m('0'), statutoryCapital: m('18500') }, m('4000'));
    expect(f.floor.toString()).toBe('1850');
  });

  it('is zero for a new cooperative with no statutory floor nor capital', () => {
    expect(capitalFloor({ statutoryFloor: m(0), statutoryCapital: m(0) }, m(0)).floor.isZero()).toBe(true);
  });

  it('keeps the cents exactly (no rounding of the quarter)', () => {
    const f = capitalFloor({ statutoryFloor: m(0), statutoryCapital: m(0) }, m('100.03'));
    expect(f.floor.toString()).toBe('25.0075');
  });

  it('property: is the maximum of the three legal amounts', () => {
    fc.assert(
      fc.property(cents(), cents(), cents(), (statutoryFloor, statutoryCapital, highest) => {
        const f = capitalFloor({ statutoryFloor, statutoryCapital }, highest);
        const candidates = [statutoryFloor, highest.times('0.25'), statutoryCapital.times('0.1')];
        expect(candidates.every((c) => f.floor.greaterThanOrEqualTo(c))).toBe(true);
        expect(candidates.some((c) => f.floor.equals(c))).toBe(true);
      }),
    );
  });
});

describe('publicBodyShareWithinCap (SCIC: public bodies hold at most 50 %)', () => {
  it('states the cap once: 0.5, "50 %" for people', () => {
    expect([PUBLIC_BODY_CAP.toString(), PUBLIC_BODY_CAP_TEXT]).toEqual(['0.5', '50 %']);
  });

  it('accepts exactly 50 %', () => {
    expect(publicBodyShareWithinCap(m('500'), m('1000'))).toBe(true);
    expect(publicBodyShareWithinCap(m('0.01'), m('0.02'))).toBe(true);
    expect(publicBodyShareWithinCap(m('5000000000000000.005'), m('10000000000000000.01'))).toBe(true);
  });

  it('refuses one cent above 50 %', () => {
    expect(publicBodyShareWithinCap(m('500.01'), m('1000'))).toBe(false);
    expect(publicBodyShareWithinCap(m('500'), m('999.99'))).toBe(false);
    expect(publicBodyShareWithinCap(m('5000000000000000.01'), m('10000000000000000.01'))).toBe(false);
  });

  it('accepts less than 50 % and no public capital at all', () => {
    expect(publicBodyShareWithinCap(m('333.33'), m('1000'))).toBe(true);
    expect(publicBodyShareWithinCap(m('0'), m('1000'))).toBe(true);
  });

  it('with no capital, accepts only no public capital', () => {
    expect(publicBodyShareWithinCap(m(0), m(0))).toBe(true);
    expect(publicBodyShareWithinCap(m('0.01'), m(0))).toBe(false);
  });

  it('property: agrees with the exact comparison 2 × public ≤ capital', () => {
    fc.assert(
      fc.property(cents(1), fc.integer({ min: -1000, max: 1000 }), fc.nat({ max: 10000 }), (capital, nudge, ratioBp) => {
        // public capital around the cap (nudged by a few cents) or anywhere between 0 and 100 %
        const around = capital.dividedBy(2).plus(new Money(nudge).dividedBy(100)).toDecimalPlaces(2);
        const anywhere = capital.times(ratioBp).dividedBy(10000).toDecimalPlaces(2);
        for (const pub of [around, anywhere]) {
          if (pub.isNegative()) continue;
          expect(publicBodyShareWithinCap(pub, capital)).toBe(pub.times(2).lessThanOrEqualTo(capital));
        }
      }),
    );
  });
});

describe('publicBodyShare', () => {
  it('is the public capital over the subscribed capital, zero with no capital', () => {
    expect(publicBodyShare({ publicBodyCapital: m('250'), subscribedCapital: m('1000') }).toString()).toBe('0.25');
    expect(publicBodyShare({ publicBodyCapital: m('0'), subscribedCapital: m('0') }).isZero()).toBe(true);
  });
});

describe('lossRate (L47 art. 18, model statutes)', () => {
  it('is zero with no statement, no losses or no capital', () => {
    expect(lossRate(null, 'PRO_RATA_CAPITAL_AND_RESERVES').isZero()).toBe(true);
    expect(lossRate({ losses: m(0), statutoryReserves: m(10), capitalAtClose: m(100) }, 'RESERVES_FIRST').isZero()).toBe(true);
    expect(lossRate({ losses: m(50), statutoryReserves: m(10), capitalAtClose: m(0) }, 'PRO_RATA_CAPITAL_AND_RESERVES').isZero()).toBe(true);
  });

  describe('pro rata over capital and statutory reserves', () => {
    it('charges losses × capital / (capital + reserves), spread over the capital', () => {
      // capital 60 000, reserves 40 000, losses 10 000: capital bears 6 000, i.e. 10 % of each euro
      const rate = lossRate({ losses: m('10000'), statutoryReserves: m('40000'), capitalAtClose: m('60000') }, 'PRO_RATA_CAPITAL_AND_RESERVES');
      expect(rate.toString()).toBe('0.1');
    });

    it('charges the whole loss to capital when there are no reserves', () => {
      const rate = lossRate({ losses: m('2500'), statutoryReserves: m('0'), capitalAtClose: m('10000') }, 'PRO_RATA_CAPITAL_AND_RESERVES');
      expect(rate.toString()).toBe('0.25');
    });

    it('never exceeds 100 %', () => {
      const rate = lossRate({ losses: m('50000'), statutoryReserves: m('0'), capitalAtClose: m('10000') }, 'PRO_RATA_CAPITAL_AND_RESERVES');
      expect(rate.toString()).toBe('1');
    });
  });

  describe('statutory reserves first', () => {
    it('charges to capital only what the reserves cannot absorb', () => {
      const rate = lossRate({ losses: m('50000'), statutoryReserves: m('40000'), capitalAtClose: m('60000') }, 'RESERVES_FIRST');
      expect(rate.toFixed(10)).toBe(m('10000').dividedBy('60000').toFixed(10));
    });

    it('is zero when the reserves absorb all the losses (even exactly)', () => {
      expect(lossRate({ losses: m('40000'), statutoryReserves: m('40000'), capitalAtClose: m('60000') }, 'RESERVES_FIRST').isZero()).toBe(true);
      expect(lossRate({ losses: m('100'), statutoryReserves: m('40000'), capitalAtClose: m('60000') }, 'RESERVES_FIRST').isZero()).toBe(true);
    });

    it('never exceeds 100 %', () => {
      const rate = lossRate({ losses: m('90000'), statutoryReserves: m('10000'), capitalAtClose: m('60000') }, 'RESERVES_FIRST');
      expect(rate.toString()).toBe('1');
    });
  });

  it('property: both methods give a rate in [0, 1] that charges the capital exactly its legal part of the losses', () => {
    fc.assert(
      fc.property(cents(), cents(), cents(1), (losses, statutoryReserves, capitalAtClose) => {
        const facts = { losses, statutoryReserves, capitalAtClose };
        const proRata = lossRate(facts, 'PRO_RATA_CAPITAL_AND_RESERVES');
        const reservesFirst = lossRate(facts, 'RESERVES_FIRST');
        for (const r of [proRata, reservesFirst]) {
          expect(r.greaterThanOrEqualTo(0) && r.lessThanOrEqualTo(1)).toBe(true);
        }
        // pro rata: the capital's part of the loss, capped at the capital itself
        const capitalPart = Money.min(capitalAtClose, losses.times(capitalAtClose).dividedBy(capitalAtClose.plus(statutoryReserves)));
        expect(proRata.times(capitalAtClose).minus(capitalPart).abs().lessThan('1e-12')).toBe(true);
        // reserves first: what is left once reserves are used up, capped at the capital
        const left = Money.min(capitalAtClose, Money.max(0, losses.minus(statutoryReserves)));
        expect(reservesFirst.times(capitalAtClose).minus(left).abs().lessThan('1e-12')).toBe(true);
        // with no reserves, both methods agree
        if (statutoryReserves.isZero()) expect(proRata.equals(reservesFirst)).toBe(true);
      }),
    );
  });
});
