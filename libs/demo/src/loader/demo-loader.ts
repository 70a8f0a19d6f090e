import { DomainError, Money } from '@coop/core';
import type { DemoApi } from './demo-api';
import type { ClassCode, DemoEvent } from '../scenario/demo-events';
import { DEMO_CATEGORIES, DEMO_COLLEGES, DEMO_COOPERATIVE, DEMO_SHARE_CLASSES, type CategoryKey } from '../scenario/demo-setup';
import { displayName, type DemoScenario } from '../scenario/scenario';
import { formatEuros } from './demo-summary';

export class SeedInterrupted extends Error {
  constructor() {
    super('interrupted');
  }
}

/** Creates the cooperative and its statutes' set-up, then replays the history, in date order, through the API's calls. */
export async function seedCooperative(api: DemoApi, scenario: DemoScenario, out: (line: string) => void, stopRequested: () => boolean): Promise<string> {
  const coop = await api.createCooperative(DEMO_COOPERATIVE);
  const categories = {} as Record<CategoryKey, string>;
  for (const { key, name, kind, description } of DEMO_CATEGORIES) categories[key] = (await api.createCategory(coop.id, { name, kind, description })).id;
  const colleges = await api.replaceColleges(coop.id, { colleges: DEMO_COLLEGES.map(({ name, weight }) => ({ name, weight })) });
  const collegeOf = (key: CategoryKey) => colleges.find((c) => c.name === DEMO_COLLEGES.find((d) => d.key === DEMO_CATEGORIES.find((k) => k.key === key)!.college)!.name)!.id;
  const shareClasses = {} as Record<ClassCode, string>;
  for (const { code, name, nominalValue, minPerMember, eligible } of DEMO_SHARE_CLASSES) {
    shareClasses[code] = (await api.createShareClass(coop.id, { code, name, nominalValue, minPerMember, eligibleCategoryIds: eligible.map((k) => categories[k]) })).id;
  }
  out(`  created the cooperative ${coop.id}: ${DEMO_CATEGORIES.length} categories, ${colleges.length} colleges, ${DEMO_SHARE_CLASSES.length} share classes`);

  const replay = new Replay(api, coop.id, scenario, categories, collegeOf, shareClasses);
  const events = scenario.events;
  let year = events[0]?.date.slice(0, 4);
  let tally = newTally();
  for (const [i, event] of events.entries()) {
    if (stopRequested()) throw new SeedInterrupted();
    if (event.date.slice(0, 4) !== year) {
      out(await yearLine(api, coop.id, year, tally));
      year = event.date.slice(0, 4);
      tally = newTally();
    }
    try {
      await replay.apply(event);
    } catch (e) {
      if (stopRequested()) throw new SeedInterrupted(); // the signal also stops the embedded PostgreSQL: not a refusal
      const what = e instanceof DomainError ? `${e.code}: ${e.message}` : String(e);
      throw new Error(`step ${i + 1} of ${events.length} (${replay.describe(event)}) failed: ${what}`, { cause: e });
    }
    count(tally, event);
  }
  out(await yearLine(api, coop.id, year, tally));
  return coop.id;
}

class Replay {
  private readonly memberIds = new Map<number, string>();
  private readonly movementIds = new Map<string, string>();

  constructor(
    private readonly api: DemoApi,
    private readonly cooperativeId: string,
    private readonly scenario: DemoScenario,
    private readonly categories: Record<CategoryKey, string>,
    private readonly collegeOf: (key: CategoryKey) => string,
    private readonly shareClasses: Record<ClassCode, string>,
  ) {}

  describe(e: DemoEvent): string {
    const who = 'person' in e ? ` of ${displayName(this.scenario.people[e.person])}` : e.type === 'transfer' ? ` from ${displayName(this.scenario.people[e.from])}` : '';
    return `${e.type}${who} on ${e.date}`;
  }

