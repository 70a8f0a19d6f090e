import { addMonths, Money, type CalendarDate } from '@coop/core';
import { addDays, maxDate, monthlyDates, nthWeekday, randomDate, yearOf } from './calendar';
import { chronological, type ClassCode, type DemoEvent } from './demo-events';
import { shareClassOf, type CategoryKey } from './demo-setup';
import { IdentityFactory, PUBLIC_BODIES, type Contact } from './identities';
import { Random } from './random';

/**
 * The demo's history, 2019 to 2025, built before anything is written: every member's life (application, admission,
 * subscriptions and their payments, top-ups, exit, redemption, refunds), plus transfers, partial withdrawals, one year
 * of losses and a few corrections. Each step is planned so that the ledger's rules accept it; then the whole history
 * is sorted by date, since the journal only takes movements in chronological order.
 */

export const DEMO_SEED = 20190315;
export const HISTORY_END: CalendarDate = '2025-12-31';
const CONSTITUTION: CalendarDate = '2019-03-15';
/** Members who leave over the years (about one in ten). */
const EXITS = 32;
/** "Paid up on" for a balance still unpaid at the end of the history. */
const NEVER: CalendarDate = '9999-12-31';

export interface DemoPerson {
  ref: number;
  category: CategoryKey;
  founder: boolean;
  contact: Contact;
}

export interface DemoScenario {
  seed: number;
  people: DemoPerson[];
  events: DemoEvent[];
}

type Fraction = '0.25' | '0.5' | '1';
type Payer = 'payroll' | 'transfer' | 'cheque' | 'mandate';
type PaymentEvent = Extract<DemoEvent, { type: 'payment' }>;
type SubscriptionEvent = Extract<DemoEvent, { type: 'subscription' }>;

interface SubscriptionPlan {
  event: SubscriptionEvent;
  payments: PaymentEvent[];
  /** The last payment; NEVER when a balance is still unpaid at the end of the history. */
  paidUpOn: CalendarDate;
}

interface MemberPlan {
  person: DemoPerson;
  admittedOn: CalendarDate | null;
  exitOn: CalendarDate | null;
  subscriptions: SubscriptionPlan[];
  /** Shares in and out, by class, to know what a member may still give away on a date. */
  moves: Record<ClassCode, { date: CalendarDate; shares: number }[]>;
  /** Takes part in a transfer or a correction already: left out of the others. */
  busy: boolean;
}

const generalAssembly = (year: number) => nthWeekday(year, 6, 6, 2); // second Saturday of June
const NOMINAL: Record<ClassCode, Money> = { A: new Money(shareClassOf('A').nominalValue), B: new Money(shareClassOf('B').nominalValue) };

/** Equal parts to the cent; the last one takes the remainder, so that the parts add up exactly. */
function split(total: Money, parts: number): Money[] {
  const part = total.dividedBy(parts).toDecimalPlaces(2, Money.ROUND_DOWN);
  return Array.from({ length: parts }, (_, i) => (i < parts - 1 ? part : total.minus(part.times(parts - 1))));
}

export function buildScenario(seed = DEMO_SEED): DemoScenario {
  return new ScenarioBuilder(seed).build();
}

class ScenarioBuilder {
  private readonly rng: Random;
  private readonly identities: IdentityFactory;
  private readonly people: DemoPerson[] = [];
  private readonly plans: MemberPlan[] = [];
  private readonly events: DemoEvent[] = [];
  /** Board meetings: second Tuesday of each month, none in August. */
  private readonly meetings: CalendarDate[] = [];
  private readonly agreements = new Map<CalendarDate, number>();
  private tags = 0;

  constructor(private readonly seed: number) {
    this.rng = new Random(seed);
    this.identities = new IdentityFactory(this.rng);
    for (let year = 2019; year <= 2025; year++) {
      for (let month = 1; month <= 12; month++) {
        const date = nthWeekday(year, month, 2, 2);
        if (month !== 8 && date > CONSTITUTION) this.meetings.push(date);
      }
    }
  }

