/**
 * A model-based check of the journal: random sequences of commands go through the pure plan* rules against the
 * current state; refused commands (DomainError) change nothing, accepted effects are applied with applyToHolding and
 * applyToTotals. After every step the register's invariants must hold, and replaying the journal from an empty state
 * must give the same state as the incremental one.
 */
import { addMonths, DomainError, isWholeCents, Money, ZERO, type CalendarDate } from '@coop/core';
import fc from 'fast-check';
import { capitalFloor, publicBodyShareWithinCap } from './capital.rules';
import { defaultSettings } from './cooperative-settings.rules';
import {
  isScic,
  MOVEMENT_KINDS,
  type CooperativeSettings,
  type Holding,
  type LedgerTotals,
  type LegalKind,
  type MemberSnapshot,
  type MovementEffect,
  type MovementKind,
  type ShareClassSnapshot,
} from './ledger.types';
import { EMPTY_HOLDING, fullyPaidShares } from './money-helpers';
import {
  applyToHolding,
  applyToTotals,
  isValidHolding,
  planPayment,
  planRedemption,
  planRefund,
  planReversal,
  planSubscription,
  planTransfer,
} from './movement.rules';

// ---------------------------------------------------------------- the cooperative

const m = (v: string | number) => new Money(v);
const START: CalendarDate = '2025-01-01';

const MEMBERS: MemberSnapshot[] = [
  {
    id: 'ann',
    status: 'ADMITTED',
    personType: 'NATURAL',
    categoryId: 'users',
    categoryKind: 'BENEFICIARY',
    admissionEffectiveDate: START,
    exitEffectiveDate: null,
  },
  {
    id: 'ben',
    status: 'ADMITTED',
    personType: 'NATURAL',
    categoryId: 'staff',
    categoryKind: 'EMPLOYEE',
    admissionEffectiveDate: START,
    exitEffectiveDate: null,
  },
  {
    id: 'coop',
    status: 'ADMITTED',
    personType: 'LEGAL',
    categoryId: 'supporters',
    categoryKind: 'SUPPORTER',
    admissionEffectiveDate: START,
    exitEffectiveDate: null,
  },
  {
    id: 'town',
    status: 'ADMITTED',
    personType: 'LEGAL',
    categoryId: 'public',
    categoryKind: 'PUBLIC_BODY',
    admissionEffectiveDate: START,
    exitEffectiveDate: null,
  },
  {
    id: 'region',
    status: 'ADMITTED',
    personType: 'LEGAL',
    categoryId: 'public',
    categoryKind: 'PUBLIC_BODY',
    admissionEffectiveDate: '2025-01-10',
    exitEffectiveDate: null,
  },
  {
    id: 'eve',
    status: 'ADMITTED',
    personType: 'NATURAL',
    categoryId: 'users',
    categoryKind: 'BENEFICIARY',
    admissionEffectiveDate: '2025-01-20',
    exitEffectiveDate: null,
  },
  {
    id: 'dan',
    status: 'CANDIDATE',
    personType: 'NATURAL',
    categoryId: 'staff',
    categoryKind: 'EMPLOYEE',
    admissionEffectiveDate: null,
    exitEffectiveDate: null,
  },
];
const PUBLIC_IDS = new Set(MEMBERS.filter((x) => x.categoryKind === 'PUBLIC_BODY').map((x) => x.id));
const isPublicBody = (id: string) => PUBLIC_IDS.has(id);

const CLASSES: ShareClassSnapshot[] = [
  // A: everyone, 1 to 10 shares of 100 EUR
  { id: 'A', code: 'A', nominalValue: m('100'), minPerMember: 1, maxPerMember: 10, holderTypes: ['NATURAL', 'LEGAL'], eligibleCategoryIds: [] },
  // B: investors (legal persons of the supporters and public categories), no limits, a nominal with 4 decimals
  { id: 'B', code: 'B', nominalValue: m('7.3333'), minPerMember: 0, maxPerMember: null, holderTypes: ['LEGAL'], eligibleCategoryIds: ['supporters', 'public'] },
];

// ---------------------------------------------------------------- commands

