/**
 * The totals are computed twice on purpose: by the pure rules (libs/ledger/src/rules: plan*, applyToHolding,
 * applyToTotals) and by the database (the journal's triggers: holdings, ledger_state, the running totals of each
 * movement, the unpaid amounts by due date). This property drives random journals through both, command by command —
 * a model that only uses the pure rules, and the real service on the real PostgreSQL — and asserts that they accept and
 * refuse the same commands and end with the same holdings, totals, running totals, highest capital, member statuses and
 * overdue amounts on every date. Deterministic: a fixed fast-check seed (test/support/jest-fast-check.ts) and a fixed
 * number of runs.
 */
import fc from 'fast-check';
import { Client } from 'pg';
import { addMonths, DomainError, Money, systemContext, ZERO, type CalendarDate } from '@coop/core';
import {
  CapitalService,
  CooperativesService,
  EMPTY_HOLDING,
  MembersService,
  MovementsService,
  planPayment,
  planRedemption,
  planRefund,
  planReversal,
  planSubscription,
  planTransfer,
  shareClassSnapshot,
  ShareClassesService,
  type LedgerTotals,
  type MemberSnapshot,
  type MovementEffect,
  type MovementView,
} from '@coop/ledger';
import { admitMember, createScic } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/test-app';
import { apply, closeIfDone, holdingOf, key, overdueOracle, target, type Entry, type Model } from '../support/ledger-model';
import { expectUnpaidDueEqualsJournal } from '../support/unpaid-due';

const RUNS = 30;
const ADMITTED_ON: CalendarDate = '2024-01-10';
const m = (v: string | number) => new Money(v);
const cents = (v: Money, rounding: typeof Money.ROUND_UP | typeof Money.ROUND_DOWN) => v.toDecimalPlaces(2, rounding);
const addDays = (date: CalendarDate, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const fmt = (v: Money) => v.toFixed(4);

// ---------------------------------------------------------------- commands

type Cmd =
  | { t: 'subscribe'; member: number; cls: number; shares: number; paid: 'min' | 'half' | 'full'; dueMonths: number; step: number; keyed: boolean }
  | { t: 'pay'; pick: number; part: 'all' | 'half' | 'cent'; step: number; keyed: boolean }
  | { t: 'transfer'; pick: number; to: number; shares: number; step: number; keyed: boolean }
  | { t: 'redeem'; pick: number; shares: number; step: number; keyed: boolean }
  | { t: 'refund'; pick: number; part: 'all' | 'half'; step: number; keyed: boolean }
  | { t: 'reverse'; pick: number; step: number; keyed: boolean }
  | { t: 'exit'; member: number; step: number };

const step = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 45 }) }, { weight: 1, arbitrary: fc.constant(0) });
const keyed = fc.boolean();
const pick = fc.nat();
const member = fc.nat({ max: 4 });
const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      t: fc.constant('subscribe' as const),
      member,
      cls: fc.nat({ max: 1 }),
      shares: fc.integer({ min: 1, max: 6 }),
      paid: fc.constantFrom('min' as const, 'half' as const, 'full' as const, 'full' as const),
      dueMonths: fc.constantFrom(0, 0, 3, 7, 12),
      step,
      keyed,
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({ t: fc.constant('pay' as const), pick, part: fc.constantFrom('all' as const, 'half' as const, 'cent' as const), step, keyed }),
  },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('transfer' as const), pick, to: member, shares: fc.integer({ min: 1, max: 4 }), step, keyed }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('redeem' as const), pick, shares: fc.integer({ min: 1, max: 4 }), step, keyed }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('refund' as const), pick, part: fc.constantFrom('all' as const, 'half' as const), step, keyed }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('reverse' as const), pick, step, keyed }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('exit' as const), member, step }) },
);

// ---------------------------------------------------------------- the property

