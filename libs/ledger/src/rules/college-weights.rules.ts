import { DomainError, Money, ZERO } from '@coop/core';
import type { LegalKind } from './ledger.types';

export interface CollegeWeightInput {
  name: string;
  /** Percent of total votes, or null on every college for equal weights. */
  weight: Money | null;
}

const invalid = (message: string, field = 'colleges', details?: Record<string, unknown>) => new DomainError('COLLEGE_WEIGHTS_INVALID', message, field, details);

/**
 * L47 art. 19 octies: at least 3 colleges, none above 50 % nor under 10 % of votes, weights summing to 100 %;
 * equal weights unless the statutes say otherwise (then every weight is null). Checked as one set.
 */
export function validateCollegeWeights(colleges: CollegeWeightInput[], legalKind: LegalKind): void {
  const scic = legalKind.startsWith('SCIC_');
  if (colleges.length === 0) return;
  const names = new Set(colleges.map((c) => c.name.trim().toLowerCase()));
  if (names.size !== colleges.length) throw invalid('two colleges have the same name');
  if (scic && colleges.length < 3) throw invalid('a SCIC that uses colleges needs at least 3 of them', 'colleges', { count: colleges.length });
  if (colleges.length > 10) throw invalid('at most 10 colleges (each weighs at least 10 %)', 'colleges', { count: colleges.length });
  const explicit = colleges.filter((c) => c.weight !== null);
  if (explicit.length === 0) return; // equal weights: 1/n each, within bounds for 3 to 10 colleges
  if (explicit.length !== colleges.length) throw invalid('give a weight to every college, or to none for equal weights');
  let total = ZERO;
  colleges.forEach((c, i) => {
    const w = c.weight as Money;
    if (w.lessThanOrEqualTo(0)) throw invalid('a college weight must be positive', `colleges[${i}].weight`);
    if (scic && (w.lessThan(10) || w.greaterThan(50)))
      throw invalid(`college "${c.name}" weighs ${w.toString()} %: each college must weigh between 10 % and 50 %`, `colleges[${i}].weight`, {
        weight: w.toString(),
      });
    total = total.plus(w);
  });
  if (!total.equals(100)) throw invalid(`college weights sum to ${total.toString()} %, not 100 %`, 'colleges', { total: total.toString() });
}

/** Each college's share of the votes as an exact fraction (equal weights: 1/n, kept exact as a ratio). */
export function collegeShares(colleges: CollegeWeightInput[]): { numerator: Money; denominator: Money }[] {
  if (colleges.every((c) => c.weight === null)) return colleges.map(() => ({ numerator: new Money(1), denominator: new Money(colleges.length) }));
  return colleges.map((c) => ({ numerator: c.weight as Money, denominator: new Money(100) }));
}