/** `target`: aim at an existing holding that the command can act on (picked with `pick`), else use the raw indices. */
type Step = { step: number; target: boolean; pick: number };
type Cmd =
  | ({
      t: 'subscribe';
      member: number;
      cls: number;
      shares: number;
      paid: 'min' | 'full' | 'random' | 'tooLow' | 'over' | 'subCent';
      draw: number;
      due: 'default' | 'ok' | 'late' | 'early';
    } & Step)
  | ({ t: 'pay'; member: number; cls: number; amount: 'all' | 'half' | 'over' | 'random' | 'subCent'; draw: number } & Step)
  | ({ t: 'transfer'; from: number; to: number; cls: number; shares: number; lateApproval: boolean } & Step)
  | ({ t: 'redeem'; member: number; cls: number; shares: number; loss: number; approval: 'none' | 'ok' | 'late' } & Step)
  | ({ t: 'refund'; member: number; cls: number; amount: 'all' | 'part' | 'over' | 'subCent' } & Step)
  | ({ t: 'reverse' } & Step)
  | ({ t: 'exit'; member: number } & Step)
  | ({ t: 'admit'; member: number } & Step);

const LOSS_RATES = [ZERO, m('0.1'), m(1).dividedBy(3), m(1)];

const memberIdx = fc.nat({ max: MEMBERS.length - 1 });
const clsIdx = fc.nat({ max: CLASSES.length - 1 });
/** Days after the last movement; a few negative steps test the chronological order. */
const step = fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 0, max: 20 }) }, { weight: 1, arbitrary: fc.integer({ min: -5, max: -1 }) });
const target = fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) });
const pick = fc.nat();

const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      t: fc.constant('subscribe' as const),
      member: memberIdx,
      cls: clsIdx,
      shares: fc.integer({ min: 1, max: 12 }),
      paid: fc.constantFrom('min' as const, 'full' as const, 'random' as const, 'tooLow' as const, 'over' as const, 'subCent' as const),
      draw: fc.nat(),
      due: fc.constantFrom('default' as const, 'ok' as const, 'late' as const, 'early' as const),
      step,
      target,
      pick,
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant('pay' as const),
      member: memberIdx,
      cls: clsIdx,
      amount: fc.constantFrom('all' as const, 'half' as const, 'over' as const, 'random' as const, 'subCent' as const),
      draw: fc.nat(),
      step,
      target,
      pick,
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant('transfer' as const),
      from: memberIdx,
      to: memberIdx,
      cls: clsIdx,
      shares: fc.integer({ min: 1, max: 8 }),
      lateApproval: fc.oneof({ weight: 6, arbitrary: fc.constant(false) }, fc.constant(true)),
      step,
      target,
      pick,
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      t: fc.constant('redeem' as const),
      member: memberIdx,
      cls: clsIdx,
      shares: fc.integer({ min: 1, max: 10 }),
      loss: fc.nat({ max: LOSS_RATES.length - 1 }),
      approval: fc.oneof({ weight: 4, arbitrary: fc.constant('ok' as const) }, fc.constant('none' as const), fc.constant('late' as const)),
      step,
      target,
      pick,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      t: fc.constant('refund' as const),
      member: memberIdx,
      cls: clsIdx,
      amount: fc.constantFrom('all' as const, 'part' as const, 'over' as const, 'subCent' as const),
      step,
      target,
      pick,
    }),
  },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('reverse' as const), step, target, pick }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('exit' as const), member: memberIdx, step, target, pick }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('admit' as const), member: memberIdx, step, target, pick }) },
);

const settingsArb: fc.Arbitrary<CooperativeSettings> = fc
  .record({
    kind: fc.constantFrom<LegalKind>('SCIC_SAS', 'SCIC_SA', 'SCOP'),
    statutoryCapital: fc.constantFrom('0', '1000', '5000'),
    statutoryFloor: fc.constantFrom('0', '200'),
    minPaidFraction: fc.constantFrom('0.25', '0.5'),
    paymentDelayMonths: fc.constantFrom(12, 60),
  })
  .map((r) => ({
    ...defaultSettings(r.kind),
    // the SA constitution minimum does not matter to the movement rules; keep the drawn value
    statutoryCapital: m(r.statutoryCapital),
    statutoryFloor: m(r.statutoryFloor),
    minPaidFraction: m(r.minPaidFraction),
    paymentDelayMonths: r.paymentDelayMonths,
  }));

// ---------------------------------------------------------------- state

interface JournalEntry {
  id: string;
  movementNumber: number;
  effect: MovementEffect;
}

