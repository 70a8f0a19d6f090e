import { admitMember, createScic, subscribe, type ScicFixture } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

describe('redemptions held back by the capital floor wait in a queue, in the order of exits', () => {
  let t: TestApp;
  let f: ScicFixture;
  let base: string;
  let alice: string;
  let bob: string;
  let aliceRequest: string;
  let bobRequest: string;

  const exit = (memberId: string, effectiveDate: string) =>
    t.http.post(`${base}/members/${memberId}/exit`).send({ reason: 'RESIGNATION', effectiveDate }).expect(201);
  const redeem = (memberId: string, body: Record<string, unknown> = {}) =>
    t.http.post(`${base}/movements/redemptions`).send({ memberId, shareClassId: f.classA, shares: 10, date: '2024-09-01', ...body });

  beforeAll(async () => {
    t = await startTestApp();
    f = await createScic(t.http, { statutoryFloor: '2500.00' });
    base = `/api/cooperatives/${f.cooperativeId}`;
    alice = await admitMember(t.http, f, { category: f.categories.employee });
    bob = await admitMember(t.http, f, { category: f.categories.beneficiary });
    const carol = await admitMember(t.http, f, { category: f.categories.supporter });
    for (const m of [alice, bob, carol]) await subscribe(t.http, f, m, 10, '1000.00', '2024-02-01');
    await exit(alice, '2024-06-30');
    await exit(bob, '2024-07-31');
  });
  afterAll(() => t.close());

  it('refuses a redemption under the floor, with the reason, unless asked to defer it', async () => {
    const refused = await redeem(alice);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'CAPITAL_FLOOR_BREACH', field: 'shares', details: { capitalAfter: '2000.00', floor: '2500.00' } });

    const deferred = await redeem(alice, { deferIfBelowFloor: true });
    expect(deferred.status).toBe(202);
    expect(deferred.body).toMatchObject({
      status: 'DEFERRED',
      request: { memberId: alice, shares: 10, status: 'PENDING', reason: { code: 'CAPITAL_FLOOR_BREACH' } },
    });
    aliceRequest = deferred.body.request.id;

    // Asking again finds the same request; asking for another number of shares is a conflict.
    expect((await redeem(alice, { deferIfBelowFloor: true })).body.request.id).toBe(aliceRequest);
    expect((await redeem(alice, { deferIfBelowFloor: true, shares: 6 })).body).toMatchObject({ code: 'CONFLICT' });

    bobRequest = (await redeem(bob, { deferIfBelowFloor: true, date: '2024-09-02' })).body.request.id;
    const queue = (await t.http.get(`${base}/redemption-requests?status=PENDING`)).body;
    expect(queue.map((r: { id: string }) => r.id)).toEqual([aliceRequest, bobRequest]);
    expect((await t.http.get(`${base}/capital`)).body.subscribed).toBe('3000.00');
  });

  it('executes waiting redemptions in the order of exits once capital allows, stopping at the first still held back', async () => {
    const stillBlocked = await t.http.post(`${base}/redemption-requests/processing`).send({ date: '2024-10-01' });
    expect(stillBlocked.status).toBe(200);
    expect(stillBlocked.body).toMatchObject({ executed: [], pending: 2, stoppedBy: { requestId: aliceRequest, code: 'CAPITAL_FLOOR_BREACH' } });

    const dave = await admitMember(t.http, f, { category: f.categories.supporter, date: '2024-10-02' });
    await subscribe(t.http, f, dave, 10, '1000.00', '2024-10-03');

    const run = await t.http.post(`${base}/redemption-requests/processing`).send({ date: '2024-11-01' });
    expect(run.body.executed).toHaveLength(1);
    expect(run.body.executed[0]).toMatchObject({ requestId: aliceRequest, movement: { kind: 'REDEMPTION', memberId: alice, amount: '1000.00' } });
    expect(run.body).toMatchObject({ pending: 1, stoppedBy: { requestId: bobRequest, code: 'CAPITAL_FLOOR_BREACH' } });
    expect((await t.http.get(`${base}/capital`)).body.subscribed).toBe('3000.00');

    const list = (await t.http.get(`${base}/redemption-requests`)).body;
    expect(list.find((r: { id: string }) => r.id === aliceRequest)).toMatchObject({ status: 'EXECUTED', movementId: run.body.executed[0].movement.id });

    // Running again executes nothing twice.
    const again = await t.http.post(`${base}/redemption-requests/processing`).send({ date: '2024-11-02' });
    expect(again.body.executed).toHaveLength(0);
    const redemptions = (await t.http.get(`${base}/movements?kind=REDEMPTION`)).body.items;
    expect(redemptions).toHaveLength(1);
  });

  it('cancels a waiting request once, and answers 404 for an unknown one', async () => {
    const cancelled = await t.http.post(`${base}/redemption-requests/${bobRequest}/cancellation`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('CANCELLED');
    expect((await t.http.post(`${base}/redemption-requests/${bobRequest}/cancellation`)).body).toMatchObject({ code: 'CONFLICT' });
    expect((await t.http.post(`${base}/redemption-requests/00000000-0000-4000-8000-000000000000/cancellation`)).status).toBe(404);
    expect((await t.http.post(`${base}/redemption-requests/processing`).send({ date: 'tomorrow' })).body).toMatchObject({
      code: 'INVALID_DATE',
      field: 'date',
    });
  });
});