  build(): DemoScenario {
    this.members();
    this.lossStatements();
    this.exits();
    this.topUps();
    this.transfers();
    this.partialWithdrawals();
    this.corrections();
    return { seed: this.seed, people: this.people, events: numberSubscriptionForms(chronological(this.events)) };
  }

  // --- members, admissions and first subscriptions --------------------------------------------------------------

  private members(): void {
    const founders: [CategoryKey, number][] = [
      ['employees', 5],
      ['producers', 3],
      ['users', 8],
      ['supporters', 4],
    ];
    for (const [category, count] of founders) for (let i = 0; i < count; i++) this.member(category, true);
    const others: [CategoryKey, number][] = [
      ['employees', 17],
      ['producers', 11],
      ['users', 189],
      ['supporters', 54],
    ];
    const queue = others.flatMap(([category, count]) => Array.from({ length: count }, () => category));
    for (const category of this.rng.shuffle(queue)) this.member(category, false);
    for (const body of PUBLIC_BODIES) this.member('publicBodies', false, body);
    // Three applications wait for the board's first meeting of 2026.
    for (let i = 0; i < 3; i++) {
      const plan = this.newPlan('users', false, this.identities.person());
      this.events.push({ type: 'application', date: randomDate(this.rng, '2025-12-10', '2025-12-22'), person: plan.person.ref });
    }
  }

  private member(category: CategoryKey, founder: boolean, body?: (typeof PUBLIC_BODIES)[number]): void {
    const legal = category === 'publicBodies' || this.rng.chance({ employees: 0, producers: 0.3, users: 0.07, publicBodies: 1, supporters: 0.38 }[category]);
    const contact = body
      ? this.identities.publicBody(body)
      : !legal
        ? this.identities.person()
        : category === 'users'
          ? this.identities.association()
          : this.identities.company();
    const plan = this.newPlan(category, founder, contact);
    const ref = plan.person.ref;
    let appliedOn: CalendarDate;
    let decisionDate: CalendarDate;
    let decisionRef: string;
    if (founder) {
      appliedOn = randomDate(this.rng, '2019-01-15', '2019-03-01');
      decisionDate = CONSTITUTION;
      decisionRef = `AG constitutive du ${CONSTITUTION}`;
    } else {
      const year =
        body?.year ??
        this.rng.weighted([
          [2019, 10],
          [2020, 12],
          [2021, 16],
          [2022, 18],
          [2023, 16],
          [2024, 16],
          [2025, 12],
        ] as const);
      [appliedOn, decisionDate] = this.applicationIn(year);
      decisionRef = this.agreement(decisionDate, 'admission');
    }
    plan.admittedOn = decisionDate;
    this.events.push({ type: 'application', date: appliedOn, person: ref });
    this.events.push({ type: 'admission', date: decisionDate, person: ref, decisionRef, decisionDate });
    this.firstSubscriptions(plan, decisionDate, legal);
  }

  private newPlan(category: CategoryKey, founder: boolean, contact: Contact): MemberPlan {
    const person: DemoPerson = { ref: this.people.length, category, founder, contact };
    this.people.push(person);
    const plan: MemberPlan = { person, admittedOn: null, exitOn: null, subscriptions: [], moves: { A: [], B: [] }, busy: false };
    this.plans.push(plan);
    return plan;
  }

  /** An application in the year, and the board meeting that approves it (at least a week later). */
  private applicationIn(year: number): [CalendarDate, CalendarDate] {
    for (;;) {
      const appliedOn = randomDate(this.rng, year === 2019 ? '2019-03-16' : `${year}-01-01`, year === 2025 ? '2025-11-25' : `${year}-12-31`);
      const meeting = this.meetings.find((d) => d >= addDays(appliedOn, 7));
      if (meeting) return [appliedOn, meeting];
    }
  }