interface State {
  members: Map<string, MemberSnapshot>;
  holdings: Map<string, Holding>;
  totals: LedgerTotals;
  journal: JournalEntry[];
  reversed: Set<string>;
}

const key = (memberId: string, classId: string) => `${memberId}|${classId}`;

const emptyTotals = (): LedgerTotals => ({
  subscribedCapital: ZERO,
  paidCapital: ZERO,
  highestCapital: ZERO,
  publicBodyCapital: ZERO,
  refundsDue: ZERO,
  lastMovementDate: null,
});

const initialState = (): State => ({
  members: new Map(MEMBERS.map((x) => [x.id, { ...x }])),
  holdings: new Map(),
  totals: emptyTotals(),
  journal: [],
  reversed: new Set(),
});

const holdingOf = (s: State, memberId: string, classId: string): Holding | null => s.holdings.get(key(memberId, classId)) ?? null;

function addDays(date: CalendarDate, days: number): CalendarDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const cents = (v: Money, rounding: typeof Money.ROUND_UP | typeof Money.ROUND_DOWN) => v.toDecimalPlaces(2, rounding);

/** A serialisation of everything the rules read: used to prove that planning never mutates its inputs. */
const fingerprint = (s: State) =>
  JSON.stringify({
    members: [...s.members.values()],
    holdings: [...s.holdings.entries()].sort(([a], [b]) => a.localeCompare(b)),
    totals: s.totals,
    journal: s.journal,
    reversed: [...s.reversed].sort(),
  });

// ---------------------------------------------------------------- applying effects (the code under test) and checking

function applyEffect(s: State, e: MovementEffect): void {
  s.holdings.set(key(e.memberId, e.shareClassId), applyToHolding(holdingOf(s, e.memberId, e.shareClassId) ?? EMPTY_HOLDING, e, 1));
  if (e.counterpartyMemberId !== null) {
    s.holdings.set(key(e.counterpartyMemberId, e.shareClassId), applyToHolding(holdingOf(s, e.counterpartyMemberId, e.shareClassId) ?? EMPTY_HOLDING, e, -1));
  }
  s.totals = applyToTotals(s.totals, e, isPublicBody);
}

/** Mirrors the service: an exited member with no shares and nothing due is closed; a reversal can reopen them. */
function updateClosure(s: State, e: MovementEffect): void {
  if (!['REDEMPTION', 'REFUND', 'TRANSFER', 'REVERSAL'].includes(e.kind)) return;
  for (const id of [e.memberId, e.counterpartyMemberId]) {
    if (!id) continue;
    const member = s.members.get(id)!;
    if (member.status !== 'EXITED' && member.status !== 'CLOSED') continue;
    const open = CLASSES.some((c) => {
      const h = holdingOf(s, id, c.id);
      return !!h && (h.shares > 0 || h.refundDue.greaterThan(0));
    });
    member.status = open ? 'EXITED' : 'CLOSED';
  }
}

const fmt = (v: Money) => v.toFixed(4);

function checkInvariants(s: Pick<State, 'holdings' | 'totals' | 'journal'>): void {
  let subscribed = ZERO;
  let paid = ZERO;
  let refundDue = ZERO;
  let publicCapital = ZERO;
  for (const [k, h] of s.holdings) {
    const [memberId, classId] = k.split('|');
    if (!isValidHolding(h)) throw new Error(`invalid holding ${k}: ${JSON.stringify(h)}`);
    const shareClass = CLASSES.find((c) => c.id === classId)!;
    // shares are counted, never fractional, and capital is always a whole number of nominal values
    expect(Number.isInteger(h.shares)).toBe(true);
    expect(fmt(h.subscribed)).toBe(fmt(shareClass.nominalValue.times(h.shares)));
    subscribed = subscribed.plus(h.subscribed);
    paid = paid.plus(h.paid);
    refundDue = refundDue.plus(h.refundDue);
    if (isPublicBody(memberId)) publicCapital = publicCapital.plus(h.subscribed);
  }
  expect(fmt(s.totals.subscribedCapital)).toBe(fmt(subscribed));
  expect(fmt(s.totals.paidCapital)).toBe(fmt(paid));
  expect(fmt(s.totals.refundsDue)).toBe(fmt(refundDue));
  expect(fmt(s.totals.publicBodyCapital)).toBe(fmt(publicCapital));
  expect(s.totals.highestCapital.greaterThanOrEqualTo(s.totals.subscribedCapital)).toBe(true);
  expect(s.totals.paidCapital.lessThanOrEqualTo(s.totals.subscribedCapital)).toBe(true);
  // the highest capital is the running maximum of capital over the journal
  let capital = ZERO;
  let highest = ZERO;
  for (const { effect } of s.journal) {
    if (effect.counterpartyMemberId === null) capital = capital.plus(effect.subscribedDelta);
    highest = Money.max(highest, capital);
  }
  expect(fmt(s.totals.highestCapital)).toBe(fmt(highest));
}