  async apply(e: DemoEvent): Promise<void> {
    const coop = this.cooperativeId;
    const api = this.api;
    switch (e.type) {
      case 'application': {
        const person = this.scenario.people[e.person];
        const member = await api.createMember(coop, {
          ...person.contact,
          categoryId: this.categories[person.category],
          collegeId: this.collegeOf(person.category),
          appliedOn: e.date,
        });
        this.memberIds.set(e.person, member.id);
        return;
      }
      case 'admission':
        await api.admit(coop, this.member(e.person), { decisionRef: e.decisionRef, decisionDate: e.decisionDate, effectiveDate: e.date });
        return;
      case 'exit':
        await api.exit(coop, this.member(e.person), { reason: e.reason, decisionRef: e.decisionRef, decisionDate: e.decisionDate, effectiveDate: e.date });
        return;
      case 'subscription':
        return this.keep(
          e.tag,
          api.subscribe(coop, {
            memberId: this.member(e.person),
            shareClassId: this.shareClasses[e.shareClass],
            shares: e.shares,
            paidAmount: e.paidAmount,
            date: e.date,
            dueDate: e.dueDate,
            reference: e.reference,
          }),
        );
      case 'payment':
        return this.keep(
          e.tag,
          api.pay(coop, { memberId: this.member(e.person), shareClassId: this.shareClasses[e.shareClass], amount: e.amount, date: e.date, reference: e.reference }),
        );
      case 'transfer': {
        const shares = e.shares === 'all' ? (await this.holding(e.from, e.shareClass)).shares : e.shares;
        return this.keep(
          e.tag,
          api.transfer(coop, {
            fromMemberId: this.member(e.from),
            toMemberId: this.member(e.to),
            shareClassId: this.shareClasses[e.shareClass],
            shares,
            date: e.date,
            approvalReference: e.approvalReference,
            approvalDate: e.approvalDate,
          }),
        );
      }
      case 'redemption': {
        const shares = e.shares === 'all' ? (await this.holding(e.person, e.shareClass)).shares : e.shares;
        await api.redeem(coop, {
          memberId: this.member(e.person),
          shareClassId: this.shareClasses[e.shareClass],
          shares,
          date: e.date,
          approvalReference: e.approvalReference,
          approvalDate: e.approvalDate,
        });
        return;
      }
      case 'refund': {
        const due = new Money((await this.holding(e.person, e.shareClass)).refundDue);
        const half = due.dividedBy(2).toDecimalPlaces(2, Money.ROUND_DOWN);
        const amount = e.amount === 'half-due' && half.greaterThan(0) ? half : due;
        await api.refund(coop, { memberId: this.member(e.person), shareClassId: this.shareClasses[e.shareClass], amount: amount.toFixed(2), date: e.date, reference: e.reference });
        return;
      }
      case 'reversal': {
        const original = this.movementIds.get(e.of);
        if (!original) throw new Error(`demo scenario: nothing recorded under "${e.of}" to reverse`);
        await api.reverse(coop, original, { date: e.date, reason: e.reason });
        return;
      }
      case 'loss-statement':
        await api.createLossStatement(coop, { fiscalYearEnd: e.fiscalYearEnd, losses: e.losses, statutoryReserves: e.statutoryReserves, reference: e.reference });
        return;
    }
  }

  private member(person: number): string {
    const id = this.memberIds.get(person);
    if (!id) throw new Error(`demo scenario: person ${person} has not applied yet`);
    return id;
  }

  /** A member's holding in a class as the API shows it (GET …/members/:id/holdings). */
  private async holding(person: number, shareClass: ClassCode) {
    const holdings = await this.api.members.holdings(this.cooperativeId, this.member(person));
    const found = holdings.classes.find((c) => c.code === shareClass);
    if (!found) throw new Error(`demo scenario: ${displayName(this.scenario.people[person])} holds no class ${shareClass} shares`);
    return found;
  }

  /** Remembers a movement that a later correction reverses. */
  private async keep(tag: string | undefined, movement: Promise<{ id: string }>): Promise<void> {
    const { id } = await movement;
    if (tag) this.movementIds.set(tag, id);
  }
}

interface Tally {
  applications: number;
  admissions: number;
  exits: number;
  movements: number;
}

const newTally = (): Tally => ({ applications: 0, admissions: 0, exits: 0, movements: 0 });

function count(t: Tally, e: DemoEvent): void {
  if (e.type === 'application') t.applications++;
  else if (e.type === 'admission') t.admissions++;
  else if (e.type === 'exit') t.exits++;
  else if (e.type !== 'loss-statement') t.movements++;
}

async function yearLine(api: DemoApi, cooperativeId: string, year: string | undefined, t: Tally): Promise<string> {
  const capital = await api.capital.capital(cooperativeId);
  const cols = [
    `${t.admissions} admissions`.padEnd(15),
    `${t.exits} exits`.padEnd(9),
    `${t.movements} movements`.padEnd(14),
    `capital ${formatEuros(capital.subscribed)} (paid ${formatEuros(capital.paid)})`,
  ];
  return `  ${year}  ${cols.join(' ')}`;
}