  /** "CA du 2021-04-13 — agrément n° 3": decisions are numbered per board meeting. */
  private agreement(meeting: CalendarDate, what: string): string {
    const n = (this.agreements.get(meeting) ?? 0) + 1;
    this.agreements.set(meeting, n);
    return `CA du ${meeting}, décision n° ${n} (${what})`;
  }

  private firstSubscriptions(plan: MemberPlan, date: CalendarDate, legal: boolean): void {
    const r = this.rng;
    const fraction = (entries: [Fraction, number][]) => r.weighted(entries);
    switch (plan.person.category) {
      case 'employees': // payroll deductions over a few months
        this.subscribe(
          plan,
          date,
          'A',
          plan.person.founder ? r.int(20, 40) : r.int(10, 30),
          fraction([
            ['0.25', 5],
            ['0.5', 3],
            ['1', 2],
          ]),
          r.int(4, 11),
          'payroll',
        );
        break;
      case 'producers':
        this.subscribe(
          plan,
          date,
          'A',
          legal ? r.int(10, 30) : r.int(4, 20),
          fraction([
            ['0.5', 2],
            ['1', 3],
          ]),
          r.int(1, 3),
          'transfer',
        );
        break;
      case 'users':
        if (legal)
          this.subscribe(
            plan,
            date,
            'A',
            r.int(2, 10),
            fraction([
              ['0.5', 3],
              ['1', 7],
            ]),
            1,
            'transfer',
          );
        else {
          const shares = r.weighted([
            [1, 50],
            [2, 28],
            [4, 14],
            [10, 6],
            [20, 2],
          ] as const);
          this.subscribe(
            plan,
            date,
            'A',
            shares,
            fraction([
              ['1', 78],
              ['0.25', 8],
              ['0.5', 14],
            ]),
            r.int(1, 3),
            r.pick(['transfer', 'cheque'] as const),
          );
        }
        break;
      case 'publicBodies': // half on the council's vote, the rest by an administrative payment order
        this.subscribe(plan, date, 'A', 1, '1', 0, 'mandate');
        this.subscribe(plan, date, 'B', r.int(20, 50), '0.5', 1, 'mandate');
        break;
      case 'supporters':
        this.subscribe(plan, date, 'A', 1, '1', 0, 'transfer');
        if (legal)
          this.subscribe(
            plan,
            date,
            'B',
            plan.person.founder ? r.int(20, 50) : r.int(5, 40),
            fraction([
              ['1', 6],
              ['0.5', 4],
            ]),
            r.int(1, 2),
            'transfer',
          );
        else if (plan.person.founder || r.chance(0.6)) {
          this.subscribe(
            plan,
            date,
            'B',
            r.int(1, 15),
            fraction([
              ['1', 7],
              ['0.25', 1],
              ['0.5', 2],
            ]),
            r.int(1, 3),
            r.pick(['transfer', 'cheque'] as const),
          );
        }
        break;
    }
  }

  /**
   * A subscription with its first payment (at least the statutory quarter) and the later payments of the balance.
   * Balances are paid within 12 months (the due date); a schedule that runs past the end of the history leaves the
   * rest unpaid, due within the statutory delay. With `before`, gives up (returns false) unless it is all paid before.
   */
  private subscribe(
    plan: MemberPlan,
    date: CalendarDate,
    shareClass: ClassCode,
    shares: number,
    fraction: Fraction,
    instalments: number,
    payer: Payer,
    before?: CalendarDate,
  ): boolean {
    const amount = NOMINAL[shareClass].times(shares);
    const first = fraction === '1' ? amount : amount.times(fraction).toDecimalPlaces(2, Money.ROUND_UP);
    const rest = amount.minus(first);
    const count = rest.isZero() ? 0 : Math.max(1, instalments);
    const dates = payer === 'payroll' ? monthlyDates(date, count) : this.spacedDates(date, count);
    const kept = dates.filter((d) => d <= HISTORY_END);
    const paidUpOn = kept.length < dates.length ? NEVER : (dates[dates.length - 1] ?? date);
    if (before && paidUpOn >= before) return false;
    const event: SubscriptionEvent = {
      type: 'subscription',
      date,
      person: plan.person.ref,
      shareClass,
      shares,
      paidAmount: first.toFixed(2),
      dueDate: rest.isZero() || paidUpOn === NEVER ? undefined : addMonths(date, 12),
    };
    const payments = split(rest, Math.max(1, count))
      .slice(0, kept.length)
      .map((part, i): PaymentEvent => ({
        type: 'payment',
        date: kept[i],
        person: plan.person.ref,
        shareClass,
        amount: part.toFixed(2),
        reference: this.paymentReference(payer, kept[i]),
      }));
    this.events.push(event, ...payments);
    plan.subscriptions.push({ event, payments, paidUpOn });
    plan.moves[shareClass].push({ date, shares });
    return true;
  }

