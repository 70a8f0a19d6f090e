import type { Money } from '@coop/core';
import { capitalFloor, PUBLIC_BODY_CAP_TEXT, publicBodyShareWithinCap } from './capital.rules';
import { validateCollegeWeights, type CollegeWeightInput } from './college-weights.rules';
import { isScic, type CategoryKind, type CooperativeSettings, type LedgerTotals } from './ledger.types';
import { DomainError } from '@coop/core';

export type ComplianceSeverity = 'ERROR' | 'WARNING';
export interface ComplianceCheck {
  code: string;
  ok: boolean;
  severity: ComplianceSeverity;
  message: string;
  details?: Record<string, unknown>;
}

export interface ComplianceFacts {
  settings: CooperativeSettings;
  totals: LedgerTotals;
  /** Admitted members on the date, per category kind. */
  membersByCategoryKind: Partial<Record<CategoryKind, number>>;
  /** Categories that have at least one admitted member. */
  categoriesWithMembers: number;
  colleges: CollegeWeightInput[];
  membersWithoutCollege: number;
  overdue: Money;
}

/** The state of the cooperative against the law: what a SCIC must have, and the capital's limits. */
export function complianceChecks(f: ComplianceFacts): ComplianceCheck[] {
  const checks: ComplianceCheck[] = [];
  const scic = isScic(f.settings.legalKind);
  if (scic) {
    checks.push({
      code: 'SCIC_MIN_CATEGORIES',
      ok: f.categoriesWithMembers >= 3,
      severity: 'ERROR',
      message: 'a SCIC needs members in at least 3 categories (L47 art. 19 septies)',
      details: { categoriesWithMembers: f.categoriesWithMembers },
    });
    const beneficiaries = f.membersByCategoryKind.BENEFICIARY ?? 0;
    checks.push({
      code: 'SCIC_BENEFICIARIES_PRESENT',
      ok: beneficiaries > 0,
      severity: 'ERROR',
      message: 'a SCIC must count habitual beneficiaries among its members',
      details: { members: beneficiaries },
    });
    const workerKind: CategoryKind = f.settings.hasEmployees ? 'EMPLOYEE' : 'PRODUCER';
    const workers = f.membersByCategoryKind[workerKind] ?? 0;
    checks.push({
      code: f.settings.hasEmployees ? 'SCIC_EMPLOYEES_PRESENT' : 'SCIC_PRODUCERS_PRESENT',
      ok: workers > 0,
      severity: 'ERROR',
      message: f.settings.hasEmployees
        ? 'a SCIC with employees must count employees among its members'
        : 'a SCIC without employees must count producers among its members',
      details: { members: workers },
    });
    checks.push({
      code: 'PUBLIC_BODY_CAP',
      ok: publicBodyShareWithinCap(f.totals.publicBodyCapital, f.totals.subscribedCapital),
      severity: 'ERROR',
      message: `public bodies hold at most ${PUBLIC_BODY_CAP_TEXT} of the capital`,
      details: { publicBodyCapital: f.totals.publicBodyCapital.toFixed(2), capital: f.totals.subscribedCapital.toFixed(2) },
    });
  }
  if (f.settings.usesColleges) {
    let weightsOk = true;
    let message = 'college weights are legal';
    try {
      if (scic && f.colleges.length < 3) throw new DomainError('COLLEGE_WEIGHTS_INVALID', 'a SCIC that uses colleges needs at least 3 of them');
      validateCollegeWeights(f.colleges, f.settings.legalKind);
    } catch (e) {
      weightsOk = false;
      message = (e as Error).message;
    }
    checks.push({ code: 'COLLEGE_WEIGHTS', ok: weightsOk, severity: 'ERROR', message, details: { colleges: f.colleges.length } });
    checks.push({
      code: 'MEMBERS_IN_COLLEGES',
      ok: f.membersWithoutCollege === 0,
      severity: 'WARNING',
      message: 'every member belongs to exactly one college',
      details: { membersWithoutCollege: f.membersWithoutCollege },
    });
  }
  const floor = capitalFloor(f.settings, f.totals.highestCapital);
  checks.push({
    code: 'CAPITAL_ABOVE_FLOOR',
    ok: f.totals.subscribedCapital.greaterThanOrEqualTo(floor.floor),
    severity: 'WARNING',
    message: 'capital is at or above its floor',
    details: { capital: f.totals.subscribedCapital.toFixed(2), floor: floor.floor.toFixed(2) },
  });
  checks.push({
    code: 'NO_OVERDUE_PAYMENTS',
    ok: f.overdue.isZero(),
    severity: 'WARNING',
    message: 'no subscribed balance is past its due date',
    details: { overdue: f.overdue.toFixed(2) },
  });
  return checks;
}
