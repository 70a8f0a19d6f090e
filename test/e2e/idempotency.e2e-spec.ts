import { admitMember, createScic, subscribe, type ScicFixture } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The Idempotency-Key header on every write that creates a member or a movement: a replay (same key, same request)
 * answers what the first request answered and writes nothing; the same key with another request is refused; a key
 * belongs to one cooperative; a refused request leaves its key free.
 */

/** Ids that no cooperative or category has (fixed: a random one could, however unlikely, name a real row). */
const UNKNOWN_COOPERATIVE = '00000000-0000-4000-8000-00000000c00b';
const UNKNOWN_CATEGORY = '00000000-0000-4000-8000-0000000ca7e9';

interface Answer {
  status: number;
  body: Record<string, any>;
}

describe('Idempotency-Key on members and movements', () => {
  let t: TestApp;
  let url: string;
  let A: ScicFixture;
  let B: ScicFixture;
  let baseA: string;
  let baseB: string;
  let alice: string;
  let bob: string;
  /** The first answer to each key used in A, to check later replays against. */
  const firstAnswers = new Map<string, { path: string; body: Record<string, unknown>; answer: Record<string, unknown> }>();

  beforeAll(async () => {
    t = await startTestApp();
    url = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    A = await createScic(t.http);
    B = await createScic(t.http);
    baseA = `/api/cooperatives/${A.cooperativeId}`;
    baseB = `/api/cooperatives/${B.cooperativeId}`;
    alice = await admitMember(t.http, A, { category: A.categories.employee });
    bob = await admitMember(t.http, A, { category: A.categories.beneficiary, college: A.colleges[1] });
  });
  afterAll(() => t.close());

  async function send(path: string, body: unknown, key?: string): Promise<Answer> {
    const req = t.http.post(path).send(body as object);
    const res = key === undefined ? await req : await req.set('Idempotency-Key', key);
    return { status: res.status, body: res.body };
  }

  /** Plain fetch over the listening server, for requests that must be in flight together. */
  async function fetchPost(path: string, body: unknown, key: string): Promise<Answer> {
    const res = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key, authorization: `Bearer ${t.operator.token}` },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  }

  async function journal(base: string): Promise<{ id: string; number: number }[]> {
    const res = await t.http.get(`${base}/movements?limit=500`);
    expect(res.status).toBe(200);
    expect(res.body.nextCursor).toBeNull();
    return res.body.items;
  }
  const journalLength = async (base: string) => (await journal(base)).length;
  const memberCount = async (base: string) => {
    const res = await t.http.get(`${base}/members?limit=500`);
    expect(res.status).toBe(200);
    return (res.body.items as unknown[]).length;
  };
  /** Everything a write could have created in a cooperative. */
  const footprint = async (base: string) => ({ movements: await journalLength(base), members: await memberCount(base) });

  function expectReused(a: Answer) {
    expect({ status: a.status, code: a.body.code, field: a.body.field }).toEqual({ status: 409, code: 'IDEMPOTENCY_KEY_REUSED', field: 'Idempotency-Key' });
  }

  /**
   * The common contract: the first request with `key` is 201; its replay answers the same status and body and writes
   * nothing; the same key with `other` is a 409 IDEMPOTENCY_KEY_REUSED that writes nothing either; the replay still works after it.
   */
  async function expectIdempotent(key: string, path: string, body: Record<string, unknown>, other: Record<string, unknown>): Promise<Record<string, any>> {
    const before = await footprint(baseA);
    const first = await send(path, body, key);
    expect(first.status).toBe(201);
    const after = await footprint(baseA);
    expect(after.movements + after.members).toBe(before.movements + before.members + 1);

    const replay = await send(path, body, key);
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(first.body);
    expect(await footprint(baseA)).toEqual(after);

    expectReused(await send(path, other, key));
    expect(await footprint(baseA)).toEqual(after);
    // the other request is not refused on its own merits: without the key it goes through (checked by callers when safe)

    const again = await send(path, body, key);
    expect([again.status, again.body]).toEqual([201, first.body]);
    firstAnswers.set(key, { path, body, answer: first.body });
    return first.body;
  }

  describe('each write: a replay answers the first answer and writes nothing; the same key with another body is a 409', () => {
    it('POST members', async () => {
      const body = {
        personType: 'NATURAL',
        firstName: 'Denise',
        lastName: 'Idem',
        categoryId: A.categories.supporter,
        collegeId: A.colleges[2],
        appliedOn: '2024-01-01',
      };
      const created = await expectIdempotent('member-denise', `${baseA}/members`, body, { ...body, lastName: 'Autre' });
      expect(created).toMatchObject({ status: 'CANDIDATE', memberNumber: null, lastName: 'Idem' });
      // a single candidate named Idem, none named Autre
      const all = (await t.http.get(`${baseA}/members?limit=500`)).body.items as { lastName: string }[];
      expect(all.filter((x) => x.lastName === 'Idem')).toHaveLength(1);
      expect(all.filter((x) => x.lastName === 'Autre')).toHaveLength(0);
    });

    it('subscriptions', async () => {
      const body = { memberId: alice, shareClassId: A.classA, shares: 10, paidAmount: '250.00', date: '2024-02-01' };
      const created = await expectIdempotent('sub-alice', `${baseA}/movements/subscriptions`, body, { ...body, shares: 9 });
      expect(created).toMatchObject({ number: 1, kind: 'SUBSCRIPTION', shares: 10, amount: '1000.00' });
      await subscribe(t.http, A, bob, 2, '200.00', '2024-02-01');
    });

    it('payments', async () => {
      const body = { memberId: alice, shareClassId: A.classA, amount: '750.00', date: '2024-03-01' };
      const created = await expectIdempotent('pay-alice', `${baseA}/movements/payments`, body, { ...body, amount: '700.00' });
      expect(created).toMatchObject({ number: 3, kind: 'PAYMENT', amount: '750.00' });
      // paid once: alice has nothing left to pay
      const h = (await t.http.get(`${baseA}/members/${alice}/holdings`)).body;
      expect(h.totals).toMatchObject({ shares: 10, subscribed: '1000.00', paid: '1000.00', unpaid: '0.00' });
    });

    it('transfers', async () => {
      const body = {
        fromMemberId: alice,
        toMemberId: bob,
        shareClassId: A.classA,
        shares: 3,
        date: '2024-04-01',
        approvalReference: 'CA-2024-03',
        approvalDate: '2024-03-28',
      };
      const created = await expectIdempotent('transfer-alice-bob', `${baseA}/movements/transfers`, body, { ...body, shares: 2 });
      expect(created).toMatchObject({ number: 4, kind: 'TRANSFER', shares: 3, counterpartyMemberId: bob });
      // transferred once
      expect((await t.http.get(`${baseA}/members/${alice}/holdings`)).body.totals.shares).toBe(7);
      expect((await t.http.get(`${baseA}/members/${bob}/holdings`)).body.totals.shares).toBe(5);
    });

    it('redemptions', async () => {
      const exit = await send(`${baseA}/members/${bob}/exit`, { reason: 'RESIGNATION', effectiveDate: '2024-06-30' });
      expect(exit.status).toBe(201);
      const body = { memberId: bob, shareClassId: A.classA, shares: 5, date: '2024-07-01' };
      const created = await expectIdempotent('redeem-bob', `${baseA}/movements/redemptions`, body, { ...body, shares: 4 });
      expect(created).toMatchObject({ number: 5, kind: 'REDEMPTION', shares: 5, amount: '500.00', effect: { shares: -5, refundDue: '500.00' } });
      expect((await t.http.get(`${baseA}/members/${bob}/holdings`)).body.totals).toMatchObject({ shares: 0, refundDue: '500.00' });
    });

    it('refunds', async () => {
      const body = { memberId: bob, shareClassId: A.classA, amount: '500.00', date: '2024-08-01' };
      const created = await expectIdempotent('refund-bob', `${baseA}/movements/refunds`, body, { ...body, amount: '400.00' });
      expect(created).toMatchObject({ number: 6, kind: 'REFUND', amount: '500.00' });
      expect((await t.http.get(`${baseA}/members/${bob}`)).body).toMatchObject({ status: 'CLOSED', closedOn: '2024-08-01' });
    });

    it('reversal', async () => {
      const refund = firstAnswers.get('refund-bob')!.answer;
      const path = `${baseA}/movements/${refund.id}/reversal`;
      const body = { date: '2024-09-01', reason: 'the refund went to the wrong account' };
      const created = await expectIdempotent('reverse-refund', path, body, { ...body, reason: 'another reason' });
      expect(created).toMatchObject({ number: 7, kind: 'REVERSAL', reversesMovementId: refund.id, effect: { refundDue: '500.00' } });
      // reversed once: bob is owed 500.00 again, not 1000.00
      expect((await t.http.get(`${baseA}/members/${bob}/holdings`)).body.totals).toMatchObject({ refundDue: '500.00' });
      expect((await t.http.get(`${baseA}/capital`)).body.refundsDue).toBe('500.00');
      // the same key and body on the reversal of another movement is another request
      const payment = firstAnswers.get('pay-alice')!.answer;
      expectReused(await send(`${baseA}/movements/${payment.id}/reversal`, body, 'reverse-refund'));
      expect(await journalLength(baseA)).toBe(7);
    });
  });

  it('a replayed member creation answers the first answer, even after the member was admitted and renamed', async () => {
    const body = {
      personType: 'NATURAL',
      firstName: 'Firmin',
      lastName: 'Premier',
      categoryId: A.categories.supporter,
      collegeId: A.colleges[2],
      appliedOn: '2024-01-01',
    };
    const first = await send(`${baseA}/members`, body, 'member-firmin');
    expect(first.status).toBe(201);
    await t.http
      .post(`${baseA}/members/${first.body.id}/admission`)
      .send({ decisionRef: 'CA-F', decisionDate: '2024-01-10', effectiveDate: '2024-01-10' })
      .expect(201);
    await t.http.patch(`${baseA}/members/${first.body.id}`).send({ lastName: 'Renommé' }).expect(200);
    const replay = await send(`${baseA}/members`, body, 'member-firmin');
    expect(replay).toEqual(first);
    expect(replay.body).toMatchObject({ status: 'CANDIDATE', memberNumber: null, lastName: 'Premier' });
  });

  it('a replay is answered from the key, not re-evaluated: later movements do not change it', async () => {
    // each of these would now be refused if evaluated again (date out of order, no shares left, already reversed)
    expect(firstAnswers.size).toBe(7);
    for (const [key, { path, body, answer }] of firstAnswers) {
      if (key === 'member-denise') continue; // a member is not immutable: see the members test above
      const replay = await send(path, body, key);
      expect({ key, status: replay.status, body: replay.body }).toEqual({ key, status: 201, body: answer });
    }
    expect(await journalLength(baseA)).toBe(7);
    // without the key, the same subscription is a new request, evaluated: its date is now out of order
    const fresh = await send(`${baseA}/movements/subscriptions`, firstAnswers.get('sub-alice')!.body);
    expect([fresh.status, fresh.body.code]).toEqual([422, 'DATE_OUT_OF_ORDER']);
  });

  it('a key used on one endpoint is refused on another (409), whatever the body', async () => {
    const before = await footprint(baseA);
    const validMember = {
      personType: 'NATURAL',
      firstName: 'Eve',
      lastName: 'Ailleurs',
      categoryId: A.categories.beneficiary,
      collegeId: A.colleges[1],
      appliedOn: '2024-01-01',
    };
    const validSubscription = { memberId: alice, shareClassId: A.classA, shares: 1, paidAmount: '100.00', date: '2024-09-01' };
    // a movement key on POST members, a member key on a movement, one movement kind's key on another kind
    expectReused(await send(`${baseA}/members`, validMember, 'sub-alice'));
    expectReused(await send(`${baseA}/movements/subscriptions`, validSubscription, 'member-denise'));
    expectReused(await send(`${baseA}/movements/subscriptions`, validSubscription, 'pay-alice'));
    // (a body must be valid for its endpoint: the body is validated before the key is looked up)
    expectReused(await send(`${baseA}/movements/payments`, { memberId: alice, shareClassId: A.classA, amount: '1.00', date: '2024-09-01' }, 'sub-alice'));
    expectReused(await send(`${baseA}/movements/redemptions`, { memberId: bob, shareClassId: A.classA, shares: 1, date: '2024-09-01' }, 'refund-bob'));
    // the very same body on another endpoint that accepts it (payments and refunds share a shape) is another request,
    // not a replay of the payment
    const payment = firstAnswers.get('pay-alice')!;
    expectReused(await send(`${baseA}/movements/refunds`, payment.body, 'pay-alice'));
    expect(await footprint(baseA)).toEqual(before);
    // the same requests with fresh keys go through: the 409s above came from the keys alone
    expect((await send(`${baseA}/members`, validMember, 'fresh-member')).status).toBe(201);
    const sub = await send(`${baseA}/movements/subscriptions`, validSubscription, 'fresh-sub');
    expect([sub.status, sub.body.number]).toEqual([201, 8]);
  });

  describe('an invalid key is a 400 IDEMPOTENCY_KEY_INVALID and writes nothing', () => {
    const invalid: [string, string][] = [
      ['empty', ''],
      ['201 characters', 'k'.repeat(201)],
      ['non-ASCII (latin-1)', 'clé-1'],
      ['non-ASCII (UTF-8 bytes)', Buffer.from('clé-2', 'utf8').toString('latin1')],
      ['a space inside', 'two words'],
      ['a tab inside', 'tab\there'],
    ];
    it.each(invalid)('%s', async (_, key) => {
      const before = await footprint(baseA);
      const member = await send(
        `${baseA}/members`,
        { personType: 'LEGAL', companyName: 'Clé SA', categoryId: A.categories.supporter, collegeId: A.colleges[2] },
        key,
      );
      const movement = await send(
        `${baseA}/movements/subscriptions`,
        { memberId: alice, shareClassId: A.classB, shares: 1, paidAmount: '20.00', date: '2024-09-01' },
        key,
      );
      for (const a of [member, movement]) {
        expect({ status: a.status, code: a.body.code, field: a.body.field }).toEqual({
          status: 400,
          code: 'IDEMPOTENCY_KEY_INVALID',
          field: 'Idempotency-Key',
        });
      }
      expect(await footprint(baseA)).toEqual(before);
    });

    it('the bounds are inclusive: 1 and 200 printable ASCII characters are valid keys', async () => {
      const long = `${'~'.repeat(100)}${'!'.repeat(99)}#`;
      expect(long).toHaveLength(200);
      for (const key of ['x', long]) {
        const body = { memberId: alice, shareClassId: A.classB, shares: 1, paidAmount: '20.00', date: '2024-09-01' };
        const first = await send(`${baseA}/movements/subscriptions`, body, key);
        expect(first.status).toBe(201);
        const replay = await send(`${baseA}/movements/subscriptions`, body, key);
        expect([replay.status, replay.body]).toEqual([201, first.body]);
      }
      expect(await journalLength(baseA)).toBe(10);
    });
  });

  it('keys belong to one cooperative: a key used in A is free in B, and each replays its own answer', async () => {
    const carol = await admitMember(t.http, B, { category: B.categories.employee });
    const memberBody = {
      personType: 'NATURAL',
      firstName: 'Denise',
      lastName: 'Idem',
      categoryId: B.categories.supporter,
      collegeId: B.colleges[2],
      appliedOn: '2024-01-01',
    };
    const memberB = await send(`${baseB}/members`, memberBody, 'member-denise');
    expect(memberB.status).toBe(201);
    expect(memberB.body.id).not.toBe(firstAnswers.get('member-denise')!.answer.id);

    const subBody = { memberId: carol, shareClassId: B.classA, shares: 10, paidAmount: '250.00', date: '2024-02-01' };
    const subB = await send(`${baseB}/movements/subscriptions`, subBody, 'sub-alice');
    expect(subB.status).toBe(201);
    expect(subB.body).toMatchObject({ number: 1, memberId: carol });
    expect(subB.body.id).not.toBe(firstAnswers.get('sub-alice')!.answer.id);

    // each cooperative replays its own answer
    const replayB = await send(`${baseB}/movements/subscriptions`, subBody, 'sub-alice');
    expect([replayB.status, replayB.body]).toEqual([201, subB.body]);
    const a = firstAnswers.get('sub-alice')!;
    const replayA = await send(a.path, a.body, 'sub-alice');
    expect([replayA.status, replayA.body]).toEqual([201, a.answer]);
    // and B's key is refused with another body in B only
    expectReused(await send(`${baseB}/movements/subscriptions`, { ...subBody, shares: 9 }, 'sub-alice'));
    expect(await journalLength(baseB)).toBe(1);
    expect(await journalLength(baseA)).toBe(10);
  });

  it('a key on an unknown cooperative is a 404 COOPERATIVE_NOT_FOUND, as without a key', async () => {
    const ghost = `/api/cooperatives/${UNKNOWN_COOPERATIVE}`;
    const member = { personType: 'NATURAL', firstName: 'Nul', lastName: 'Part', categoryId: A.categories.supporter };
    const subscription = { memberId: alice, shareClassId: A.classA, shares: 1, paidAmount: '100.00', date: '2024-09-01' };
    for (const key of [undefined, 'ghost-key']) {
      const m = await send(`${ghost}/members`, member, key);
      const s = await send(`${ghost}/movements/subscriptions`, subscription, key);
      expect({ key, member: [m.status, m.body.code], subscription: [s.status, s.body.code] }).toEqual({
        key,
        member: [404, 'COOPERATIVE_NOT_FOUND'],
        subscription: [404, 'COOPERATIVE_NOT_FOUND'],
      });
    }
  });

  describe('concurrent requests with one key', () => {
    it('10 redemptions in flight with one key: one movement, ten identical answers (a second evaluation would have been refused)', async () => {
      const erin = await admitMember(t.http, A, { category: A.categories.beneficiary, college: A.colleges[1] });
      await subscribe(t.http, A, erin, 2, '200.00', '2024-09-01');
      expect((await send(`${baseA}/members/${erin}/exit`, { reason: 'RESIGNATION', effectiveDate: '2024-09-01' })).status).toBe(201);
      const before = await journalLength(baseA);
      const body = { memberId: erin, shareClassId: A.classA, shares: 2, date: '2024-09-02' };
      const answers = await Promise.all(Array.from({ length: 10 }, () => fetchPost(`${baseA}/movements/redemptions`, body, 'erin-redeem')));
      expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
      for (const a of answers) expect(a.body).toEqual(answers[0].body);
      expect(answers[0].body).toMatchObject({ kind: 'REDEMPTION', number: before + 1, memberId: erin, shares: 2, amount: '200.00' });
      const items = await journal(baseA);
      expect(items).toHaveLength(before + 1);
      expect(items[before]).toEqual(answers[0].body);
      expect((await t.http.get(`${baseA}/members/${erin}/holdings`)).body.totals).toMatchObject({ shares: 0, refundDue: '200.00' });
    });

    it('10 POST members in flight with one key: one member, ten identical answers', async () => {
      const before = await memberCount(baseA);
      const body = {
        personType: 'LEGAL',
        companyName: 'Concurrente SARL',
        categoryId: A.categories.supporter,
        collegeId: A.colleges[2],
        appliedOn: '2024-01-01',
      };
      const answers = await Promise.all(Array.from({ length: 10 }, () => fetchPost(`${baseA}/members`, body, 'member-concurrent')));
      expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
      for (const a of answers) expect(a.body).toEqual(answers[0].body);
      expect(await memberCount(baseA)).toBe(before + 1);
    });

    it('10 different subscriptions in flight with one key: exactly one is recorded, the nine others are 409 IDEMPOTENCY_KEY_REUSED', async () => {
      const before = await journalLength(baseA);
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          fetchPost(
            `${baseA}/movements/subscriptions`,
            { memberId: alice, shareClassId: A.classB, shares: i + 1, paidAmount: `${20 * (i + 1)}.00`, date: '2024-09-02' },
            'one-of-ten',
          ),
        ),
      );
      const won = answers.filter((a) => a.status === 201);
      expect(won).toHaveLength(1);
      for (const a of answers.filter((x) => x.status !== 201)) expectReused(a);
      const items = await journal(baseA);
      expect(items).toHaveLength(before + 1);
      expect(items[before]).toEqual(won[0].body);
    });
  });

  describe('a refused request does not consume its key', () => {
    let frank: string;

    it('a subscription refused (candidate not yet admitted) succeeds with the same key once the member is admitted', async () => {
      const created = await send(`${baseA}/members`, {
        personType: 'NATURAL',
        firstName: 'Frank',
        lastName: 'Retry',
        categoryId: A.categories.beneficiary,
        collegeId: A.colleges[1],
        appliedOn: '2024-01-01',
      });
      expect(created.status).toBe(201);
      frank = created.body.id;
      const before = await journalLength(baseA);
      const body = { memberId: frank, shareClassId: A.classA, shares: 3, paidAmount: '300.00', date: '2024-09-03' };
      const refused = await send(`${baseA}/movements/subscriptions`, body, 'frank-sub');
      expect([refused.status, refused.body.code]).toEqual([409, 'MEMBER_STATUS_INVALID']);
      // a replay of a refused request is evaluated again, and refused again: nothing was stored under the key
      const refusedAgain = await send(`${baseA}/movements/subscriptions`, body, 'frank-sub');
      expect([refusedAgain.status, refusedAgain.body.code]).toEqual([409, 'MEMBER_STATUS_INVALID']);
      expect(await journalLength(baseA)).toBe(before);

      const admitted = await send(`${baseA}/members/${frank}/admission`, { decisionRef: 'CA-frank', decisionDate: '2024-09-03', effectiveDate: '2024-09-03' });
      expect(admitted.status).toBe(201);
      const ok = await send(`${baseA}/movements/subscriptions`, body, 'frank-sub');
      expect([ok.status, ok.body.number, ok.body.memberId]).toEqual([201, before + 1, frank]);
      const replay = await send(`${baseA}/movements/subscriptions`, body, 'frank-sub');
      expect([replay.status, replay.body]).toEqual([201, ok.body]);
      expect(await journalLength(baseA)).toBe(before + 1);
    });

    it('a redemption refused (no approval for a member who stays) succeeds with the same key and the corrected body', async () => {
      const before = await journalLength(baseA);
      const body = { memberId: frank, shareClassId: A.classA, shares: 1, date: '2024-09-04' };
      const refused = await send(`${baseA}/movements/redemptions`, body, 'frank-withdraw');
      expect([refused.status, refused.body.code]).toEqual([422, 'APPROVAL_REQUIRED']);
      const fixed = { ...body, approvalReference: 'CA-2024-09', approvalDate: '2024-09-04' };
      const ok = await send(`${baseA}/movements/redemptions`, fixed, 'frank-withdraw');
      expect([ok.status, ok.body.number, ok.body.shares]).toEqual([201, before + 1, 1]);
      // from now on the key is the corrected request's
      expectReused(await send(`${baseA}/movements/redemptions`, body, 'frank-withdraw'));
      expect((await send(`${baseA}/movements/redemptions`, fixed, 'frank-withdraw')).body).toEqual(ok.body);
      expect(await journalLength(baseA)).toBe(before + 1);
    });

    it('a member refused (422, then 400, then 404) is created with the same key once the request is right', async () => {
      const before = await memberCount(baseA);
      const good = { personType: 'LEGAL', companyName: 'Enfin SAS', categoryId: A.categories.supporter, collegeId: A.colleges[2], appliedOn: '2024-01-01' };
      const missingName = await send(`${baseA}/members`, { ...good, companyName: undefined }, 'member-retry');
      expect([missingName.status, missingName.body.code]).toEqual([422, 'PERSON_FIELDS_INVALID']);
      const badDate = await send(`${baseA}/members`, { ...good, appliedOn: '2024-02-30' }, 'member-retry');
      expect([badDate.status, badDate.body.code]).toEqual([400, 'INVALID_DATE']);
      const unknownCategory = await send(`${baseA}/members`, { ...good, categoryId: UNKNOWN_CATEGORY }, 'member-retry');
      expect([unknownCategory.status, unknownCategory.body.code]).toEqual([404, 'CATEGORY_NOT_FOUND']);
      expect(await memberCount(baseA)).toBe(before);
      const ok = await send(`${baseA}/members`, good, 'member-retry');
      expect([ok.status, ok.body.companyName]).toEqual([201, 'Enfin SAS']);
      expect((await send(`${baseA}/members`, good, 'member-retry')).body).toEqual(ok.body);
      expect(await memberCount(baseA)).toBe(before + 1);
    });
  });
});
