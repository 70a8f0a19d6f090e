import { DomainError, Money } from '@coop/core';
import fc from 'fast-check';
import { collegeShares, validateCollegeWeights, type CollegeWeightInput } from './college-weights.rules';

function errorOf(fn: () => void): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError, nothing was thrown');
}

const colleges = (...weights: (string | null)[]): CollegeWeightInput[] =>
  weights.map((w, i) => ({ name: `College ${i + 1}`, weight: w === null ? null : new Money(w) }));

const ok = (list: CollegeWeightInput[], kind: Parameters<typeof validateCollegeWeights>[1] = 'SCIC_SAS') =>
  expect(() => validateCollegeWeights(list, kind)).not.toThrow();

function refused(list: CollegeWeightInput[], field: string, kind: Parameters<typeof validateCollegeWeights>[1] = 'SCIC_SAS'): DomainError {
  const error = errorOf(() => validateCollegeWeights(list, kind));
  expect(error.code).toBe('COLLEGE_WEIGHTS_INVALID');
  expect(error.field).toBe(field);
  return error;
}

describe('validateCollegeWeights (SCIC, L47 art. 19 octies)', () => {
  it('accepts no colleges at all (colleges are optional)', () => {
    ok([]);
  });

  describe('number of colleges', () => {
    it('needs at least 3 colleges', () => {
      refused(colleges('50', '50'), 'colleges');
      refused(colleges(null, null), 'colleges');
      refused(colleges('100'), 'colleges');
      ok(colleges(null, null, null));
    });

    it('allows at most 10 colleges', () => {
      ok(colleges(...Array<string>(10).fill('10')));
      ok(colleges(...Array<null>(10).fill(null)));
      refused(colleges(...Array<null>(11).fill(null)), 'colleges');
    });
  });

  describe('equal weights (every weight null)', () => {
    it.each([3, 4, 7, 10])('accepts %i colleges with equal weights', (n) => {
      ok(colleges(...Array<null>(n).fill(null)));
    });

    it('refuses a mix of explicit and missing weights', () => {
      refused(colleges('50', '50', null), 'colleges');
      refused(colleges(null, '30', '30', '40'), 'colleges');
    });
  });

  describe('explicit weights', () => {
    it.each([
      [['33.33', '33.33', '33.34']],
      [['50', '40', '10']],
      [['10', '40', '50']],
      [['25', '25', '25', '25']],
      [['50', '25', '12.5', '12.5']],
      [['20', '20', '20', '20', '20']],
      [['33.3333', '33.3333', '33.3334']],
    ])('accepts %j', (weights) => {
      ok(colleges(...weights));
    });

    it('refuses a college above 50 %, even by a ten-thousandth, naming it', () => {
      const error = refused(colleges('50.0001', '39.9999', '10'), 'colleges[0].weight');
      expect(error.details).toEqual({ weight: '50.0001' });
      refused(colleges('30', '60', '10'), 'colleges[1].weight');
    });

    it('refuses a college under 10 %, naming it', () => {
      refused(colleges('45', '45.01', '9.99'), 'colleges[2].weight');
      refused(colleges('45', '45.0001', '9.9999'), 'colleges[2].weight');
      refused(colleges('5', '45', '50'), 'colleges[0].weight');
    });

    it('refuses zero or negative weights', () => {
      refused(colleges('0', '50', '50'), 'colleges[0].weight');
      refused(colleges('50', '-10', '60'), 'colleges[1].weight');
    });

    it('refuses weights that do not sum to exactly 100 %', () => {
      const error = refused(colleges('33.33', '33.33', '33.33'), 'colleges');
      expect(error.details).toEqual({ total: '99.99' });
      refused(colleges('33.34', '33.33', '33.34'), 'colleges');
      refused(colleges('40', '40', '20.0001'), 'colleges');
      refused(colleges('50', '50', '50'), 'colleges');
    });

    it('refuses two colleges with the same name (ignoring case and spaces)', () => {
      const list: CollegeWeightInput[] = [
        { name: 'Salariés', weight: null },
        { name: ' salariés ', weight: null },
        { name: 'Usagers', weight: null },
      ];
      refused(list, 'colleges');
    });
  });

  it.each(['SCIC_SA', 'SCIC_SARL'] as const)('applies the same bounds to %s', (kind) => {
    ok(colleges('50', '40', '10'), kind);
    refused(colleges('60', '30', '10'), 'colleges[0].weight', kind);
    refused(colleges('50', '50'), 'colleges', kind);
  });

  it('outside a SCIC, only asks for positive weights summing to 100 % and at most 10 colleges', () => {
    ok(colleges('70', '30'), 'SCOP');
    ok(colleges('95', '5'), 'COOPERATIVE');
    refused(colleges('70', '20'), 'colleges', 'SCOP');
    refused(colleges('0', '100'), 'colleges[0].weight', 'SCOP');
  });
});