/** The journal replayed from an empty state with the same fold. */
function replay(journal: JournalEntry[]): Pick<State, 'holdings' | 'totals'> {
  const s = initialState();
  for (const { effect } of journal) applyEffect(s, effect);
  return { holdings: s.holdings, totals: s.totals };
}

/** Each holding as the plain sum of the journal's signed deltas, without applyToHolding. */
function holdingsBySum(journal: JournalEntry[]): Map<string, Holding> {
  const out = new Map<string, Holding>();
  const add = (k: string, shares: number, subscribed: Money, paid: Money, refundDue: Money) => {
    const h = out.get(k) ?? EMPTY_HOLDING;
    out.set(k, { shares: h.shares + shares, subscribed: h.subscribed.plus(subscribed), paid: h.paid.plus(paid), refundDue: h.refundDue.plus(refundDue) });
  };
  for (const { effect: e } of journal) {
    add(key(e.memberId, e.shareClassId), e.sharesDelta, e.subscribedDelta, e.paidDelta, e.refundDueDelta);
    if (e.counterpartyMemberId !== null)
      add(key(e.counterpartyMemberId, e.shareClassId), -e.sharesDelta, e.subscribedDelta.negated(), e.paidDelta.negated(), ZERO);
  }
  return out;
}

const holdingText = (h: Holding | undefined) => {
  const x = h ?? EMPTY_HOLDING;
  return `${x.shares}/${fmt(x.subscribed)}/${fmt(x.paid)}/${fmt(x.refundDue)}`;
};
const totalsText = (t: LedgerTotals) =>
  [t.subscribedCapital, t.paidCapital, t.highestCapital, t.publicBodyCapital, t.refundsDue].map(fmt).join(' ') + ` ${t.lastMovementDate}`;

function expectSameHoldings(a: Map<string, Holding>, b: Map<string, Holding>): void {
  for (const k of new Set([...a.keys(), ...b.keys()])) expect(`${k} ${holdingText(a.get(k))}`).toBe(`${k} ${holdingText(b.get(k))}`);
}

// ---------------------------------------------------------------- planning one command (the rules under test)

type Outcome = { kind: 'accepted'; effect: MovementEffect } | { kind: 'refused'; code: string } | { kind: 'lifecycle' } | { kind: 'skipped' };

/** The command's own member and class, or (when it targets) an existing holding that satisfies `usable`. */
function aim(s: State, cmd: Cmd & { member?: number; from?: number; cls: number }, usable: (h: Holding, c: ShareClassSnapshot) => boolean) {
  const raw = { memberId: MEMBERS[cmd.member ?? cmd.from ?? 0].id, shareClass: CLASSES[cmd.cls] };
  if (!cmd.target) return raw;
  const candidates = [...s.holdings.entries()]
    .map(([k, h]) => {
      const [memberId, classId] = k.split('|');
      return { memberId, shareClass: CLASSES.find((c) => c.id === classId)!, h };
    })
    .filter(({ h, shareClass }) => usable(h, shareClass));
  if (candidates.length === 0) return raw;
  return candidates[cmd.pick % candidates.length];
}

