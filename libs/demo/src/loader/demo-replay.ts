import { Money } from '@coop/core';
import type { ClassCode, DemoEvent } from '../scenario/demo-events';
import { categoryOf, type CategoryKey, type CollegeKey } from '../scenario/demo-setup';
import { displayName, type DemoScenario } from '../scenario/scenario';
import { demoContext, type DemoApi } from './demo-api';
import type { ResumePoint } from './demo-record';

/** The statutes' set-up of the demo cooperative, complete: the ids of its categories, colleges and share classes. */
export interface DemoSetup {
  categories: Record<CategoryKey, string>;
  colleges: Record<CollegeKey, string>;
  shareClasses: Record<ClassCode, string>;
}

/**
 * Applies the scenario's steps through the API's calls. People are members once they applied, and some movements are
 * reversed later by their tag: a load taken up after an interruption starts with those already known (`from`).
 */
export class DemoReplay {
  private readonly memberIds: Map<number, string>;
  private readonly movementIds: Map<string, string>;

  constructor(
    private readonly api: DemoApi,
    private readonly cooperativeId: string,
    private readonly scenario: DemoScenario,
    private readonly setup: DemoSetup,
    from: ResumePoint = { memberIds: new Map(), movementIds: new Map() },
  ) {
    this.memberIds = new Map(from.memberIds);
    this.movementIds = new Map(from.movementIds);
  }

  private collegeOf(key: CategoryKey): string {
    return this.setup.colleges[categoryOf(key).college];
  }

  describe(e: DemoEvent): string {
    const who =
      'person' in e ? ` of ${displayName(this.scenario.people[e.person])}` : e.type === 'transfer' ? ` from ${displayName(this.scenario.people[e.from])}` : '';
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
          categoryId: this.setup.categories[person.category],
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
            shareClassId: this.setup.shareClasses[e.shareClass],
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
          api.pay(coop, {
            memberId: this.member(e.person),
            shareClassId: this.setup.shareClasses[e.shareClass],
            amount: e.amount,
            date: e.date,
            reference: e.reference,
          }),
        );
      case 'transfer': {
        const shares = e.shares === 'all' ? (await this.holding(e.from, e.shareClass)).shares : e.shares;
        return this.keep(
          e.tag,
          api.transfer(coop, {
            fromMemberId: this.member(e.from),
            toMemberId: this.member(e.to),
            shareClassId: this.setup.shareClasses[e.shareClass],
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
          shareClassId: this.setup.shareClasses[e.shareClass],
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
        await api.refund(coop, {
          memberId: this.member(e.person),
          shareClassId: this.setup.shareClasses[e.shareClass],
          amount: amount.toFixed(2),
          date: e.date,
          reference: e.reference,
        });
        return;
      }
      case 'reversal': {
        const original = this.movementIds.get(e.of);
        if (!original) throw new Error(`demo scenario: nothing recorded under "${e.of}" to reverse`);
        await api.reverse(coop, original, { date: e.date, reason: e.reason });
        return;
      }
      case 'loss-statement':
        await api.createLossStatement(coop, {
          fiscalYearEnd: e.fiscalYearEnd,
          losses: e.losses,
          statutoryReserves: e.statutoryReserves,
          reference: e.reference,
        });
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
    const holdings = await this.api.members.holdings(demoContext(this.cooperativeId), this.member(person));
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