/** A legal SCIC weight set: 3 to 10 colleges, each in [10, 50] with up to 4 decimals, summing to exactly 100. */
const legalWeights = fc.integer({ min: 3, max: 10 }).chain((n) =>
  fc.array(fc.nat({ max: 1_000_000 }), { minLength: n, maxLength: n }).map((draws) => {
    const UNIT = 10_000; // 1 % in ten-thousandths of a percent
    let remaining = (100 - 10 * n) * UNIT; // what is left once every college has its 10 %
    return draws.map((draw, i) => {
      const after = n - i - 1;
      const low = Math.max(0, remaining - 40 * UNIT * after);
      const high = Math.min(40 * UNIT, remaining);
      const extra = i === n - 1 ? remaining : low + (draw % (high - low + 1));
      remaining -= extra;
      return new Money(10 * UNIT + extra).dividedBy(UNIT);
    });
  }),
);

const asColleges = (weights: Money[]): CollegeWeightInput[] => weights.map((w, i) => ({ name: `C${i}`, weight: w }));

describe('validateCollegeWeights: properties', () => {
  it('the generator really produces legal sets (sanity check of the test itself)', () => {
    fc.assert(
      fc.property(legalWeights, (weights) => {
        expect(weights.length).toBeGreaterThanOrEqual(3);
        expect(weights.length).toBeLessThanOrEqual(10);
        expect(weights.reduce((a, b) => a.plus(b), new Money(0)).toString()).toBe('100');
        for (const w of weights) {
          expect(w.greaterThanOrEqualTo(10) && w.lessThanOrEqualTo(50)).toBe(true);
          expect(w.decimalPlaces()).toBeLessThanOrEqual(4);
        }
      }),
    );
  });

  it('every legal weight set passes, in any order', () => {
    fc.assert(
      fc.property(legalWeights, fc.boolean(), (weights, reversed) => {
        ok(asColleges(reversed ? [...weights].reverse() : weights));
      }),
    );
  });

  it('a college pushed under 10 % is refused at its index', () => {
    fc.assert(
      fc.property(legalWeights, fc.nat(), fc.integer({ min: 1, max: 100_000 }), (weights, pick, tenThousandths) => {
        const i = pick % weights.length;
        const broken = [...weights];
        broken[i] = new Money(10).minus(new Money(tenThousandths).dividedBy(10_000)); // 9.9999 down to 0
        refused(asColleges(broken), `colleges[${i}].weight`);
      }),
    );
  });

  it('a college pushed above 50 % is refused at its index', () => {
    fc.assert(
      fc.property(legalWeights, fc.nat(), fc.integer({ min: 1, max: 500_000 }), (weights, pick, tenThousandths) => {
        const i = pick % weights.length;
        const broken = [...weights];
        broken[i] = new Money(50).plus(new Money(tenThousandths).dividedBy(10_000)); // 50.0001 up to 100
        refused(asColleges(broken), `colleges[${i}].weight`);
      }),
    );
  });

  it('a sum that misses 100 % by any amount is refused, even when every college stays within bounds', () => {
    fc.assert(
      fc.property(legalWeights, fc.nat(), fc.integer({ min: 1, max: 10_000 }), fc.boolean(), (weights, pick, tenThousandths, up) => {
        const delta = new Money(tenThousandths).dividedBy(10_000);
        // find a college that can move by delta and stay within [10, 50]
        const order = weights.map((_, k) => (pick + k) % weights.length);
        const i = order.find((k) => {
          const moved = up ? weights[k].plus(delta) : weights[k].minus(delta);
          return moved.greaterThanOrEqualTo(10) && moved.lessThanOrEqualTo(50);
        });
        fc.pre(i !== undefined);
        const broken = [...weights];
        broken[i!] = up ? weights[i!].plus(delta) : weights[i!].minus(delta);
        refused(asColleges(broken), 'colleges');
      }),
    );
  });

  it('dropping colleges below 3 is refused', () => {
    fc.assert(
      fc.property(legalWeights, fc.integer({ min: 1, max: 2 }), (weights, keep) => {
        refused(asColleges(weights.slice(0, keep)), 'colleges');
      }),
    );
  });
});

describe('collegeShares', () => {
  it('gives 1/n to each college with equal weights, exactly', () => {
    const shares = collegeShares(colleges(null, null, null));
    expect(shares).toHaveLength(3);
    for (const s of shares) {
      expect(s.numerator.toString()).toBe('1');
      expect(s.denominator.toString()).toBe('3');
    }
  });

  it('gives weight / 100 with explicit weights', () => {
    const shares = collegeShares(colleges('50', '40', '10'));
    expect(shares.map((s) => `${s.numerator}/${s.denominator}`)).toEqual(['50/100', '40/100', '10/100']);
  });
});
