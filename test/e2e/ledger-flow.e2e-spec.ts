import { admitMember, createScic, subscribe, type ScicFixture } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

describe("a member's life in the ledger, through HTTP", () => {
  let t: TestApp;
  let f: ScicFixture;
  let base: string;

  beforeAll(async () => {
    t = await startTestApp();
    f = await createScic(t.http);
    base = `/api/cooperatives/${f.cooperativeId}`;
  });
  afterAll(() => t.close());

  it('admits, subscribes, pays, transfers, redeems and refunds, keeping the journal numbered and the totals equal to it', async () => {
    const alice = await admitMember(t.http, f, { category: f.categories.employee });
    const bob = await admitMember(t.http, f, { category: f.categories.beneficiary, college: f.colleges[1] });

    const sub = await subscribe(t.http, f, alice, 10, '250.00', '2024-02-01');
    expect(sub.number).toBe(1);
    const subBody = (await t.http.get(`${base}/movements/${sub.id}`)).body;
    expect(subBody).toMatchObject({ kind: 'SUBSCRIPTION', shares: 10, amount: '1000.00', dueDate: '2029-02-01' });
    expect(subBody.totalsAfter).toMatchObject({ subscribedCapital: '1000.00', paidCapital: '250.00' });

    const pay = await t.http.post(`${base}/movements/payments`).send({ memberId: alice, shareClassId: f.classA, amount: '750.00', date: '2024-03-01' });
    expect(pay.status).toBe(201);
    expect(pay.body.number).toBe(2);

    await subscribe(t.http, f, bob, 2, '200.00', '2024-03-02');
    const transfer = await t.http.post(`${base}/movements/transfers`).send({
      fromMemberId: alice,
      toMemberId: bob,
      shareClassId: f.classA,
      shares: 3,
      date: '2024-04-01',
      approvalReference: 'CA-2024-04',
      approvalDate: '2024-03-28',
    });
    expect(transfer.status).toBe(201);
    expect(transfer.body).toMatchObject({ number: 4, kind: 'TRANSFER', amount: '300.00' });
    expect(transfer.body.totalsAfter.subscribedCapital).toBe('1200.00');

    const bobHoldings = (await t.http.get(`${base}/members/${bob}/holdings`)).body;
    expect(bobHoldings.totals).toMatchObject({ shares: 5, subscribed: '500.00', paid: '500.00', unpaid: '0.00' });

    const exit = await t.http.post(`${base}/members/${bob}/exit`).send({ reason: 'RESIGNATION', effectiveDate: '2024-06-30' });
    expect(exit.status).toBe(201);
    expect(exit.body.status).toBe('EXITED');

    const redemption = await t.http.post(`${base}/movements/redemptions`).send({ memberId: bob, shareClassId: f.classA, shares: 5, date: '2024-07-01' });
    expect(redemption.status).toBe(201);
    expect(redemption.body).toMatchObject({ kind: 'REDEMPTION', amount: '500.00', effect: { shares: -5, refundDue: '500.00' } });

    const refund = await t.http.post(`${base}/movements/refunds`).send({ memberId: bob, shareClassId: f.classA, amount: '500.00', date: '2024-08-01' });
    expect(refund.status).toBe(201);
    expect((await t.http.get(`${base}/members/${bob}`)).body).toMatchObject({ status: 'CLOSED', closedOn: '2024-08-01' });

    const capital = (await t.http.get(`${base}/capital`)).body;
    expect(capital).toMatchObject({ subscribed: '700.00', paid: '700.00', unpaid: '0.00', highestCapital: '1200.00', refundsDue: '0.00' });
    expect(capital.floor.amount).toBe('300.00');

    const past = (await t.http.get(`${base}/capital?asOf=2024-03-15`)).body;
    expect(past).toMatchObject({ subscribed: '1200.00', paid: '1200.00', lastMovementNumber: 3 });

    const list = (await t.http.get(`${base}/movements?limit=2`)).body;
    expect(list.items.map((m: { number: number }) => m.number)).toEqual([1, 2]);
    const next = (await t.http.get(`${base}/movements?limit=10&cursor=${list.nextCursor}`)).body;
    expect(next.items.map((m: { number: number }) => m.number)).toEqual([3, 4, 5, 6]);
    expect(next.nextCursor).toBeNull();
  });

  it('streams the register as CSV, as of a past date', async () => {
    const res = await t.http.get(`${base}/register?format=csv&asOf=2024-03-31`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toMatch(/^number,date,kind,memberNumber/);
    expect(lines).toHaveLength(1 + 3);
    const members = await t.http.get(`${base}/register/members?asOf=2024-03-31`);
    expect(members.status).toBe(200);
    expect(members.body.items).toHaveLength(2);
    expect(members.body.items[1]).toMatchObject({ shares: 2, subscribed: '200.00', status: 'ADMITTED' });
  });
});