function plan(s: State, settings: CooperativeSettings, cmd: Cmd): Outcome {
  const ctx = { settings, totals: s.totals };
  const base = s.totals.lastMovementDate ?? START;
  const date = addDays(base, cmd.step);
  const memberAt = (i: number) => s.members.get(MEMBERS[i].id)!;
  try {
    switch (cmd.t) {
      case 'subscribe': {
        const shareClass = CLASSES[cmd.cls];
        const member = memberAt(cmd.member);
        const amount = shareClass.nominalValue.times(cmd.shares);
        const minimum = cents(amount.times(settings.minPaidFraction), Money.ROUND_UP);
        const paidAmount = {
          min: Money.min(minimum, amount),
          full: amount,
          random: minimum.plus(m(cmd.draw % 100_000).dividedBy(100)).toDecimalPlaces(2),
          tooLow: minimum.minus('0.01'),
          over: amount.plus('0.01'),
          subCent: minimum.plus('0.005'),
        }[cmd.paid];
        const dueDate = {
          default: undefined,
          ok: addMonths(date, Math.min(6, settings.paymentDelayMonths)),
          late: addDays(addMonths(date, settings.paymentDelayMonths), 1),
          early: addDays(date, -1),
        }[cmd.due];
        const holding = holdingOf(s, member.id, shareClass.id);
        const effect = planSubscription(ctx, { member, shareClass, holding, shares: cmd.shares, paidAmount, date, dueDate });
        // what the rules promise about an accepted subscription
        const after = (holding?.shares ?? 0) + cmd.shares;
        expect(after).toBeGreaterThanOrEqual(shareClass.minPerMember);
        if (shareClass.maxPerMember !== null) expect(after).toBeLessThanOrEqual(shareClass.maxPerMember);
        expect(effect.paidDelta.greaterThanOrEqualTo(amount.times(settings.minPaidFraction))).toBe(true);
        expect(effect.paidDelta.lessThanOrEqualTo(amount)).toBe(true);
        // cash in whole cents, unless it is the whole amount of a nominal value with more decimals
        expect(isWholeCents(effect.paidDelta) || effect.paidDelta.equals(amount)).toBe(true);
        if (effect.dueDate !== null) expect(effect.dueDate <= addMonths(date, settings.paymentDelayMonths)).toBe(true);
        return { kind: 'accepted', effect };
      }
      case 'pay': {
        const { memberId, shareClass } = aim(s, cmd, (h) => h.subscribed.greaterThan(h.paid));
        const member = s.members.get(memberId)!;
        const holding = holdingOf(s, member.id, shareClass.id);
        const unpaid = (holding ?? EMPTY_HOLDING).subscribed.minus((holding ?? EMPTY_HOLDING).paid);
        const amount = {
          all: unpaid,
          half: Money.max('0.01', cents(unpaid.dividedBy(2), Money.ROUND_DOWN)),
          over: unpaid.plus('0.01'),
          random: m(1 + (cmd.draw % 100_000)).dividedBy(100),
          subCent: m(1 + (cmd.draw % 100_000)).dividedBy(1000),
        }[cmd.amount];
        if (amount.isZero()) return { kind: 'skipped' }; // the API refuses a zero amount before the rules
        const effect = planPayment(ctx, { member, shareClass, holding, amount, date });
        expect(isWholeCents(effect.paidDelta) || effect.paidDelta.equals(unpaid)).toBe(true);
        return { kind: 'accepted', effect };
      }
      case 'transfer': {
        // an even pick aims at fully paid shares, an odd one at any shares held (some not paid up)
        const { memberId, shareClass } = aim(s, cmd, (h, c) => (cmd.pick % 2 === 0 ? fullyPaidShares(h, c.nominalValue) : h.shares) > 0);
        const from = s.members.get(memberId)!;
        const to = memberAt(cmd.to);
        const fromHolding = holdingOf(s, from.id, shareClass.id) ?? EMPTY_HOLDING;
        const paidUp = cmd.pick % 2 === 0 ? fullyPaidShares(fromHolding, shareClass.nominalValue) : fromHolding.shares;
        const effect = planTransfer(ctx, {
          from,
          to,
          shareClass,
          fromHolding,
          toHolding: holdingOf(s, to.id, shareClass.id),
          shares: cmd.target && paidUp > 0 ? 1 + ((cmd.shares - 1) % paidUp) : cmd.shares,
          date,
          approvalReference: `CA-${cmd.step}`,
          approvalDate: cmd.lateApproval ? addDays(date, 1) : addDays(date, -3),
        });
        expect(cmd.lateApproval).toBe(false);
        expect(to.status).toBe('ADMITTED');
        return { kind: 'accepted', effect };
      }
      case 'redeem': {
        const { memberId, shareClass } = aim(s, cmd, (h) => h.shares > 0);
        const member = s.members.get(memberId)!;
        const holding = holdingOf(s, member.id, shareClass.id);
        const lossRate = LOSS_RATES[cmd.loss];
        const held = holding?.shares ?? 0;
        const shares = cmd.target && held > 0 ? 1 + ((cmd.shares - 1) % held) : cmd.shares;
        const effect = planRedemption(ctx, {
          member,
          shareClass,
          holding,
          shares,
          date,
          lossRate,
          approvalReference: cmd.approval === 'none' ? null : 'AG-1',
          approvalDate: cmd.approval === 'late' ? addDays(date, 1) : cmd.approval === 'ok' ? date : null,
        });
        // the capital floor, against the highest capital reached before this redemption
        const capitalAfter = s.totals.subscribedCapital.plus(effect.subscribedDelta);
        expect(capitalAfter.greaterThanOrEqualTo(capitalFloor(settings, s.totals.highestCapital).floor)).toBe(true);
        // a member who stays needs an approval given before the entry
        if (member.status === 'ADMITTED') expect(cmd.approval).toBe('ok');
        // the refund is the paid capital removed, less the losses; never more than the nominal value
        expect(fmt(effect.refundDueDelta.plus(effect.lossDeduction))).toBe(fmt(effect.paidDelta.negated()));
        expect(effect.refundDueDelta.lessThanOrEqualTo(shareClass.nominalValue.times(shares))).toBe(true);
        expect(effect.lossDeduction.isNegative()).toBe(false);
        return { kind: 'accepted', effect };
      }
      case 'refund': {
        const { memberId, shareClass } = aim(s, cmd, (h) => h.refundDue.greaterThan(0));
        const member = s.members.get(memberId)!;
        const holding = holdingOf(s, member.id, shareClass.id);
        const due = (holding ?? EMPTY_HOLDING).refundDue;
        const amount = { all: due, part: Money.max('0.01', cents(due.dividedBy(2), Money.ROUND_DOWN)), over: due.plus('0.01'), subCent: m('0.005') }[
          cmd.amount
        ];
        if (amount.isZero()) return { kind: 'skipped' };
        const effect = planRefund(ctx, { member, shareClass, holding, amount, date });
        expect(isWholeCents(effect.amount) || effect.amount.equals(due)).toBe(true);
        return { kind: 'accepted', effect };
      }
      case 'reverse': {
        if (s.journal.length === 0) return { kind: 'skipped' };
        const entry = s.journal[cmd.pick % s.journal.length];
        const o = entry.effect;
        const effect = planReversal(ctx, {
          original: { ...o, id: entry.id, movementNumber: entry.movementNumber },
          alreadyReversed: s.reversed.has(entry.id),
          memberHolding: holdingOf(s, o.memberId, o.shareClassId),
          counterpartyHolding: o.counterpartyMemberId ? holdingOf(s, o.counterpartyMemberId, o.shareClassId) : null,
          date,
          reason: 'correction',
        });
        expect(effect.reversesMovementId).toBe(entry.id);
        return { kind: 'accepted', effect };
      }
      case 'exit': {
        const member = memberAt(cmd.member);
        if (member.status !== 'ADMITTED') return { kind: 'skipped' };
        member.status = 'EXITED';
        member.exitEffectiveDate = addDays(base, Math.abs(cmd.step));
        return { kind: 'lifecycle' };
      }
      case 'admit': {
        const member = memberAt(cmd.member);
        if (member.status !== 'CANDIDATE') return { kind: 'skipped' };
        member.status = 'ADMITTED';
        member.admissionEffectiveDate = addDays(base, Math.abs(cmd.step));
        return { kind: 'lifecycle' };
      }
    }
  } catch (e) {
    if (e instanceof DomainError) return { kind: 'refused', code: e.code };
    throw e;
  }
}

