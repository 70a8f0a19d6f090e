import type { ClassCode } from './demo-events';

/** The demo cooperative as its statutes describe it: what `POST /api/cooperatives` and the set-up calls receive. */

export const DEMO_NAME = 'Coop des Communs Numériques (démo)';

export type CategoryKey = 'employees' | 'producers' | 'users' | 'publicBodies' | 'supporters';
export type CollegeKey = 'workers' | 'users' | 'partners';

export const DEMO_COOPERATIVE = {
  name: DEMO_NAME,
  legalKind: 'SCIC_SAS' as const,
  registrationNumber: 'RCS Lyon 000 000 000 (fictif)',
  registeredOffice: '12 rue des Communs, 69001 Lyon',
  settings: {
    statutoryCapital: '20000.00',
    statutoryFloor: '5000.00',
    fiscalYearEnd: '12-31',
    usesColleges: true,
    hasEmployees: true,
    admissionApproval: 'BOARD' as const,
    transferApproval: 'BOARD' as const,
  },
};

export const DEMO_CATEGORIES: readonly { key: CategoryKey; name: string; kind: string; description: string; college: CollegeKey }[] = [
  { key: 'employees', name: 'Salariés', kind: 'EMPLOYEE', description: 'Les salariés de la coopérative', college: 'workers' },
  {
    key: 'producers',
    name: 'Producteurs',
    kind: 'PRODUCER',
    description: 'Indépendants et entreprises qui produisent les services avec la coopérative',
    college: 'workers',
  },
  { key: 'users', name: 'Usagers', kind: 'BENEFICIARY', description: 'Habitants et associations qui utilisent les services', college: 'users' },
  { key: 'publicBodies', name: 'Collectivités', kind: 'PUBLIC_BODY', description: 'Communes et intercommunalités du territoire', college: 'partners' },
  { key: 'supporters', name: 'Soutiens', kind: 'SUPPORTER', description: 'Personnes et entreprises qui soutiennent le projet', college: 'partners' },
];

export const DEMO_COLLEGES: readonly { key: CollegeKey; name: string; weight: string }[] = [
  { key: 'workers', name: 'Travailleurs', weight: '40' },
  { key: 'users', name: 'Usagers', weight: '30' },
  { key: 'partners', name: 'Partenaires', weight: '30' },
];

export const DEMO_SHARE_CLASSES: readonly {
  code: ClassCode;
  name: string;
  nominalValue: string;
  minPerMember: number;
  /** Only these categories may hold them (none: every member). */
  eligible: CategoryKey[];
}[] = [
  { code: 'A', name: 'Parts A (parts de sociétaire)', nominalValue: '50.00', minPerMember: 1, eligible: [] },
  { code: 'B', name: 'Parts B (parts de soutien)', nominalValue: '100.00', minPerMember: 0, eligible: ['supporters', 'publicBodies'] },
];

export const categoryOf = (key: CategoryKey) => DEMO_CATEGORIES.find((c) => c.key === key)!;
export const shareClassOf = (code: ClassCode) => DEMO_SHARE_CLASSES.find((c) => c.code === code)!;