  private spacedDates(from: CalendarDate, count: number): CalendarDate[] {
    const out: CalendarDate[] = [];
    let date = from;
    for (let i = 0; i < count; i++) out.push((date = addDays(date, this.rng.int(25, Math.floor(330 / count)))));
    return out;
  }

  private paymentReference(payer: Payer, date: CalendarDate): string {
    switch (payer) {
      case 'payroll':
        return `Retenue sur salaire ${date.slice(0, 7)}`;
      case 'transfer':
        return `Virement reçu le ${date}`;
      case 'cheque':
        return `Chèque n° ${this.rng.int(1_000_000, 9_999_999)}`;
      case 'mandate':
        return `Mandat administratif n° ${yearOf(date)}-${this.rng.int(100, 2999)}`;
    }
  }

  // --- losses -----------------------------------------------------------------------------------------------------

  /** 2020 closed with a loss (the lockdowns), carried forward; the 2021 surplus absorbed it. */
  private lossStatements(): void {
    const ag2021 = generalAssembly(2021);
    const ag2022 = generalAssembly(2022);
    this.events.push(
      {
        type: 'loss-statement',
        date: ag2021,
        fiscalYearEnd: '2020-12-31',
        losses: '3120.00',
        statutoryReserves: '1870.00',
        reference: `AGO du ${ag2021} : comptes 2020, perte reportée à nouveau`,
      },
      {
        type: 'loss-statement',
        date: ag2022,
        fiscalYearEnd: '2021-12-31',
        losses: '0.00',
        statutoryReserves: '1870.00',
        reference: `AGO du ${ag2022} : comptes 2021, perte antérieure apurée par l'excédent`,
      },
    );
  }

  // --- exits, redemptions, refunds --------------------------------------------------------------------------------

