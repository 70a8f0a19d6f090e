import type { CategoryView, CollegeView, MemberView, MovementView, ShareClassView } from '@coop/ledger';
import type { ClassCode, DemoEvent } from '../scenario/demo-events';
import { DEMO_CATEGORIES, DEMO_COLLEGES, DEMO_SHARE_CLASSES, type CategoryKey, type CollegeKey } from '../scenario/demo-setup';
import type { DemoScenario } from '../scenario/scenario';
import { demoContext, type DemoApi } from './demo-api';
import type { DemoCounts } from './demo-progress';

/** What the demo cooperative holds, as the API lists it. */
export interface DemoRecord {
  categories: CategoryView[];
  colleges: CollegeView[];
  shareClasses: ShareClassView[];
  members: MemberView[];
  /** In the journal's order. */
  movements: MovementView[];
  lossStatements: number;
}

/** The ids of the demo's statutes set-up, by the scenario's keys; missing ones are still to be created. */
export interface DemoSetupIds {
  categories: Partial<Record<CategoryKey, string>>;
  colleges: Partial<Record<CollegeKey, string>>;
  shareClasses: Partial<Record<ClassCode, string>>;
}

/** Where a load takes up: the members of the people who applied, the movements that later steps refer to by tag. */
export interface ResumePoint {
  memberIds: Map<number, string>;
  movementIds: Map<string, string>;
}

export type Checked<T> = T | { mismatch: string };
export const isMismatch = <T extends object>(c: Checked<T>): c is { mismatch: string } => 'mismatch' in c;

export async function everyPage<T>(page: (cursor?: string) => Promise<{ items: T[]; nextCursor: string | null }>): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | undefined;
  do {
    const p = await page(cursor);
    all.push(...p.items);
    cursor = p.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

export async function readRecord(api: DemoApi, cooperativeId: string): Promise<DemoRecord> {
  const ctx = demoContext(cooperativeId);
  const [categories, colleges, shareClasses, members, movements, lossStatements] = await Promise.all([
    api.categories.list(ctx),
    api.colleges.list(ctx),
    api.shareClasses.list(ctx),
    everyPage((cursor) => api.members.list(ctx, { limit: 500, cursor })),
    everyPage((cursor) => api.movements.list(ctx, { limit: 500, cursor })),
    api.lossStatements.list(ctx),
  ]);
  return { categories, colleges, shareClasses, members, movements, lossStatements: lossStatements.length };
}

export function countsOf(r: DemoRecord): DemoCounts {
  return {
    applications: r.members.length,
    admissions: r.members.filter((m) => m.admission).length,
    exits: r.members.filter((m) => m.exit).length,
    movements: r.movements.length,
    lossStatements: r.lossStatements,
  };
}

/** The set-up's parts found by the demo's names and codes; anything else means the cooperative is not the demo. */
export function setupIds(r: DemoRecord): Checked<DemoSetupIds> {
  const ids: DemoSetupIds = { categories: {}, colleges: {}, shareClasses: {} };
  for (const c of r.categories) {
    const demo = DEMO_CATEGORIES.find((d) => d.name === c.name && d.kind === c.kind);
    if (!demo) return { mismatch: `its category "${c.name}" is not one of the demo's` };
    ids.categories[demo.key] = c.id;
  }
  for (const c of r.colleges) {
    const demo = DEMO_COLLEGES.find((d) => d.name === c.name);
    if (!demo) return { mismatch: `its college "${c.name}" is not one of the demo's` };
    ids.colleges[demo.key] = c.id;
  }
  // The colleges are set in one call: all of them or none.
  if (r.colleges.length && r.colleges.length !== DEMO_COLLEGES.length)
    return { mismatch: `it has ${r.colleges.length} colleges, the demo ${DEMO_COLLEGES.length}` };
  for (const s of r.shareClasses) {
    const demo = DEMO_SHARE_CLASSES.find((d) => d.code === s.code);
    if (!demo) return { mismatch: `its share class ${s.code} is not one of the demo's` };
    ids.shareClasses[demo.code] = s.id;
  }
  return ids;
}

/** A person of the scenario and the member the API recorded for them: who they are and the day they applied. */
export function identityKey(
  c: { personType: string; firstName?: string | null; lastName?: string | null; companyName?: string | null; email?: string | null },
  appliedOn: string,
): string {
  const norm = (v?: string | null) => (v ?? '').trim().toLowerCase();
  return [c.personType, norm(c.firstName), norm(c.lastName), norm(c.companyName), norm(c.email), appliedOn].join('|');
}

const MOVEMENT_KIND: Partial<Record<DemoEvent['type'], string>> = {
  subscription: 'SUBSCRIPTION',
  payment: 'PAYMENT',
  transfer: 'TRANSFER',
  redemption: 'REDEMPTION',
  refund: 'REFUND',
  reversal: 'REVERSAL',
};

/**
 * The first `done` steps matched with what is recorded, one by one: each applicant with their member, each admission
 * and exit with that member's state, each movement with the journal row of the same rank (same kind, same member, a
 * reversal of the same movement). The counts agreeing is not enough to take up a load on someone else's data.
 */
export function resumePoint(scenario: DemoScenario, r: DemoRecord, done: number): Checked<ResumePoint> {
  const members = new Map<string, MemberView[]>();
  for (const m of r.members) {
    const key = identityKey(m, m.appliedOn);
    members.set(key, [...(members.get(key) ?? []), m]);
  }
  const byId = new Map(r.members.map((m) => [m.id, m]));
  const point: ResumePoint = { memberIds: new Map(), movementIds: new Map() };
  const member = (person: number) => byId.get(point.memberIds.get(person) ?? '');
  let rank = 0;
  for (const [i, e] of scenario.events.slice(0, done).entries()) {
    const step = `step ${i + 1} (${e.type} on ${e.date})`;
    if (e.type === 'application') {
      const found = members.get(identityKey(scenario.people[e.person].contact, e.date)) ?? [];
      if (found.length !== 1) return { mismatch: `${step}: ${found.length} members match the applicant` };
      point.memberIds.set(e.person, found[0].id);
    } else if (e.type === 'admission' || e.type === 'exit') {
      const m = member(e.person);
      if (!m?.[e.type === 'admission' ? 'admission' : 'exit']) return { mismatch: `${step}: the member shows no ${e.type}` };
    } else if (e.type !== 'loss-statement') {
      // a movement: the journal's next row
      const recorded = r.movements[rank++];
      const involved = member(e.type === 'transfer' ? e.from : e.type === 'reversal' ? -1 : e.person)?.id;
      const reversed = e.type === 'reversal' ? point.movementIds.get(e.of) : undefined;
      const matches =
        recorded?.kind === MOVEMENT_KIND[e.type] &&
        (e.type === 'reversal'
          ? reversed !== undefined && recorded.reversesMovementId === reversed
          : involved !== undefined && [recorded.memberId, recorded.counterpartyMemberId].includes(involved));
      if (!matches) return { mismatch: `${step}: movement ${recorded?.number ?? rank} is not this ${e.type}` };
      if ('tag' in e && e.tag) point.movementIds.set(e.tag, recorded.id);
    }
  }
  return point;
}