describe('the pure rules and the database agree on every journal (differential, property-based)', () => {
  let t: TestApp;
  let db: Client;
  let movements: MovementsService;
  let members: MembersService;
  let capital: CapitalService;
  const seen = { accepted: new Map<string, number>(), refused: new Map<string, number>() };
  const bump = (map: Map<string, number>, k: string) => map.set(k, (map.get(k) ?? 0) + 1);

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: process.env.COOP_TEST_DATABASE_URL });
    await db.connect();
    movements = t.app.get(MovementsService);
    members = t.app.get(MembersService);
    capital = t.app.get(CapitalService);
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  async function newCooperative(): Promise<{ cooperativeId: string; model: Model }> {
    const f = await createScic(t.http, { paymentDelayMonths: 12 });
    const who = [
      { category: f.categories.employee, college: f.colleges[0], kind: 'EMPLOYEE', personType: 'NATURAL' },
      { category: f.categories.beneficiary, college: f.colleges[1], kind: 'BENEFICIARY', personType: 'NATURAL' },
      { category: f.categories.supporter, college: f.colleges[2], kind: 'SUPPORTER', personType: 'LEGAL' },
      { category: f.categories.publicBody, college: f.colleges[2], kind: 'PUBLIC_BODY', personType: 'LEGAL' },
      { category: f.categories.beneficiary, college: f.colleges[0], kind: 'BENEFICIARY', personType: 'NATURAL' },
    ] as const;
    const snapshots: MemberSnapshot[] = [];
    for (const w of who) {
      const id = await admitMember(t.http, f, { category: w.category, college: w.college, personType: w.personType, date: ADMITTED_ON });
      snapshots.push({
        id,
        status: 'ADMITTED',
        personType: w.personType,
        categoryId: w.category,
        categoryKind: w.kind,
        admissionEffectiveDate: ADMITTED_ON,
        exitEffectiveDate: null,
      });
    }
    const shareClasses = t.app.get(ShareClassesService);
    return {
      cooperativeId: f.cooperativeId,
      model: {
        settings: await t.app.get(CooperativesService).getSettings(f.cooperativeId),
        classes: [
          shareClassSnapshot(await shareClasses.getEntity(f.cooperativeId, f.classA)),
          shareClassSnapshot(await shareClasses.getEntity(f.cooperativeId, f.classB)),
        ],
        members: snapshots,
        holdings: new Map(),
        totals: { subscribedCapital: ZERO, paidCapital: ZERO, highestCapital: ZERO, publicBodyCapital: ZERO, refundsDue: ZERO, lastMovementDate: null },
        journal: [],
        reversed: new Set(),
        lastDate: ADMITTED_ON,
      },
    };
  }

  /** One command through the rules (the model) and through the service (the database); both outcomes must agree. */
  async function runCommand(coop: string, s: Model, cmd: Cmd, n: number): Promise<void> {
    const date = addDays(s.lastDate, cmd.step);
    s.lastDate = date;
    const ctx = { settings: s.settings, totals: s.totals };
    const as = systemContext(coop, 'test');
    const claim = 'keyed' in cmd && cmd.keyed ? { key: `differential-${coop}-${n}`, fingerprint: String(n) } : undefined;
    const memberAt = (id: string) => s.members.find((x) => x.id === id)!;
    let planned: () => MovementEffect;
    let recorded: () => Promise<MovementView>;
    switch (cmd.t) {
      case 'subscribe': {
        const x = s.members[cmd.member];
        const shareClass = s.classes[cmd.cls];
        const amount = shareClass.nominalValue.times(cmd.shares);
        const paid = {
          min: Money.min(amount, cents(amount.times(s.settings.minPaidFraction), Money.ROUND_UP)),
          half: cents(amount.dividedBy(2), Money.ROUND_UP),
          full: amount,
        }[cmd.paid];
        const dueDate = cmd.dueMonths ? addMonths(date, cmd.dueMonths) : undefined;
        planned = () =>
          planSubscription(ctx, { member: x, shareClass, holding: holdingOf(s, x.id, shareClass.id), shares: cmd.shares, paidAmount: paid, date, dueDate });
        recorded = () =>
          movements.subscribe(as, { memberId: x.id, shareClassId: shareClass.id, shares: cmd.shares, paidAmount: paid.toFixed(2), date, dueDate }, claim);
        break;
      }
      case 'pay': {
        const { memberId, shareClass } = target(s, cmd.pick, (h) => h.subscribed.greaterThan(h.paid));
        const h = holdingOf(s, memberId, shareClass.id) ?? EMPTY_HOLDING;
        const unpaid = h.subscribed.minus(h.paid);
        const amount = { all: Money.max('0.01', unpaid), half: Money.max('0.01', cents(unpaid.dividedBy(2), Money.ROUND_DOWN)), cent: m('0.01') }[cmd.part];
        planned = () => planPayment(ctx, { member: memberAt(memberId), shareClass, holding: holdingOf(s, memberId, shareClass.id), amount, date });
        recorded = () => movements.pay(as, { memberId, shareClassId: shareClass.id, amount: amount.toString(), date }, claim);
        break;
      }
      case 'transfer': {
        const { memberId, shareClass } = target(s, cmd.pick, (h) => h.shares > 0);
        const to = s.members[cmd.to];
        const held = holdingOf(s, memberId, shareClass.id)?.shares ?? 0;
        const shares = held > 0 ? 1 + ((cmd.shares - 1) % held) : cmd.shares;
        const approvalDate = addDays(date, -1);
        planned = () =>
          planTransfer(ctx, {
            from: memberAt(memberId),
            to,
            shareClass,
            fromHolding: holdingOf(s, memberId, shareClass.id),
            toHolding: holdingOf(s, to.id, shareClass.id),
            shares,
            date,
            approvalReference: 'CA-T',
            approvalDate,
          });
        recorded = () =>
          movements.transfer(
            as,
            { fromMemberId: memberId, toMemberId: to.id, shareClassId: shareClass.id, shares, date, approvalReference: 'CA-T', approvalDate },
            claim,
          );
        break;
      }
      case 'redeem': {
        // shares with a paid part, mostly: their redemption makes a refund due
        const { memberId, shareClass } = target(s, cmd.pick, (h) => h.shares > 0 && (cmd.pick % 4 === 0 || h.paid.greaterThan(0)));
        const held = holdingOf(s, memberId, shareClass.id)?.shares ?? 0;
        const shares = held > 0 ? 1 + ((cmd.shares - 1) % held) : cmd.shares;
        planned = () =>
          planRedemption(ctx, {
            member: memberAt(memberId),
            shareClass,
            holding: holdingOf(s, memberId, shareClass.id),
            shares,
            date,
            lossRate: ZERO, // no loss statement in these cooperatives
            approvalReference: 'AG-R',
            approvalDate: date,
          });
        recorded = () => movements.redeem(as, { memberId, shareClassId: shareClass.id, shares, date, approvalReference: 'AG-R', approvalDate: date }, claim);
        break;
      }
      case 'refund': {
        const { memberId, shareClass } = target(s, cmd.pick, (h) => h.refundDue.greaterThan(0));
        const due = holdingOf(s, memberId, shareClass.id)?.refundDue ?? ZERO;
        const amount = { all: Money.max('0.01', due), half: Money.max('0.01', cents(due.dividedBy(2), Money.ROUND_DOWN)) }[cmd.part];
        planned = () => planRefund(ctx, { member: memberAt(memberId), shareClass, holding: holdingOf(s, memberId, shareClass.id), amount, date });
        recorded = () => movements.refund(as, { memberId, shareClassId: shareClass.id, amount: amount.toString(), date }, claim);
        break;
      }
      case 'reverse': {
        if (!s.journal.length) return;
        const original = s.journal[cmd.pick % s.journal.length];
        const o = original.effect;
        planned = () =>
          planReversal(ctx, {
            original: { ...o, id: original.id, movementNumber: original.number },
            alreadyReversed: s.reversed.has(original.id),
            memberHolding: holdingOf(s, o.memberId, o.shareClassId),
            counterpartyHolding: o.counterpartyMemberId ? holdingOf(s, o.counterpartyMemberId, o.shareClassId) : null,
            date,
            reason: 'correction',
          });
        recorded = () => movements.reverse(as, original.id, { date, reason: 'correction' }, claim);
        break;
      }
      case 'exit': {
        const x = s.members[cmd.member];
        if (x.status !== 'ADMITTED') return;
        const view = await members.exit(as, x.id, { reason: 'RESIGNATION', effectiveDate: date });
        x.status = 'EXITED';
        x.exitEffectiveDate = date;
        closeIfDone(s, x.id);
        expect({ member: x.id, status: view.status }).toEqual({ member: x.id, status: x.status });
        return;
      }
    }

    let expected: MovementEffect | DomainError;
    try {
      expected = planned();
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      expected = e;
    }
    let actual: MovementView | DomainError;
    try {
      actual = await recorded();
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      actual = e;
    }
    if (expected instanceof DomainError || actual instanceof DomainError) {
      // the same refusal, or the same acceptance
      expect({ cmd, outcome: actual instanceof DomainError ? actual.code : 'ACCEPTED' }).toEqual({
        cmd,
        outcome: expected instanceof DomainError ? expected.code : 'ACCEPTED',
      });
      bump(seen.refused, (expected as DomainError).code);
      return;
    }
    const effect = expected;
    apply(s, effect);
    const entry: Entry = { id: actual.id, number: s.journal.length + 1, effect, totalsAfter: s.totals };
    s.journal.push(entry);
    if (effect.reversesMovementId) s.reversed.add(effect.reversesMovementId);
    if (['REDEMPTION', 'REFUND', 'TRANSFER', 'REVERSAL'].includes(effect.kind)) {
      for (const id of [effect.memberId, effect.counterpartyMemberId]) if (id) closeIfDone(s, id);
    }
    bump(seen.accepted, effect.kind);
    // the movement as the database recorded it: its number, its effect and the running totals its trigger computed
    expect({
      number: actual.number,
      kind: actual.kind,
      effect: [actual.effect.shares, fmt(m(actual.effect.subscribed)), fmt(m(actual.effect.paid)), fmt(m(actual.effect.refundDue))],
      totalsAfter: [
        actual.totalsAfter.subscribedCapital,
        actual.totalsAfter.paidCapital,
        actual.totalsAfter.highestCapital,
        actual.totalsAfter.publicBodyCapital,
        actual.totalsAfter.refundsDue,
      ].map((v) => fmt(m(v))),
    }).toEqual({
      number: entry.number,
      kind: effect.kind,
      effect: [effect.sharesDelta + 0, fmt(effect.subscribedDelta), fmt(effect.paidDelta), fmt(effect.refundDueDelta)],
      totalsAfter: [s.totals.subscribedCapital, s.totals.paidCapital, s.totals.highestCapital, s.totals.publicBodyCapital, s.totals.refundsDue].map(fmt),
    });
  }

  /** After a journal: everything the database derived from it equals what the rules derived. */
  async function expectSameLedger(coop: string, s: Model): Promise<void> {
    const rows = async (sql: string) => (await db.query(sql, [coop])).rows;
    const holdings = await rows('SELECT member_id, share_class_id, shares, subscribed, paid, refund_due FROM holding WHERE cooperative_id = $1');
    expect(
      Object.fromEntries(holdings.map((h) => [key(h.member_id, h.share_class_id), [h.shares, fmt(m(h.subscribed)), fmt(m(h.paid)), fmt(m(h.refund_due))]])),
    ).toEqual(Object.fromEntries([...s.holdings].map(([k, h]) => [k, [h.shares, fmt(h.subscribed), fmt(h.paid), fmt(h.refundDue)]])));
    const [state] = await rows('SELECT * FROM ledger_state WHERE cooperative_id = $1');
    const totals = (t: LedgerTotals) => [t.subscribedCapital, t.paidCapital, t.highestCapital, t.publicBodyCapital, t.refundsDue].map(fmt);
    expect([
      state.last_movement_number,
      ...[state.subscribed_capital, state.paid_capital, state.highest_capital, state.public_body_capital, state.refunds_due].map((v: string) => fmt(m(v))),
    ]).toEqual([s.journal.length, ...totals(s.totals)]);
    const journal = await rows(
      `SELECT id, movement_number, subscribed_capital_after, paid_capital_after, highest_capital_after, public_body_capital_after, refunds_due_after
       FROM movement WHERE cooperative_id = $1 ORDER BY movement_number`,
    );
    expect(
      journal.map((r) => [
        r.id,
        r.movement_number,
        ...[r.subscribed_capital_after, r.paid_capital_after, r.highest_capital_after, r.public_body_capital_after, r.refunds_due_after].map((v: string) =>
          fmt(m(v)),
        ),
      ]),
    ).toEqual(s.journal.map((e) => [e.id, e.number, ...totals(e.totalsAfter)]));
    const statuses = await rows('SELECT id, status FROM member WHERE cooperative_id = $1');
    expect(Object.fromEntries(statuses.map((r) => [r.id, r.status]))).toEqual(Object.fromEntries(s.members.map((x) => [x.id, x.status])));
    // the unpaid amounts by due date: the projection equals the journal, and the overdue amount of every date equals the rules' reading of it
    await expectUnpaidDueEqualsJournal(db, coop);
    const dates = new Set<CalendarDate>(['2999-12-31', s.lastDate]);
    for (const e of s.journal) {
      dates.add(e.effect.effectiveDate);
      if (e.effect.dueDate) [e.effect.dueDate, addDays(e.effect.dueDate, 1)].forEach((d) => dates.add(d));
    }
    for (const d of [...dates].sort()) {
      expect({ asOf: d, overdue: (await capital.overdueAsOf(systemContext(coop, 'test'), d)).toFixed(4) }).toEqual({
        asOf: d,
        overdue: overdueOracle(s.journal, d).toFixed(4),
      });
    }
  }

  it(`${RUNS} random journals: same refusals, holdings, totals, running totals, highest capital, statuses and overdue amounts`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(cmdArb, { minLength: 5, maxLength: 40 }), async (cmds) => {
        const { cooperativeId, model } = await newCooperative();
        for (const [i, cmd] of cmds.entries()) await runCommand(cooperativeId, model, cmd, i);
        await expectSameLedger(cooperativeId, model);
      }),
      { numRuns: RUNS },
    );
  });

  it('exercised every kind of movement and refusals (so that the property above is not vacuous)', () => {
    for (const kind of ['SUBSCRIPTION', 'PAYMENT', 'TRANSFER', 'REDEMPTION', 'REFUND', 'REVERSAL'])
      expect([kind, seen.accepted.has(kind)]).toEqual([kind, true]);
    for (const code of ['PAYMENT_EXCEEDS_UNPAID', 'INSUFFICIENT_SHARES', 'CAPITAL_FLOOR_BREACH', 'MEMBER_STATUS_INVALID', 'MOVEMENT_ALREADY_REVERSED']) {
      expect([code, seen.refused.has(code)]).toEqual([code, true]);
    }
  });
});