  private exits(): void {
    const admitted = this.plans.filter((p) => p.admittedOn && p.person.category !== 'publicBodies');
    // Three members who joined in 2019 resign at the end of 2020: their redemption bears the 2020 losses.
    const early = new Set(
      this.rng.shuffle(admitted.filter((p) => p.person.category === 'users' && !p.person.founder && p.admittedOn! < '2019-12-31')).slice(0, 3),
    );
    const pool = [...early, ...this.rng.shuffle(admitted.filter((p) => !p.person.founder || this.rng.chance(0.1)))];
    const limits = { DEATH: 2, EXCLUSION: 1, RADIATION: 3 }; // beyond these, a resignation
    let exits = 0;
    for (const plan of pool) {
      if (exits === EXITS) break;
      if (plan.exitOn) continue;
      const paidUpOn = plan.subscriptions.reduce((d, s) => maxDate(d, s.paidUpOn), plan.admittedOn!);
      if (paidUpOn === NEVER) continue;
      const earliest = maxDate(addDays(paidUpOn, 60), addDays(plan.admittedOn!, 365));
      if (earliest > HISTORY_END) continue;
      const legal = plan.person.contact.personType === 'LEGAL';
      let reason = legal
        ? this.rng.weighted([
            ['RADIATION', 4],
            ['RESIGNATION', 6],
          ] as const)
        : this.rng.weighted([
            ['RESIGNATION', 85],
            ['DEATH', plan.person.category === 'employees' ? 0 : 8],
            ['EXCLUSION', plan.person.category === 'users' ? 6 : 0],
          ] as const);
      if (early.has(plan)) reason = 'RESIGNATION';
      if (reason !== 'RESIGNATION' && limits[reason]-- <= 0) reason = 'RESIGNATION';
      const year = early.has(plan) ? 2020 : this.rng.int(yearOf(earliest), 2025);
      const exit = this.exitOn(plan, reason, year, earliest);
      if (!exit || exit.date < earliest) continue;
      plan.exitOn = exit.date;
      this.events.push({ type: 'exit', person: plan.person.ref, reason, ...exit });
      exits++;
    }
    let cessions = 0;
    for (const plan of this.plans.filter((p) => p.exitOn)) {
      const exit = this.events.find((e) => e.type === 'exit' && e.person === plan.person.ref) as Extract<DemoEvent, { type: 'exit' }>;
      const onlyA = !plan.moves.B.length;
      if (cessions < 3 && onlyA && exit.reason === 'RESIGNATION' && yearOf(exit.date) <= 2024 && this.rng.chance(0.3) && this.cession(plan)) cessions++;
      else this.redemption(plan, exit.reason);
    }
  }

  /** Resignations take effect at the end of the fiscal year; an exclusion is voted by an AGE, a radiation by the board. */
  private exitOn(
    plan: MemberPlan,
    reason: string,
    year: number,
    earliest: CalendarDate,
  ): { date: CalendarDate; decisionRef?: string; decisionDate?: CalendarDate } | null {
    const from = maxDate(earliest, `${year}-01-01`);
    switch (reason) {
      case 'RESIGNATION':
        return { date: `${year}-12-31` };
      case 'DEATH':
        return from <= `${year}-12-20` ? { date: randomDate(this.rng, from, `${year}-12-20`) } : null;
      case 'EXCLUSION': {
        const ag = generalAssembly(year);
        return ag >= from ? { date: ag, decisionRef: `AGE du ${ag}, résolution n° 7 (exclusion)`, decisionDate: ag } : null;
      }
      default: {
        const meeting = this.meetings.find((d) => d >= from && yearOf(d) === year);
        const why = plan.person.category === 'users' ? 'association dissoute' : 'société radiée du RCS';
        return meeting ? { date: meeting, decisionRef: this.agreement(meeting, `radiation : ${why}`), decisionDate: meeting } : null;
      }
    }
  }

  /** A leaving member transfers their shares to another member, with the board's approval, instead of a redemption. */
  private cession(plan: MemberPlan): boolean {
    const meeting = this.meetings.find((d) => d >= addDays(plan.exitOn!, 5));
    if (!meeting) return false;
    const to = this.rng.shuffle(this.plans).find((p) => p !== plan && p.person.category === plan.person.category && this.staysMember(p, meeting));
    if (!to) return false;
    const approval = this.agreement(meeting, 'agrément de cession');
    const shares = sharesOn(plan, 'A', HISTORY_END);
    this.events.push({
      type: 'transfer',
      date: meeting,
      from: plan.person.ref,
      to: to.person.ref,
      shareClass: 'A',
      shares: 'all',
      approvalReference: approval,
      approvalDate: meeting,
    });
    plan.moves.A.push({ date: meeting, shares: -shares });
    to.moves.A.push({ date: meeting, shares });
    return true;
  }