// ---------------------------------------------------------------- the property

const accepted = new Map<MovementKind, number>();
const refused = new Map<string, number>();
const bump = <K>(map: Map<K, number>, k: K) => map.set(k, (map.get(k) ?? 0) + 1);

function runJournal(settings: CooperativeSettings, cmds: Cmd[]): void {
  const s = initialState();
  let movementNumber = 0;
  for (const cmd of cmds) {
    const before = fingerprint(s);
    const totalsBefore = s.totals;
    const publicWithinCapBefore = publicBodyShareWithinCap(s.totals.publicBodyCapital, s.totals.subscribedCapital);
    const outcome = plan(s, settings, cmd);
    if (outcome.kind === 'lifecycle') continue;
    // planning is pure: refused or accepted, the state it read is untouched
    expect(fingerprint(s)).toBe(before);
    if (outcome.kind === 'skipped') continue;
    if (outcome.kind === 'refused') {
      bump(refused, outcome.code);
      continue;
    }
    const effect = outcome.effect;
    bump(accepted, effect.kind);
    if (totalsBefore.lastMovementDate) expect(effect.effectiveDate >= totalsBefore.lastMovementDate).toBe(true);
    movementNumber += 1;
    const entry: JournalEntry = { id: `mv-${movementNumber}`, movementNumber, effect };
    applyEffect(s, effect);
    s.journal.push(entry);
    if (effect.reversesMovementId) s.reversed.add(effect.reversesMovementId);
    updateClosure(s, effect);

    checkInvariants(s);
    // SCIC: a movement other than a correction never takes the public bodies above 50 % of capital
    if (isScic(settings.legalKind) && effect.kind !== 'REVERSAL' && publicWithinCapBefore) {
      expect(publicBodyShareWithinCap(s.totals.publicBodyCapital, s.totals.subscribedCapital)).toBe(true);
    }
    // replaying the journal from nothing gives the same state as the incremental one
    const replayed = replay(s.journal);
    expect(totalsText(replayed.totals)).toBe(totalsText(s.totals));
    expectSameHoldings(replayed.holdings, s.holdings);
    expectSameHoldings(holdingsBySum(s.journal), s.holdings);
  }
}

