import { addMonths, type CalendarDate } from '@coop/core';

/**
 * A realistic, valid history for one SCIC, made in memory: members admitted over the years, each subscribing class A
 * shares at admission (some partly paid, with a due date), then payments, more subscriptions (A and B), transfers of
 * paid-up B shares between members, a few partial withdrawals (redemptions) and the refunds that follow them.
 *
 * Every movement is valid against the rules at the moment it is dated (status, admission date, holdings, paid-up
 * shares, public-body cap, capital floor, chronological order), because the generator keeps the same state the rules
 * read. Movements come out in chronological order: their index + 1 is their number in the register.
 * Amounts are kept in cents (integers), so sums are exact.
 */

export const CATEGORY_KINDS = ['EMPLOYEE', 'BENEFICIARY', 'PUBLIC_BODY', 'SUPPORTER'] as const;
export const KINDS = ['SUBSCRIPTION', 'PAYMENT', 'TRANSFER', 'REDEMPTION', 'REFUND'] as const;
export type GeneratedKind = (typeof KINDS)[number];
const [SUBSCRIPTION, PAYMENT, TRANSFER, REDEMPTION, REFUND] = [0, 1, 2, 3, 4];
const [EMPLOYEE, BENEFICIARY, PUBLIC_BODY, SUPPORTER] = [0, 1, 2, 3];
/** Share classes: A (nominal 100.00, at least 1 per member), B (nominal 20.00, none required). */
export const CLASS_A = 0;
export const CLASS_B = 1;
const NOMINAL_CENTS = [10_000, 2_000];

export interface GeneratorOptions {
  members: number;
  movements: number;
  /** the first day of the history */
  start: CalendarDate;
  /** the last day of the history (the day before the benchmark's writes) */
  end: CalendarDate;
  seed: number;
  /** the statutes' settings the rules check */
  statutoryFloorCents: number;
  statutoryCapitalCents: number;
  paymentDelayMonths: number;
}

export interface GeneratedMembers {
  count: number;
  /** index i is member number i + 1 */
  category: Uint8Array;
  college: Uint8Array;
  personType: ('NATURAL' | 'LEGAL')[];
  firstName: (string | null)[];
  lastName: (string | null)[];
  companyName: (string | null)[];
  email: (string | null)[];
  phone: (string | null)[];
  street: string[];
  postalCode: string[];
  city: string[];
  appliedOn: CalendarDate[];
  admissionDate: CalendarDate[];
  admissionDay: Int32Array;
}

export interface GeneratedMovements {
  count: number;
  kind: Uint8Array;
  day: Int32Array;
  /** member numbers (1-based); 0 = no counterparty */
  member: Int32Array;
  counterparty: Int32Array;
  shareClass: Uint8Array;
  shares: Int32Array;
  amountCents: Float64Array;
  sharesDelta: Int32Array;
  subscribedDeltaCents: Float64Array;
  paidDeltaCents: Float64Array;
  refundDueDeltaCents: Float64Array;
  dueDate: (CalendarDate | null)[];
  referenceDay: Int32Array;
}

export interface GeneratedLedger {
  dayDate: (day: number) => CalendarDate;
  days: number;
  members: GeneratedMembers;
  movements: GeneratedMovements;
  byKind: Record<GeneratedKind, number>;
  partlyPaidSubscriptions: number;
}