  /** The value is fixed at the close of the exit's fiscal year: redeemed after the AG that approves those accounts. */
  private redemption(plan: MemberPlan, reason: string): void {
    const ag = generalAssembly(yearOf(plan.exitOn!) + 1);
    if (ag > HISTORY_END) return; // still waiting for the 2026 AG
    const heirs = reason === 'DEATH' ? ' aux ayants droit' : '';
    for (const shareClass of ['A', 'B'] as const) {
      if (!plan.moves[shareClass].length) continue;
      const person = plan.person.ref;
      this.events.push({ type: 'redemption', date: ag, person, shareClass, shares: 'all' });
      if (this.rng.chance(0.3)) {
        // in two instalments; a balance due after the end of the history is still owed (refunds may take up to 5 years)
        const later = addDays(ag, this.rng.int(90, 400));
        this.events.push({
          type: 'refund',
          date: ag,
          person,
          shareClass,
          amount: 'half-due',
          reference: `Remboursement${heirs} des parts ${shareClass}, 1er versement`,
        });
        if (later <= HISTORY_END)
          this.events.push({
            type: 'refund',
            date: later,
            person,
            shareClass,
            amount: 'all-due',
            reference: `Remboursement${heirs} des parts ${shareClass}, solde`,
          });
      } else {
        this.events.push({
          type: 'refund',
          date: ag,
          person,
          shareClass,
          amount: 'all-due',
          reference: `Remboursement${heirs} des parts ${shareClass} (AGO du ${ag})`,
        });
      }
    }
  }

  // --- more shares ----------------------------------------------------------------------------------------------

  /** Each AG calls for more capital: some employees, supporters, producers and users subscribe again. */
  private topUps(): void {
    const r = this.rng;
    for (let year = 2020; year <= 2025; year++) {
      const ag = generalAssembly(year);
      for (const plan of this.plans) {
        if (!plan.admittedOn || plan.admittedOn >= ag || plan.person.category === 'publicBodies') continue;
        const date = addDays(ag, r.int(0, 30));
        if (plan.exitOn && date >= addDays(plan.exitOn, -90)) continue;
        const before = plan.exitOn ? addDays(plan.exitOn, -30) : undefined;
        const legal = plan.person.contact.personType === 'LEGAL';
        switch (plan.person.category) {
          case 'employees':
            if (r.chance(0.3))
              this.subscribe(
                plan,
                date,
                'A',
                r.int(2, 8),
                r.weighted([
                  ['0.25', 2],
                  ['0.5', 2],
                  ['1', 3],
                ] as const),
                r.int(2, 6),
                'payroll',
                before,
              );
            break;
          case 'producers':
            if (r.chance(0.1)) this.subscribe(plan, date, 'A', r.int(2, 10), '1', 0, 'transfer', before);
            break;
          case 'users':
            if (r.chance(0.03)) this.subscribe(plan, date, 'A', r.int(1, 4), '1', 0, 'transfer', before);
            break;
          case 'supporters':
            if (legal && r.chance(0.12))
              this.subscribe(
                plan,
                date,
                'B',
                r.int(5, 20),
                r.weighted([
                  ['1', 3],
                  ['0.5', 1],
                ] as const),
                1,
                'transfer',
                before,
              );
            break;
        }
      }
    }
  }

  // --- transfers and withdrawals between members who stay -------------------------------------------------------

  private transfers(): void {
    this.transfer({ from: 'employees', to: 'employees', shareClass: 'A', shares: [2, 5], years: [2021, 2023], founder: true });
    this.transfer({ from: 'employees', to: 'employees', shareClass: 'A', shares: [2, 4], years: [2022, 2025] });
    this.transfer({ from: 'supporters', to: 'supporters', shareClass: 'B', shares: [3, 8], years: [2021, 2025], mistake: true });
    this.transfer({ from: 'producers', to: 'users', shareClass: 'A', shares: [1, 3], years: [2020, 2025] });
    this.transfer({ from: 'supporters', to: 'supporters', shareClass: 'B', shares: [2, 5], years: [2023, 2025] });
  }