describe('ledger journal (property-based)', () => {
  it('keeps every invariant of the register after every accepted or refused command', () => {
    fc.assert(
      fc.property(settingsArb, fc.array(cmdArb, { minLength: 1, maxLength: 80, size: 'max' }), (settings, cmds) => {
        runJournal(settings, cmds);
      }),
      { numRuns: 400 },
    );
  });

  it('exercised every kind of movement and the main refusals (so that the property above is not vacuous)', () => {
    for (const kind of MOVEMENT_KINDS) expect([kind, accepted.get(kind) ?? 0]).not.toEqual([kind, 0]);
    for (const code of [
      'MEMBER_STATUS_INVALID',
      'DATE_BEFORE_ADMISSION',
      'DATE_OUT_OF_ORDER',
      'SHARE_CLASS_NOT_ELIGIBLE',
      'ABOVE_MAXIMUM_HOLDING',
      'BELOW_MINIMUM_HOLDING',
      'FIRST_PAYMENT_TOO_LOW',
      'PAYMENT_EXCEEDS_SUBSCRIPTION',
      'DUE_DATE_TOO_LATE',
      'PAYMENT_EXCEEDS_UNPAID',
      'INSUFFICIENT_SHARES',
      'SHARES_NOT_PAID_UP',
      'TRANSFEREE_NOT_MEMBER',
      'SAME_MEMBER_TRANSFER',
      'APPROVAL_REQUIRED',
      'CAPITAL_FLOOR_BREACH',
      'PUBLIC_BODY_CAP_EXCEEDED',
      'REFUND_EXCEEDS_DUE',
      'MOVEMENT_NOT_REVERSIBLE',
      'MOVEMENT_ALREADY_REVERSED',
      'REVERSAL_BREAKS_INVARIANT',
      'AMOUNT_BELOW_CENT',
    ]) {
      expect([code, refused.get(code) ?? 0]).not.toEqual([code, 0]);
    }
  });

  it('the invariant checks catch a corrupted state (the oracle can fail)', () => {
    const settings = defaultSettings('SCIC_SAS');
    const s = initialState();
    const effect = planSubscription(
      { settings, totals: s.totals },
      { member: s.members.get('ann')!, shareClass: CLASSES[0], holding: null, shares: 2, paidAmount: m(50), date: START },
    );
    applyEffect(s, effect);
    s.journal.push({ id: 'mv-1', movementNumber: 1, effect });
    expect(() => checkInvariants(s)).not.toThrow();
    // a totals update that forgets the paid capital
    const broken = { ...s, totals: { ...s.totals, paidCapital: ZERO } };
    expect(() => checkInvariants(broken)).toThrow();
    // a holding that lost track of its shares
    const lost = { ...s, holdings: new Map([[key('ann', 'A'), { ...s.holdings.get(key('ann', 'A'))!, shares: 1 }]]) };
    expect(() => checkInvariants(lost)).toThrow();
    // a replay that misses a movement
    expect(totalsText(replay([]).totals)).not.toBe(totalsText(s.totals));
  });
});
