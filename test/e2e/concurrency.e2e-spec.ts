import { Client } from 'pg';
import { Money, systemContext } from '@coop/core';
import { CapitalService } from '@coop/ledger';
import { admitMember, createScic, subscribe, type ScicFixture } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/test-app';
import { expectUnpaidDueEqualsJournal } from '../support/unpaid-due';

/**
 * Races over real HTTP (plain fetch against the listening server, all requests in flight at once):
 * the journal lock must serialise every write so that the pure rules always see the state the previous write left,
 * the database must number the journal without a gap, and the projections must equal the journal.
 */

interface Answer {
  status: number;
  body: Record<string, any>;
}

interface JournalItem {
  id: string;
  number: number;
  kind: string;
  date: string;
  memberId: string;
  counterpartyMemberId: string | null;
  shareClassId: string;
  shares: number;
  effect: { shares: number; subscribed: string; paid: string; refundDue: string };
  totalsAfter: { subscribedCapital: string; paidCapital: string; highestCapital: string; publicBodyCapital: string; refundsDue: string };
}

interface Position {
  shares: number;
  subscribed: Money;
  paid: Money;
  refundDue: Money;
}

const m = (v: string | number) => new Money(v);
const fmt = (v: Money) => v.toFixed(4);

describe('concurrent writes through HTTP', () => {
  let t: TestApp;
  let url: string;

  let db: Client;

  beforeAll(async () => {
    t = await startTestApp();
    url = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    db = new Client({ connectionString: process.env.COOP_TEST_DATABASE_URL });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const res = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.operator.token}`, ...headers },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  }

  async function get<T = any>(path: string): Promise<T> {
    const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${t.operator.token}` } });
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  /** The whole journal, page after page. */
  async function journal(f: ScicFixture): Promise<JournalItem[]> {
    const items: JournalItem[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: JournalItem[]; nextCursor: string | null } = await get(
        `/api/cooperatives/${f.cooperativeId}/movements?limit=7${cursor ? `&cursor=${cursor}` : ''}`,
      );
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  /**
   * Replays the journal from its `effect` fields alone: holdings per member and class (a transfer applies the opposite
   * to its counterparty), capital (transfers leave it unchanged), highest capital. Checks every intermediate state.
   */
  function recompute(items: JournalItem[], publicBodies: Set<string> = new Set()) {
    const holdings = new Map<string, Position>();
    const at = (memberId: string, classId: string) => {
      const k = `${memberId}|${classId}`;
      let h = holdings.get(k);
      if (!h) holdings.set(k, (h = { shares: 0, subscribed: m(0), paid: m(0), refundDue: m(0) }));
      return h;
    };
    let subscribed = m(0);
    let paid = m(0);
    let highest = m(0);
    let publicCapital = m(0);
    let refundsDue = m(0);
    for (const it of items) {
      const e = { shares: it.effect.shares, subscribed: m(it.effect.subscribed), paid: m(it.effect.paid), refundDue: m(it.effect.refundDue) };
      const h = at(it.memberId, it.shareClassId);
      h.shares += e.shares;
      h.subscribed = h.subscribed.plus(e.subscribed);
      h.paid = h.paid.plus(e.paid);
      h.refundDue = h.refundDue.plus(e.refundDue);
      refundsDue = refundsDue.plus(e.refundDue);
      const touched = [h];
      if (it.counterpartyMemberId) {
        const c = at(it.counterpartyMemberId, it.shareClassId);
        c.shares -= e.shares;
        c.subscribed = c.subscribed.minus(e.subscribed);
        c.paid = c.paid.minus(e.paid);
        touched.push(c);
        if (publicBodies.has(it.memberId)) publicCapital = publicCapital.plus(e.subscribed);
        if (publicBodies.has(it.counterpartyMemberId)) publicCapital = publicCapital.minus(e.subscribed);
      } else {
        subscribed = subscribed.plus(e.subscribed);
        paid = paid.plus(e.paid);
        if (publicBodies.has(it.memberId)) publicCapital = publicCapital.plus(e.subscribed);
      }
      highest = Money.max(highest, subscribed);
      // every holding stays non-negative after every movement, and paid never exceeds subscribed
      for (const x of touched) {
        expect(x.shares).toBeGreaterThanOrEqual(0);
        expect(x.subscribed.isNegative()).toBe(false);
        expect(x.paid.isNegative()).toBe(false);
        expect(x.paid.lessThanOrEqualTo(x.subscribed)).toBe(true);
        expect(x.refundDue.isNegative()).toBe(false);
      }
      // the running totals the database stored with the movement are the journal's own sums
      expect({ n: it.number, ...it.totalsAfter }).toEqual({
        n: it.number,
        subscribedCapital: amountOf(subscribed),
        paidCapital: amountOf(paid),
        highestCapital: amountOf(highest),
        publicBodyCapital: amountOf(publicCapital),
        refundsDue: amountOf(refundsDue),
      });
    }
    return { holdings, subscribed, paid, highest, publicCapital, refundsDue };
  }

  /** The API's amount format: 2 decimals, up to 4 when needed. */
  function amountOf(v: Money): string {
    return v
      .toFixed(4)
      .replace(/(\.\d\d\d?)0+$/, '$1')
      .replace(/(\.\d\d)0$/, '$1');
  }

  /** GET .../members/:id/holdings for every member equals the journal's sums, class by class. */
  async function expectHoldingsEqualJournal(f: ScicFixture, memberIds: string[], recomputed: Map<string, Position>) {
    const base = `/api/cooperatives/${f.cooperativeId}`;
    for (const memberId of memberIds) {
      const view = await get(`${base}/members/${memberId}/holdings`);
      const fromApi = Object.fromEntries(
        (view.classes as { shareClassId: string; shares: number; subscribed: string; paid: string; refundDue: string }[]).map((c) => [
          c.shareClassId,
          { shares: c.shares, subscribed: fmt(m(c.subscribed)), paid: fmt(m(c.paid)), refundDue: fmt(m(c.refundDue)) },
        ]),
      );
      const fromJournal = Object.fromEntries(
        [...recomputed.entries()]
          .filter(([k]) => k.startsWith(`${memberId}|`))
          .map(([k, h]) => [k.split('|')[1], { shares: h.shares, subscribed: fmt(h.subscribed), paid: fmt(h.paid), refundDue: fmt(h.refundDue) }]),
      );
      expect({ memberId, holdings: fromApi }).toEqual({ memberId, holdings: fromJournal });
      for (const c of view.classes) {
        expect(c.shares).toBeGreaterThanOrEqual(0);
        expect(m(c.subscribed).isNegative()).toBe(false);
        expect(m(c.paid).isNegative()).toBe(false);
        expect(m(c.refundDue).isNegative()).toBe(false);
      }
    }
  }

  function expectGaplessFrom1(items: JournalItem[], expectedLength: number) {
    expect(items.map((i) => i.number)).toEqual(Array.from({ length: expectedLength }, (_, i) => i + 1));
    expect(new Set(items.map((i) => i.id)).size).toBe(expectedLength);
  }

  it('50 racing redemptions and transfers: exactly what the floor and the holdings allow, a gapless journal, projections equal to it', async () => {
    // floor 3500.00 (statutory; a quarter of the highest capital is only 1375.00); capital will be 5500.00
    const f = await createScic(t.http, { statutoryFloor: '3500.00' });
    const base = `/api/cooperatives/${f.cooperativeId}`;
    const giver = await admitMember(t.http, f, { category: f.categories.employee });
    await subscribe(t.http, f, giver, 10, '1000.00');
    const receivers: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await admitMember(t.http, f, { category: f.categories.beneficiary, college: f.colleges[1] });
      await subscribe(t.http, f, r, 1, '100.00');
      receivers.push(r);
    }
    const leavers: string[] = [];
    for (let i = 0; i < 20; i++) {
      const l = await admitMember(t.http, f, { category: f.categories.supporter, college: f.colleges[2] });
      await subscribe(t.http, f, l, 2, '200.00');
      leavers.push(l);
    }
    for (const l of leavers) {
      const exit = await post(`${base}/members/${l}/exit`, { reason: 'RESIGNATION', effectiveDate: '2024-06-30' });
      expect([exit.status, exit.body.status]).toEqual([201, 'EXITED']);
    }
    const before = await get(`${base}/capital`);
    expect(before).toMatchObject({ subscribed: '5500.00', paid: '5500.00', highestCapital: '5500.00', lastMovementNumber: 26 });
    expect(before.floor).toMatchObject({ amount: '3500.00', headroom: '2000.00' });

    // 20 leavers ask for 2 × 100.00 each: the 2000.00 of headroom allows exactly 10 of them.
    // 30 transfers of 3 shares out of the giver's 10 (minimum 1 kept): exactly 3 fit (10 → 7 → 4 → 1).
    type Req = { kind: 'redemption' | 'transfer'; path: string; body: Record<string, unknown> };
    const requests: Req[] = [];
    for (let i = 0; i < 30; i++) {
      requests.push({
        kind: 'transfer',
        path: `${base}/movements/transfers`,
        body: {
          fromMemberId: giver,
          toMemberId: receivers[i % 5],
          shareClassId: f.classA,
          shares: 3,
          date: '2024-07-01',
          approvalReference: `CA-T${i}`,
          approvalDate: '2024-06-15',
        },
      });
      if (i < 20)
        requests.push({
          kind: 'redemption',
          path: `${base}/movements/redemptions`,
          body: { memberId: leavers[i], shareClassId: f.classA, shares: 2, date: '2024-07-01' },
        });
    }
    expect(requests).toHaveLength(50);
    const answers = await Promise.all(requests.map((r) => post(r.path, r.body)));

    const outcome = (kind: Req['kind']) =>
      answers
        .filter((_, i) => requests[i].kind === kind)
        .reduce<Record<string, number>>((acc, a) => {
          const key = a.status === 201 ? '201' : `${a.status} ${a.body.code}`;
          acc[key] = (acc[key] ?? 0) + 1;
          return acc;
        }, {});
    expect({ redemptions: outcome('redemption'), transfers: outcome('transfer') }).toEqual({
      redemptions: { '201': 10, '409 CAPITAL_FLOOR_BREACH': 10 },
      transfers: { '201': 3, '422 INSUFFICIENT_SHARES': 27 },
    });
    for (const a of answers) expect(a.status).toBeLessThan(500);

    const items = await journal(f);
    expectGaplessFrom1(items, 26 + 13);
    // each accepted request is in the journal, once, exactly as it was answered
    const accepted = answers.filter((a) => a.status === 201).map((a) => a.body as unknown as JournalItem);
    expect(accepted.map((a) => a.number).sort((x, y) => x - y)).toEqual(Array.from({ length: 13 }, (_, i) => 27 + i));
    for (const a of accepted) expect(items[a.number - 1]).toEqual(a);

    // the floor held after every redemption
    for (const it of items.filter((i) => i.kind === 'REDEMPTION')) {
      const floor = Money.max(m('3500'), m(it.totalsAfter.highestCapital).dividedBy(4));
      expect(m(it.totalsAfter.subscribedCapital).greaterThanOrEqualTo(floor)).toBe(true);
    }

    const sums = recompute(items);
    const capital = await get(`${base}/capital`);
    expect(capital).toMatchObject({
      lastMovementNumber: 39,
      subscribed: amountOf(sums.subscribed),
      paid: amountOf(sums.paid),
      highestCapital: amountOf(sums.highest),
      refundsDue: amountOf(sums.refundsDue),
    });
    // and those sums are the figures the rules allow: 10 redemptions of 200.00, transfers move no capital
    expect(capital).toMatchObject({ subscribed: '3500.00', paid: '3500.00', highestCapital: '5500.00', refundsDue: '2000.00' });
    expect(capital.floor).toMatchObject({ amount: '3500.00', headroom: '0.00' });
    await expectHoldingsEqualJournal(f, [giver, ...receivers, ...leavers], sums.holdings);

    const giverHolding = await get(`${base}/members/${giver}/holdings`);
    expect(giverHolding.totals).toMatchObject({ shares: 1, subscribed: '100.00', paid: '100.00' });
    const receiverShares = await Promise.all(receivers.map(async (r) => (await get(`${base}/members/${r}/holdings`)).totals.shares as number));
    expect(receiverShares.reduce((a, b) => a + b, 0)).toBe(5 + 9);
    const redeemed = answers.filter((a, i) => requests[i].kind === 'redemption' && a.status === 201).map((a) => a.body.memberId as string);
    expect(new Set(redeemed).size).toBe(10);
    for (const l of leavers) {
      const h = await get(`${base}/members/${l}/holdings`);
      expect({ l, totals: h.totals }).toEqual({
        l,
        totals: redeemed.includes(l)
          ? { shares: 0, subscribed: '0.00', paid: '0.00', unpaid: '0.00', refundDue: '200.00' }
          : { shares: 2, subscribed: '200.00', paid: '200.00', unpaid: '0.00', refundDue: '0.00' },
      });
    }

    // a refused leaver is still refused: the floor did not move
    const late = await post(`${base}/movements/redemptions`, {
      memberId: leavers.find((l) => !redeemed.includes(l)),
      shareClassId: f.classA,
      shares: 2,
      date: '2024-07-02',
    });
    expect([late.status, late.body.code]).toEqual([409, 'CAPITAL_FLOOR_BREACH']);
  });

  it('racing subscriptions, payments, refunds and reversals each see the holding the previous one left', async () => {
    const f = await createScic(t.http);
    const base = `/api/cooperatives/${f.cooperativeId}`;
    const classC = await post(`${base}/share-classes`, { code: 'C', name: 'Parts C', nominalValue: '10.00', minPerMember: 0, maxPerMember: 5 });
    expect(classC.status).toBe(201);
    const classCId = classC.body.id as string;
    const collector = await admitMember(t.http, f, { category: f.categories.employee });
    const payer = await admitMember(t.http, f, { category: f.categories.beneficiary, college: f.colleges[1] });
    await subscribe(t.http, f, payer, 10, '250.00');
    const leaver = await admitMember(t.http, f, { category: f.categories.supporter, college: f.colleges[2] });
    await subscribe(t.http, f, leaver, 3, '300.00');
    const corrected = await admitMember(t.http, f, { category: f.categories.beneficiary, college: f.colleges[1] });
    const mistake = await subscribe(t.http, f, corrected, 1, '100.00');
    expect((await post(`${base}/members/${leaver}/exit`, { reason: 'RESIGNATION', effectiveDate: '2024-06-30' })).status).toBe(201);
    const redemption = await post(`${base}/movements/redemptions`, { memberId: leaver, shareClassId: f.classA, shares: 3, date: '2024-07-01' });
    expect([redemption.status, redemption.body.amount]).toEqual([201, '300.00']);
    expect(mistake.number).toBe(3);

    const date = '2024-07-02';
    type Group = 'subscription' | 'payment' | 'refund' | 'reversal';
    const requests: { group: Group; path: string; body: Record<string, unknown> }[] = [];
    for (let i = 0; i < 10; i++) {
      // at most 5 class C shares per member: 5 of these 10 fit
      requests.push({
        group: 'subscription',
        path: `${base}/movements/subscriptions`,
        body: { memberId: collector, shareClassId: classCId, shares: 1, paidAmount: '10.00', date },
      });
      // 750.00 unpaid: 7 of these 10 payments of 100.00 fit
      requests.push({ group: 'payment', path: `${base}/movements/payments`, body: { memberId: payer, shareClassId: f.classA, amount: '100.00', date } });
      // 300.00 due: 4 of these 10 refunds of 70.00 fit (20.00 stays due, so the leaver stays open)
      requests.push({ group: 'refund', path: `${base}/movements/refunds`, body: { memberId: leaver, shareClassId: f.classA, amount: '70.00', date } });
      // one movement is reversed once
      if (i < 5) requests.push({ group: 'reversal', path: `${base}/movements/${mistake.id}/reversal`, body: { date, reason: `recorded twice (${i})` } });
    }
    const answers = await Promise.all(requests.map((r) => post(r.path, r.body)));
    const tally = (group: Group) =>
      answers
        .filter((_, i) => requests[i].group === group)
        .reduce<Record<string, number>>((acc, a) => {
          const key = a.status === 201 ? '201' : `${a.status} ${a.body.code}`;
          acc[key] = (acc[key] ?? 0) + 1;
          return acc;
        }, {});
    expect({ subscription: tally('subscription'), payment: tally('payment'), refund: tally('refund'), reversal: tally('reversal') }).toEqual({
      subscription: { '201': 5, '422 ABOVE_MAXIMUM_HOLDING': 5 },
      payment: { '201': 7, '422 PAYMENT_EXCEEDS_UNPAID': 3 },
      refund: { '201': 4, '422 REFUND_EXCEEDS_DUE': 6 },
      reversal: { '201': 1, '409 MOVEMENT_ALREADY_REVERSED': 4 },
    });

    const items = await journal(f);
    expectGaplessFrom1(items, 4 + 5 + 7 + 4 + 1);
    const sums = recompute(items);
    await expectHoldingsEqualJournal(f, [collector, payer, leaver, corrected], sums.holdings);
    const holding = async (memberId: string) => (await get(`${base}/members/${memberId}/holdings`)).totals;
    expect(await holding(collector)).toMatchObject({ shares: 5, subscribed: '50.00', paid: '50.00' });
    expect(await holding(payer)).toMatchObject({ shares: 10, subscribed: '1000.00', paid: '950.00', unpaid: '50.00' });
    expect(await holding(leaver)).toMatchObject({ shares: 0, refundDue: '20.00' });
    expect(await holding(corrected)).toMatchObject({ shares: 0, subscribed: '0.00', paid: '0.00' });
    expect((await get(`${base}/members/${leaver}`)).status).toBe('EXITED');
    const capital = await get(`${base}/capital`);
    expect(capital).toMatchObject({ subscribed: amountOf(sums.subscribed), paid: amountOf(sums.paid), refundsDue: amountOf(sums.refundsDue) });
    expect(capital).toMatchObject({ subscribed: '1050.00', paid: '1000.00', refundsDue: '20.00', highestCapital: '1400.00' });
    // the projection of unpaid amounts by due date too: the payer's 50.00 is due with their subscription (2029-02-01)
    expect((await expectUnpaidDueEqualsJournal(db, f.cooperativeId)).dates).toEqual([{ due_date: '2029-02-01', unpaid: '50.0000' }]);
  });

  it('racing payments, subscriptions and reversals on balances due on several dates keep the overdue projection equal to the journal', async () => {
    const f = await createScic(t.http, { paymentDelayMonths: 24 });
    const base = `/api/cooperatives/${f.cooperativeId}`;
    const debtors: string[] = [];
    for (let i = 0; i < 3; i++) debtors.push(await admitMember(t.http, f, { category: f.categories.beneficiary, college: f.colleges[i] }));
    // three balances each: 300.00 due 2024-06-01, 150.00 due 2024-12-01, 75.00 due on the default date (2026-04-01)
    const balances = [
      { shares: 4, paidAmount: '100.00', date: '2024-03-01', dueDate: '2024-06-01' },
      { shares: 2, paidAmount: '50.00', date: '2024-03-01', dueDate: '2024-12-01' },
      { shares: 1, paidAmount: '25.00', date: '2024-04-01' },
    ];
    for (const b of balances) {
      for (const d of debtors) expect((await post(`${base}/movements/subscriptions`, { memberId: d, shareClassId: f.classA, ...b })).status).toBe(201);
    }
    const firstPayments = await Promise.all(
      debtors.map((d) => post(`${base}/movements/payments`, { memberId: d, shareClassId: f.classA, amount: '120.00', date: '2024-05-01' })),
    );
    expect(firstPayments.map((a) => a.status)).toEqual([201, 201, 201]);
    await expectUnpaidDueEqualsJournal(db, f.cooperativeId);

    // 405.00 unpaid each (525.00 once the first payment is reversed): 4 or 5 of 6 payments of 100.00 fit, whatever the order; more balances
    const date = '2024-05-02';
    const requests: Promise<Answer>[] = [];
    for (const d of debtors) {
      for (let i = 0; i < 6; i++) requests.push(post(`${base}/movements/payments`, { memberId: d, shareClassId: f.classA, amount: '100.00', date }));
      requests.push(
        post(`${base}/movements/subscriptions`, { memberId: d, shareClassId: f.classA, shares: 1, paidAmount: '30.00', date, dueDate: '2025-01-01' }),
      );
    }
    for (const p of firstPayments) requests.push(post(`${base}/movements/${p.body.id}/reversal`, { date, reason: 'rejet' }));
    const answers = await Promise.all(requests);
    for (const a of answers) expect([201, 422]).toContain(a.status);
    expect(answers.filter((a) => a.status === 422).every((a) => a.body.code === 'PAYMENT_EXCEEDS_UNPAID')).toBe(true);

    const projection = await expectUnpaidDueEqualsJournal(db, f.cooperativeId);
    const capital = await get(`${base}/capital?asOf=2999-12-31`);
    const unpaidInProjection = projection.dates.reduce((sum, d) => sum.plus(d.unpaid), m(0));
    expect(amountOf(unpaidInProjection)).toBe(capital.unpaid);
    expect(capital.overdue).toBe(capital.unpaid);
    for (const asOf of ['2024-05-02', '2024-06-02', '2024-12-02', '2025-01-02', '2026-04-02']) {
      const viaApi = (await get(`${base}/capital?asOf=${asOf}`)).overdue as string;
      const fromJournal = (await t.app.get(CapitalService).overdueFromJournal(systemContext(f.cooperativeId, 'test'), asOf)).toFixed(2);
      expect({ asOf, overdue: viaApi }).toEqual({ asOf, overdue: fromJournal });
    }
  });

  it('30 racing admissions get member numbers 1 to 30, each once; racing admissions of one candidate admit it once and burn no number', async () => {
    const f = await createScic(t.http);
    const base = `/api/cooperatives/${f.cooperativeId}`;
    const candidates = await Promise.all(
      Array.from({ length: 32 }, async (_, i) => {
        const r = await post(`${base}/members`, {
          personType: 'NATURAL',
          firstName: 'Dominique',
          lastName: `Candidat ${i}`,
          categoryId: f.categories.beneficiary,
          collegeId: f.colleges[i % 3],
          appliedOn: '2024-01-01',
        });
        expect(r.status).toBe(201);
        expect(r.body).toMatchObject({ status: 'CANDIDATE', memberNumber: null });
        return r.body.id as string;
      }),
    );
    const admit = (id: string, i: number) =>
      post(`${base}/members/${id}/admission`, { decisionRef: `CA-${i}`, decisionDate: '2024-01-10', effectiveDate: '2024-01-10' });

    const answers = await Promise.all(candidates.slice(0, 30).map(admit));
    expect(answers.map((a) => a.status)).toEqual(Array(30).fill(201));
    expect(answers.map((a) => a.body.status)).toEqual(Array(30).fill('ADMITTED'));
    const numbers = answers.map((a) => a.body.memberNumber as number);
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    // each answer is the member's own number, as stored
    for (const a of answers) expect((await get(`${base}/members/${a.body.id}`)).memberNumber).toBe(a.body.memberNumber);

    // 8 racing admissions of the same candidate: one wins, the others see it is no longer a candidate
    const same = await Promise.all(Array.from({ length: 8 }, (_, i) => admit(candidates[30], 100 + i)));
    expect(same.map((a) => (a.status === 201 ? 201 : `${a.status} ${a.body.code}`)).sort()).toEqual(
      [201, ...Array(7).fill('409 MEMBER_STATUS_INVALID')].sort(),
    );
    expect(same.find((a) => a.status === 201)?.body.memberNumber).toBe(31);
    const last = await admit(candidates[31], 200);
    expect([last.status, last.body.memberNumber]).toEqual([201, 32]);

    const list = await get(`${base}/members?limit=100`);
    expect(list.items.map((x: { memberNumber: number }) => x.memberNumber)).toEqual(Array.from({ length: 32 }, (_, i) => i + 1));
    expect(list.items.every((x: { status: string }) => x.status === 'ADMITTED')).toBe(true);
  });

  it('racing subscriptions by public bodies stop exactly at 50 % of the capital', async () => {
    const f = await createScic(t.http);
    const base = `/api/cooperatives/${f.cooperativeId}`;
    const private1 = await admitMember(t.http, f, { category: f.categories.beneficiary });
    await subscribe(t.http, f, private1, 10, '1000.00');
    const bodies: string[] = [];
    for (let i = 0; i < 4; i++) bodies.push(await admitMember(t.http, f, { category: f.categories.publicBody, personType: 'LEGAL', college: f.colleges[2] }));

    // 1000.00 of private capital: public bodies may hold 1000.00 at most, i.e. exactly 10 of these 20 shares of 100.00
    const sub = (memberId: string, shares: number, paidAmount: string) =>
      post(`${base}/movements/subscriptions`, { memberId, shareClassId: f.classA, shares, paidAmount, date: '2024-03-01' });
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => sub(bodies[i % 4], 1, '25.00')));
    const tally = answers.reduce<Record<string, number>>((acc, a) => {
      const key = a.status === 201 ? '201' : `${a.status} ${a.body.code}`;
      acc[key] = (acc[key] ?? 0) + 1;
      return acc;
    }, {});
    expect(tally).toEqual({ '201': 10, '409 PUBLIC_BODY_CAP_EXCEEDED': 10 });

    let items = await journal(f);
    expectGaplessFrom1(items, 11);
    let sums = recompute(items, new Set(bodies));
    let capital = await get(`${base}/capital`);
    expect(capital).toMatchObject({ subscribed: '2000.00', paid: '1250.00', publicBodies: { capital: '1000.00', share: '0.5', cap: '0.5' } });
    expect(capital).toMatchObject({
      subscribed: amountOf(sums.subscribed),
      paid: amountOf(sums.paid),
      publicBodies: { capital: amountOf(sums.publicCapital) },
    });

    // a second round mixing public and private subscriptions: whatever the order, no prefix of the journal breaks the cap
    const private2 = await admitMember(t.http, f, { category: f.categories.supporter, college: f.colleges[1] });
    const mixed = await Promise.all([
      ...Array.from({ length: 16 }, (_, i) => sub(bodies[i % 4], 1, '100.00')),
      ...Array.from({ length: 4 }, () => sub(private2, 1, '100.00')),
      sub(private1, 2, '200.00'),
    ]);
    const privateAnswers = mixed.slice(16);
    expect(privateAnswers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
    const publicAnswers = mixed.slice(0, 16);
    for (const a of publicAnswers) expect(a.status === 201 || `${a.status} ${a.body.code}` === '409 PUBLIC_BODY_CAP_EXCEEDED').toBe(true);
    const publicAccepted = publicAnswers.filter((a) => a.status === 201).length;
    // 600.00 more private capital allows at most 6 more public shares (fewer if they came first)
    expect(publicAccepted).toBeLessThanOrEqual(6);

    items = await journal(f);
    expectGaplessFrom1(items, 11 + 5 + publicAccepted);
    sums = recompute(items, new Set(bodies));
    for (const it of items) expect(m(it.totalsAfter.publicBodyCapital).times(2).lessThanOrEqualTo(m(it.totalsAfter.subscribedCapital))).toBe(true);
    capital = await get(`${base}/capital`);
    expect(capital).toMatchObject({
      subscribed: amountOf(sums.subscribed),
      paid: amountOf(sums.paid),
      highestCapital: amountOf(sums.highest),
      publicBodies: { capital: amountOf(sums.publicCapital) },
    });
    expect(capital.subscribed).toBe(amountOf(m(2600).plus(publicAccepted * 100)));
    await expectHoldingsEqualJournal(f, [private1, private2, ...bodies], sums.holdings);
    // the last public subscription that was refused is refused again, or would be accepted only within the cap
    const again = await sub(bodies[0], 1, '100.00');
    const publicAfter = m(capital.publicBodies.capital).plus(100);
    const capitalAfter = m(capital.subscribed).plus(100);
    expect(again.status).toBe(publicAfter.times(2).lessThanOrEqualTo(capitalAfter) ? 201 : 409);
  });
});