  /**
   * Only fully paid shares move, to an admitted member, after the board's approval; a member who stays keeps the
   * class minimum. With `mistake`, the transfer is first entered under the wrong member's name, then reversed.
   */
  private transfer(spec: {
    from: CategoryKey;
    to: CategoryKey;
    shareClass: ClassCode;
    shares: [number, number];
    years: [number, number];
    founder?: boolean;
    mistake?: boolean;
  }): void {
    const { shareClass } = spec;
    const meetings = this.rng.shuffle(this.meetings.filter((d) => yearOf(d) >= spec.years[0] && yearOf(d) <= spec.years[1]));
    const sources = this.rng.shuffle(this.plans.filter((p) => p.person.category === spec.from && (!spec.founder || p.person.founder) && !p.exitOn && !p.busy));
    for (const meeting of meetings) {
      const date = addDays(meeting, this.rng.int(0, 7));
      for (const from of sources) {
        const free = this.freeShares(from, shareClass, date) - shareClassOf(shareClass).minPerMember;
        if (!from.admittedOn || from.admittedOn >= meeting || free < spec.shares[0] || !this.fullyPaid(from, shareClass, date)) continue;
        const targets = this.rng.shuffle(this.plans.filter((p) => p !== from && !p.busy && p.person.category === spec.to && this.staysMember(p, date)));
        if (targets.length < (spec.mistake ? 2 : 1)) continue;
        const [to, wrong] = targets;
        const shares = Math.min(this.rng.int(...spec.shares), free);
        const approval = { approvalReference: this.agreement(meeting, 'agrément de cession'), approvalDate: meeting };
        const base = { type: 'transfer' as const, from: from.person.ref, shareClass, shares, ...approval };
        let entered = date;
        if (spec.mistake) {
          const tag = this.tag('transfer');
          entered = addDays(date, 3);
          this.events.push(
            { ...base, date, to: wrong.person.ref, tag },
            {
              type: 'reversal',
              date: addDays(date, 2),
              of: tag,
              reason: `Cession inscrite par erreur au nom de ${displayName(wrong.person)} : elle revient à ${displayName(to.person)}`,
            },
          );
        }
        this.events.push({ ...base, date: entered, to: to.person.ref });
        from.moves[shareClass].push({ date, shares: -shares });
        to.moves[shareClass].push({ date: entered, shares });
        from.busy = to.busy = true;
        if (wrong) wrong.busy = true;
        return;
      }
    }
    throw new Error(`demo scenario: no possible transfer for ${JSON.stringify(spec)}`);
  }

  /** Two legal supporters take back part of their B shares, with the board's approval (they stay members). */
  private partialWithdrawals(): void {
    let done = 0;
    const meetings = this.meetings.filter((d) => d >= '2023-01-01');
    for (const plan of this.rng.shuffle(this.plans)) {
      if (done === 2) return;
      if (plan.person.category !== 'supporters' || plan.person.contact.personType !== 'LEGAL' || plan.exitOn || plan.busy) continue;
      const meeting = this.rng.pick(meetings);
      const date = addDays(meeting, this.rng.int(0, 10));
      const free = this.freeShares(plan, 'B', date);
      if (!plan.admittedOn || plan.admittedOn >= meeting || free < 4 || !this.fullyPaid(plan, 'B', date)) continue;
      const shares = this.rng.int(1, Math.floor(free / 2));
      const person = plan.person.ref;
      this.events.push(
        { type: 'redemption', date, person, shareClass: 'B', shares, approvalReference: this.agreement(meeting, 'retrait partiel'), approvalDate: meeting },
        { type: 'refund', date, person, shareClass: 'B', amount: 'all-due', reference: 'Remboursement des parts B (retrait partiel)' },
      );
      plan.moves.B.push({ date, shares: -shares });
      plan.busy = true;
      done++;
    }
  }

  // --- corrections --------------------------------------------------------------------------------------------------