/** mulberry32: a small, seeded PRNG, so that every run loads the same history. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST_NAMES = [
  'Camille',
  'Léa',
  'Manon',
  'Chloé',
  'Inès',
  'Jade',
  'Louise',
  'Emma',
  'Lucas',
  'Hugo',
  'Louis',
  'Gabriel',
  'Arthur',
  'Jules',
  'Théo',
  'Raphaël',
  'Nathan',
  'Zoé',
  'Élodie',
  'Benoît',
  'François',
  'Hélène',
  'Jérôme',
  'Anaïs',
];
const LAST_NAMES = [
  'Martin',
  'Bernard',
  'Thomas',
  'Petit',
  'Robert',
  'Richard',
  'Durand',
  'Dubois',
  'Moreau',
  'Laurent',
  'Simon',
  'Michel',
  'Lefèvre',
  'Leroy',
  'Roux',
  'David',
  'Bertrand',
  'Morel',
  'Fournier',
  'Girard',
  'Bonnet',
  'Dupont',
  'Lambert',
  'Fontaine',
  'Le Gall',
  'Mercier',
];
const CITIES: [string, string][] = [
  ['Lyon', '69003'],
  ['Nantes', '44000'],
  ['Rennes', '35000'],
  ['Lille', '59000'],
  ['Grenoble', '38000'],
  ['Besançon', '25000'],
  ['Poitiers', '86000'],
  ['Albi', '81000'],
  ['Quimper', '29000'],
  ['Annecy', '74000'],
  ['Valence', '26000'],
  ['Die', '26150'],
];
const STREETS = ['rue de la République', 'avenue Jean Jaurès', 'place du Marché', 'chemin des Vignes', 'rue Victor Hugo', 'boulevard Pasteur'];
const ascii = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();

export function generateLedger(o: GeneratorOptions): GeneratedLedger {
  if (o.movements < o.members) throw new Error('the history needs at least one movement (the first subscription) per member');
  const rand = prng(o.seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)];
  const startMs = Date.parse(`${o.start}T00:00:00Z`);
  const days = Math.round((Date.parse(`${o.end}T00:00:00Z`) - startMs) / 86_400_000) + 1;
  if (days < 30) throw new Error('the history needs at least 30 days');
  const dateCache = new Map<number, CalendarDate>();
  const dayDate = (day: number): CalendarDate => {
    let d = dateCache.get(day);
    if (!d) dateCache.set(day, (d = new Date(startMs + day * 86_400_000).toISOString().slice(0, 10)));
    return d;
  };

  // Members, in admission order: member number n is admitted on admissionDay[n - 1], over the first 90 % of the history,
  // more of them in later years (a growing cooperative).
  const N = o.members;
  const m: GeneratedMembers = {
    count: N,
    category: new Uint8Array(N),
    college: new Uint8Array(N),
    personType: [],
    firstName: [],
    lastName: [],
    companyName: [],
    email: [],
    phone: [],
    street: [],
    postalCode: [],
    city: [],
    appliedOn: [],
    admissionDate: [],
    admissionDay: new Int32Array(N),
  };
  for (let i = 0; i < N; i++) {
    const n = i + 1;
    const u = rand();
    // members 1-3 found the SCIC (an employee, a beneficiary, a supporter); public bodies join once capital is established
    let category = u < 0.05 ? EMPLOYEE : u < 0.06 ? PUBLIC_BODY : u < 0.2 ? SUPPORTER : BENEFICIARY;
    if (n <= 3) category = [EMPLOYEE, BENEFICIARY, SUPPORTER][i];
    if (category === PUBLIC_BODY && n <= Math.min(1000, N / 10)) category = SUPPORTER;
    m.category[i] = category;
    m.college[i] = category === EMPLOYEE ? 0 : category === BENEFICIARY ? 1 : 2;
    const [city, postalCode] = pick(CITIES);
    const legal = category === PUBLIC_BODY || (category === SUPPORTER && rand() < 0.3);
    const first = pick(FIRST_NAMES);
    const last = pick(LAST_NAMES);
    m.personType.push(legal ? 'LEGAL' : 'NATURAL');
    m.firstName.push(legal ? null : first);
    m.lastName.push(legal ? null : last);
    m.companyName.push(
      !legal
        ? null
        : category === PUBLIC_BODY
          ? `Commune de ${city} ${n}`
          : rand() < 0.5
            ? `${last}, ${pick(LAST_NAMES)} et associés ${n}`
            : `Association Les Amis de ${city} ${n}`,
    );
    m.email.push(legal ? (rand() < 0.7 ? `contact${n}@${ascii(city)}.example.org` : null) : `${ascii(first)}.${ascii(last)}${n}@example.org`);
    m.phone.push(rand() < 0.6 ? `+33 6 ${String(10_000_000 + ((n * 7919) % 89_999_999)).replace(/(\d\d)(?=\d)/g, '$1 ')}` : null);
    m.street.push(`${int(1, 120)} ${pick(STREETS)}`);
    m.postalCode.push(postalCode);
    m.city.push(city);
    const day = Math.floor((days * 0.9 - 1) * Math.pow(i / N, 0.8));
    m.admissionDay[i] = day;
    m.admissionDate.push(dayDate(day));
    m.appliedOn.push(dayDate(day - int(7, 45)));
  }

  // How many other movements each day: proportional to the number of members admitted by then.
  const admittedBy = new Int32Array(days);
  for (let d = 0, i = 0; d < days; d++) {
    while (i < N && m.admissionDay[i] <= d) i++;
    admittedBy[d] = i;
  }
  let weightTotal = 0;
  for (let d = 0; d < days; d++) weightTotal += admittedBy[d];
  const others = o.movements - N;
  const quota = new Int32Array(days);
  for (let d = 0, cumulative = 0, given = 0; d < days; d++) {
    cumulative += admittedBy[d];
    const upTo = Math.round((others * cumulative) / weightTotal);
    quota[d] = upTo - given;
    given = upTo;
  }

  const M = o.movements;
  const mv: GeneratedMovements = {
    count: 0,
    kind: new Uint8Array(M),
    day: new Int32Array(M),
    member: new Int32Array(M),
    counterparty: new Int32Array(M),
    shareClass: new Uint8Array(M),
    shares: new Int32Array(M),
    amountCents: new Float64Array(M),
    sharesDelta: new Int32Array(M),
    subscribedDeltaCents: new Float64Array(M),
    paidDeltaCents: new Float64Array(M),
    refundDueDeltaCents: new Float64Array(M),
    dueDate: new Array<CalendarDate | null>(M).fill(null),
    referenceDay: new Int32Array(M).fill(-1_000_000),
  };

  // The state the rules read: holdings per member (A and B; B is always fully paid), refunds due, the journal's totals.
  const aShares = new Int32Array(N + 1);
  const aSubscribed = new Float64Array(N + 1);
  const aPaid = new Float64Array(N + 1);
  const bShares = new Int32Array(N + 1);
  const refundDue = new Float64Array(N + 1);
  let capital = 0;
  let publicCapital = 0;
  let highest = 0;
  const isPublic = (n: number) => m.category[n - 1] === PUBLIC_BODY;
  const byKind: Record<GeneratedKind, number> = { SUBSCRIPTION: 0, PAYMENT: 0, TRANSFER: 0, REDEMPTION: 0, REFUND: 0 };
  let partlyPaidSubscriptions = 0;

  const push = (e: {
    kind: number;
    day: number;
    member: number;
    counterparty?: number;
    shareClass: number;
    shares?: number;
    amount: number;
    sharesDelta?: number;
    subscribedDelta?: number;
    paidDelta?: number;
    refundDueDelta?: number;
    dueDate?: CalendarDate | null;
    referenceDay?: number;
  }) => {
    const k = mv.count++;
    mv.kind[k] = e.kind;
    mv.day[k] = e.day;
    mv.member[k] = e.member;
    mv.counterparty[k] = e.counterparty ?? 0;
    mv.shareClass[k] = e.shareClass;
    mv.shares[k] = e.shares ?? 0;
    mv.amountCents[k] = e.amount;
    mv.sharesDelta[k] = e.sharesDelta ?? 0;
    mv.subscribedDeltaCents[k] = e.subscribedDelta ?? 0;
    mv.paidDeltaCents[k] = e.paidDelta ?? 0;
    mv.refundDueDeltaCents[k] = e.refundDueDelta ?? 0;
    mv.dueDate[k] = e.dueDate ?? null;
    if (e.referenceDay !== undefined) mv.referenceDay[k] = e.referenceDay;
    byKind[KINDS[e.kind]]++;
    // the journal's totals, as the trigger computes them
    if (!e.counterparty) {
      capital += e.subscribedDelta ?? 0;
      if (isPublic(e.member)) publicCapital += e.subscribedDelta ?? 0;
    } else {
      if (isPublic(e.member)) publicCapital += e.subscribedDelta ?? 0;
      if (isPublic(e.counterparty)) publicCapital -= e.subscribedDelta ?? 0;
    }
    highest = Math.max(highest, capital);
  };
  // SCIC: 2 × public-body capital ≤ capital
  const publicCapOk = (publicAfter: number, capitalAfter: number) => 2 * publicAfter <= capitalAfter;

  /** Class A: at least 1/4 paid at once, the balance due within the statutory delay. */
  const subscribeA = (day: number, n: number, shares: number, partly: boolean): boolean => {
    const amount = shares * NOMINAL_CENTS[CLASS_A];
    if (isPublic(n) && !publicCapOk(publicCapital + amount, capital + amount)) return false;
    const paid = partly ? Math.ceil((amount * int(25, 75)) / 100 / 100) * 100 : amount;
    const date = dayDate(day);
    const dueDate = paid < amount ? addMonths(date, Math.min(o.paymentDelayMonths, pick([6, 12, 12, 24, 36, 60]))) : null;
    if (dueDate) partlyPaidSubscriptions++;
    push({ kind: SUBSCRIPTION, day, member: n, shareClass: CLASS_A, shares, amount, sharesDelta: shares, subscribedDelta: amount, paidDelta: paid, dueDate });
    aShares[n] += shares;
    aSubscribed[n] += amount;
    aPaid[n] += paid;
    return true;
  };
  const subscribeB = (day: number, n: number): boolean => {
    const shares = int(1, 5);
    const amount = shares * NOMINAL_CENTS[CLASS_B];
    if (isPublic(n) && !publicCapOk(publicCapital + amount, capital + amount)) return false;
    push({ kind: SUBSCRIPTION, day, member: n, shareClass: CLASS_B, shares, amount, sharesDelta: shares, subscribedDelta: amount, paidDelta: amount });
    bShares[n] += shares;
    return true;
  };

  const otherMovement = (day: number, n: number, admitted: number): boolean => {
    const unpaid = aSubscribed[n] - aPaid[n];
    if (unpaid > 0 && rand() < 0.6) {
      const amount = rand() < 0.5 || unpaid <= 100 ? unpaid : Math.floor(unpaid / 200) * 100;
      push({ kind: PAYMENT, day, member: n, shareClass: CLASS_A, amount, paidDelta: amount });
      aPaid[n] += amount;
      return true;
    }
    if (refundDue[n] > 0 && rand() < 0.7) {
      const amount = refundDue[n];
      push({ kind: REFUND, day, member: n, shareClass: CLASS_B, amount, refundDueDelta: -amount });
      refundDue[n] = 0;
      return true;
    }
    const r = rand();
    if (r < 0.55) return subscribeB(day, n);
    if (r < 0.7) return subscribeA(day, n, int(1, 3), rand() < 0.2);
    if (r < 0.98) {
      // a transfer of paid-up B shares to another admitted member, approved by the board beforehand
      if (bShares[n] === 0 || admitted < 2) return subscribeB(day, n);
      let to = int(1, admitted);
      if (to === n) to = n === admitted ? n - 1 : n + 1;
      const shares = int(1, Math.min(3, bShares[n]));
      const amount = shares * NOMINAL_CENTS[CLASS_B];
      if (isPublic(to) && !isPublic(n) && !publicCapOk(publicCapital + amount, capital)) return false;
      push({
        kind: TRANSFER,
        day,
        member: n,
        counterparty: to,
        shareClass: CLASS_B,
        shares,
        amount,
        sharesDelta: -shares,
        subscribedDelta: -amount,
        paidDelta: -amount,
        referenceDay: day - int(0, 20),
      });
      bShares[n] -= shares;
      bShares[to] += shares;
      return true;
    }
    // a partial withdrawal of B shares by a member who stays: refunded at nominal value (no losses recorded)
    if (bShares[n] === 0) return subscribeB(day, n);
    const shares = int(1, Math.min(2, bShares[n]));
    const amount = shares * NOMINAL_CENTS[CLASS_B];
    const floor = Math.max(o.statutoryFloorCents, highest / 4, o.statutoryCapitalCents / 10);
    if (capital - amount < floor) return false;
    if (!isPublic(n) && !publicCapOk(publicCapital, capital - amount)) return false;
    push({
      kind: REDEMPTION,
      day,
      member: n,
      shareClass: CLASS_B,
      shares,
      amount,
      sharesDelta: -shares,
      subscribedDelta: -amount,
      paidDelta: -amount,
      refundDueDelta: amount,
      referenceDay: day - int(0, 30),
    });
    bShares[n] -= shares;
    refundDue[n] += amount;
    return true;
  };

  for (let d = 0, next = 0; d < days; d++) {
    // admissions of the day, each with its first subscription (1 to 10 class A shares, a quarter of them partly paid)
    for (; next < N && m.admissionDay[next] === d; next++) {
      const shares = rand() < 0.6 ? 1 : rand() < 0.7 ? int(2, 3) : int(4, 10);
      if (!subscribeA(d, next + 1, shares, rand() < 0.25)) throw new Error(`generator: first subscription of member ${next + 1} refused`);
    }
    const admitted = admittedBy[d];
    for (let q = 0; q < quota[d]; q++) {
      let done = false;
      for (let attempt = 0; !done && attempt < 20; attempt++) done = otherMovement(d, int(1, admitted), admitted);
      if (!done) throw new Error(`generator: no valid movement found on day ${d}`);
    }
  }
  if (mv.count !== M) throw new Error(`generator: ${mv.count} movements instead of ${M}`);
  return { dayDate, days, members: m, movements: mv, byKind, partlyPaidSubscriptions };
}