  /** Mistakes happen: a payroll deduction imported twice, a subscription form entered twice. Each is reversed. */
  private corrections(): void {
    const payroll = this.rng
      .shuffle(this.plans.filter((p) => p.person.category === 'employees' && !p.busy))
      .flatMap((p) => p.subscriptions.map((s) => ({ plan: p, s })))
      .find(({ s }) => s.payments.length >= 3 && s.event.date >= '2021-01-01' && s.paidUpOn !== NEVER);
    if (!payroll) throw new Error('demo scenario: no payroll schedule to duplicate');
    const first = payroll.s.payments[0];
    const payTag = this.tag('payment');
    this.events.push(
      { ...first, tag: payTag },
      { type: 'reversal', date: addDays(first.date, 3), of: payTag, reason: `Doublon : la ${first.reference.toLowerCase()} a été importée deux fois` },
    );
    payroll.plan.busy = true;

    const form = this.rng
      .shuffle(this.plans.filter((p) => p.person.category === 'users' && !p.busy && !p.exitOn && p.person.contact.personType === 'NATURAL'))
      .flatMap((p) => p.subscriptions.map((s) => ({ plan: p, s })))
      .find(({ s }) => s.event.date >= '2023-01-01' && s.paidUpOn === s.event.date); // paid in full at once
    if (!form) throw new Error('demo scenario: no subscription to duplicate');
    const original = form.s.event;
    original.tag = this.tag('subscription');
    const dupTag = this.tag('subscription');
    this.events.push(
      { ...original, tag: dupTag, duplicateOf: original.tag },
      {
        type: 'reversal',
        date: addDays(original.date, 1),
        of: dupTag,
        reason: 'Doublon : bulletin de souscription saisi deux fois (papier et formulaire en ligne)',
      },
    );
    form.plan.busy = true;
  }

  // --- what a member holds ------------------------------------------------------------------------------------------

  /** Admitted before the date and not leaving within a month of it. */
  private staysMember(plan: MemberPlan, date: CalendarDate): boolean {
    return !!plan.admittedOn && plan.admittedOn < date && (!plan.exitOn || plan.exitOn > addDays(date, 30));
  }

  /** What the member may give away on the date without going short on any later date. */
  private freeShares(plan: MemberPlan, shareClass: ClassCode, date: CalendarDate): number {
    const dates = [date, ...plan.moves[shareClass].map((m) => m.date).filter((d) => d > date)];
    return Math.min(...dates.map((d) => sharesOn(plan, shareClass, d)));
  }

  /** Every subscription of the class made by then is paid up before the date. */
  private fullyPaid(plan: MemberPlan, shareClass: ClassCode, date: CalendarDate): boolean {
    return plan.subscriptions.every((s) => s.event.shareClass !== shareClass || s.event.date > date || s.paidUpOn < date);
  }

  private tag(kind: string): string {
    return `${kind}-${++this.tags}`;
  }
}

function sharesOn(plan: MemberPlan, shareClass: ClassCode, date: CalendarDate): number {
  return plan.moves[shareClass].filter((m) => m.date <= date).reduce((n, m) => n + m.shares, 0);
}

export function displayName(person: DemoPerson): string {
  const c = person.contact;
  return c.personType === 'LEGAL' ? (c.companyName ?? '') : `${c.firstName} ${c.lastName}`;
}

/** Subscription forms are numbered per year in the order they were signed; a form entered twice keeps its number. */
function numberSubscriptionForms(events: DemoEvent[]): DemoEvent[] {
  const perYear = new Map<number, number>();
  const byTag = new Map<string, string>();
  for (const e of events) {
    if (e.type !== 'subscription') continue;
    if (e.duplicateOf) e.reference = byTag.get(e.duplicateOf);
    else {
      const year = yearOf(e.date);
      const n = (perYear.get(year) ?? 0) + 1;
      perYear.set(year, n);
      e.reference = `BS-${year}-${String(n).padStart(3, '0')}`;
    }
    if (e.tag) byTag.set(e.tag, e.reference as string);
  }
  return events;
}
