import { Client } from 'pg';
import { readPdf } from '../../libs/certificates/src/testing/pdf-text';
import { admitMember, createScic, subscribe, type ScicFixture } from '../support/fixtures';
import { startTestApp, type TestApp, type TestUser } from '../support/test-app';
import { todayUtc } from '../support/today';

type Res = { status: number; body: unknown; headers: Record<string, string> };

/** supertest's buffered body of a binary answer. */
const binary = (req: ReturnType<TestApp['http']['get']>) =>
  req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  }) as unknown as Promise<Res & { body: Buffer }>;

const errorOf = (res: { status: number; body: { code?: string; field?: string } }) => ({ status: res.status, code: res.body.code, field: res.body.field });

/** Collapses the PDF's text (line breaks, no-break spaces) so that phrases are found whatever the layout. */
const flat = (text: string) => text.replace(/[\s\u00a0\u202f]+/g, ' ');

describe("a member's own space", () => {
  let t: TestApp;
  let db: Client;
  let f: ScicFixture;
  let base: string;
  let space: string;
  let m1: string;
  let m2: string;
  let me: TestUser;
  let m1View: { memberNumber: number; displayName: string; lastName: string; email: string };
  let m2View: { memberNumber: number; displayName: string; lastName: string; email: string };

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: process.env.COOP_TEST_DATABASE_URL });
    await db.connect();
    f = await createScic(t.http);
    base = `/api/cooperatives/${f.cooperativeId}`;
    space = `/api/me/cooperatives/${f.cooperativeId}`;
    m1 = await admitMember(t.http, f);
    m2 = await admitMember(t.http, f);
    await subscribe(t.http, f, m1, 3, '100.00', '2024-02-01'); // A: 300 subscribed, 200 unpaid, due 2029-02-01
    await subscribe(t.http, f, m1, 2, '40.00', '2024-02-02', f.classB); // B: fully paid
    await subscribe(t.http, f, m2, 4, '400.00', '2024-02-03');
    me = await t.user({ role: 'member', cooperativeId: f.cooperativeId, memberId: m1 });
    m1View = (await t.http.get(`${base}/members/${m1}`)).body;
    m2View = (await t.http.get(`${base}/members/${m2}`)).body;
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  it('shows the profile of the member record bound to the account', async () => {
    const res = await me.http.get(`${space}/profile`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual((await t.http.get(`${base}/members/${m1}`)).body);
    expect(res.body.id).toBe(m1);
  });

  it('answers 404 to an admin whose account is bound to no member record', async () => {
    for (const path of ['profile', 'holdings', 'movements', 'certificate', 'export']) {
      expect(errorOf(await t.http.get(`${space}/${path}`))).toEqual({ status: 404, code: 'MEMBER_NOT_FOUND', field: 'memberId' });
    }
  });

  it('lets the member change their contact data, which reaches the Odoo outbox', async () => {
    const before = (await me.http.get(`${space}/profile`)).body;
    const [{ last }] = (await db.query(`SELECT coalesce(max(id), 0)::text AS last FROM odoo_sync_event WHERE member_id = $1`, [m1])).rows;
    const res = await me.http
      .patch(`${space}/profile`)
      .send({ email: 'camille@new.example.org', phone: '+33 6 12 34 56 78', street: '3 rue Neuve', postalCode: '69001', city: 'Lyon' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: m1,
      email: 'camille@new.example.org',
      phone: '+33 6 12 34 56 78',
      address: { street: '3 rue Neuve', postalCode: '69001', city: 'Lyon' },
      lastName: before.lastName,
      categoryId: before.categoryId,
    });
    expect(Date.parse(res.body.updatedAt)).toBeGreaterThan(Date.parse(before.updatedAt));
    expect((await t.http.get(`${base}/members/${m1}`)).body).toEqual(res.body);
    const events = (await db.query(`SELECT cooperative_id, reason, processed_at FROM odoo_sync_event WHERE member_id = $1 AND id > $2`, [m1, last])).rows;
    expect(events).toEqual([{ cooperative_id: f.cooperativeId, reason: 'UPDATED:ADMITTED', processed_at: null }]);
  });

  it.each([
    ['lastName', { lastName: 'Autre' }],
    ['firstName', { firstName: 'Autre' }],
    ['categoryId', { categoryId: '00000000-0000-4000-8000-000000000000' }],
    ['collegeId', { collegeId: '00000000-0000-4000-8000-000000000000' }],
    ['status', { status: 'CLOSED' }],
  ])('refuses a change of %s, and changes nothing', async (field, body) => {
    const before = (await me.http.get(`${space}/profile`)).body;
    const res = await me.http.patch(`${space}/profile`).send({ city: 'Paris', ...body });
    expect(errorOf(res)).toEqual({ status: 400, code: 'UNKNOWN_FIELD', field });
    expect((await me.http.get(`${space}/profile`)).body).toEqual(before);
  });

  it('shows the holdings per class and what remains to pay by due date', async () => {
    const res = await me.http.get(`${space}/holdings`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      memberId: m1,
      classes: [
        { code: 'A', shares: 3, subscribed: '300.00', paid: '100.00', unpaid: '200.00' },
        { code: 'B', shares: 2, subscribed: '40.00', paid: '40.00', unpaid: '0.00' },
      ],
      totals: { shares: 5, subscribed: '340.00', paid: '140.00', unpaid: '200.00' },
      unpaidByDueDate: [{ classCode: 'A', dueDate: '2029-02-01', unpaid: '200.00' }],
    });
    const past = await me.http.get(`${space}/holdings?asOf=2024-02-01`);
    expect(past.body.classes.map((c: { code: string; shares: number }) => [c.code, c.shares])).toEqual([['A', 3]]);
  });

  it('lists only the member’s own movements', async () => {
    const res = await me.http.get(`${space}/movements`);
    expect(res.status).toBe(200);
    const all = (await t.http.get(`${base}/movements?limit=500`)).body.items as { id: string; memberId: string }[];
    expect(all.some((m) => m.memberId === m2)).toBe(true);
    const own = all.filter((m) => m.memberId === m1).map((m) => m.id);
    expect(own).toHaveLength(2);
    expect(res.body.items.map((m: { id: string }) => m.id)).toEqual(own);
    // a memberId in the query names nobody else
    const sneaky = await me.http.get(`${space}/movements?memberId=${m2}`);
    expect(sneaky.status).toBe(200);
    expect(sneaky.body.items.map((m: { id: string }) => m.id)).toEqual(own);
  });

  describe('share certificates', () => {
    let reference: string;

    it('gives the member their certificate as a PDF whose text states the cooperative, the member, each class and the reference', async () => {
      const res = await binary(me.http.get(`${space}/certificate`));
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/pdf/);
      reference = res.headers['x-certificate-reference'];
      expect(reference).toMatch(/\S{8,}/);
      expect(res.body.subarray(0, 5).toString()).toBe('%PDF-');
      const text = flat(readPdf(res.body).text);
      expect(text).toContain('Coop test');
      expect(text).toContain('SCIC SAS à capital variable');
      expect(text).toContain('Certificat de parts sociales');
      expect(text).toContain(`Associé n° ${m1View.memberNumber}`);
      expect(text).toContain(m1View.displayName);
      expect(text).toMatch(/Parts A\b.*\b3\b.*100,00.*300,00.*100,00.*200,00/);
      expect(text).toMatch(/Parts B\b.*\b2\b.*20,00.*40,00.*40,00.*0,00/);
      expect(text).toContain(reference);
      expect(text).not.toContain(m2View.displayName);
    });

    it('speaks English with lang=en', async () => {
      const res = await binary(me.http.get(`${space}/certificate?lang=en`));
      expect(res.status).toBe(200);
      const text = flat(readPdf(res.body).text);
      expect(text).toContain('with variable capital');
      expect(text).toContain('Share certificate');
      expect(text).toContain(`Member no. ${m1View.memberNumber}`);
      expect(text).not.toContain('à capital variable');
      expect(text).toContain(res.headers['x-certificate-reference']);
    });

    it('gives an admin any member’s certificate, and a member only their own', async () => {
      const forM2 = await binary(t.http.get(`${base}/members/${m2}/certificate`));
      expect(forM2.status).toBe(200);
      const text = flat(readPdf(forM2.body).text);
      expect(text).toContain(`Associé n° ${m2View.memberNumber}`);
      expect(text).toContain(m2View.displayName);
      const own = await binary(me.http.get(`${base}/members/${m1}/certificate`));
      expect(own.status).toBe(200);
      expect(own.headers['x-certificate-reference']).toBe(reference); // same facts, same date: same reference
      const other = await me.http.get(`${base}/members/${m2}/certificate`);
      expect(errorOf(other)).toEqual({ status: 404, code: 'MEMBER_NOT_FOUND', field: 'memberId' });
    });

    it('verifies an issued reference and rejects a made-up one', async () => {
      const ok = await t.http.get(`${base}/certificates/${reference}/verification`);
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ valid: true, memberNumber: m1View.memberNumber, displayName: m1View.displayName, asOf: todayUtc() });
      const madeUp = reference.replace(/[0-9A-Za-z](?=[^0-9A-Za-z]*$)/, (c) => (c === 'A' ? 'B' : 'A'));
      expect(madeUp).not.toBe(reference);
      expect((await t.http.get(`${base}/certificates/${madeUp}/verification`)).body).toMatchObject({ valid: false });
      expect((await t.http.get(`${base}/certificates/NOT-A-REFERENCE/verification`)).body).toMatchObject({ valid: false });
      // a member does not verify certificates
      expect((await me.http.get(`${base}/certificates/${reference}/verification`)).status).toBe(403);
    });

    it('keeps a past-dated certificate valid after a later movement, and invalid once the register changes for its date', async () => {
      const res = await binary(me.http.get(`${space}/certificate?asOf=2024-03-01`));
      expect(res.status).toBe(200);
      const pastRef = res.headers['x-certificate-reference'];
      expect(pastRef).not.toBe(reference);
      const verify = async (ref: string) => (await t.http.get(`${base}/certificates/${ref}/verification`)).body;
      expect(await verify(pastRef)).toMatchObject({
        valid: true,
        asOf: '2024-03-01',
        holdings: [expect.objectContaining({ classCode: 'A', shares: 3, paid: '100.00' }), expect.anything()],
      });
      // a payment after 2024-03-01 changes today's facts, not those of 2024-03-01
      const pay = await t.http.post(`${base}/movements/payments`).send({ memberId: m1, shareClassId: f.classA, amount: '50.00', date: '2024-04-01' });
      expect(pay.status).toBe(201);
      expect(await verify(pastRef)).toMatchObject({ valid: true });
      expect(await verify(reference)).toMatchObject({
        valid: false,
        holdings: expect.arrayContaining([expect.objectContaining({ classCode: 'A', paid: '150.00' })]),
      });
    });
  });

  it('exports everything held about the member, and nothing about another', async () => {
    const res = await me.http.get(`${space}/export`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      cooperative: { id: f.cooperativeId, name: 'Coop test' },
      account: { email: me.email },
      member: { id: m1, memberNumber: m1View.memberNumber, email: 'camille@new.example.org' },
      holdings: { memberId: m1, totals: { shares: 5 } },
    });
    const own = (await t.http.get(`${base}/movements?limit=500`)).body.items.filter((m: { memberId: string }) => m.memberId === m1);
    expect(res.body.movements).toEqual(own);
    const text = JSON.stringify(res.body);
    for (const leak of [m2, m2View.lastName, m2View.email]) expect(text).not.toContain(leak);
  });

  describe('pseudonymisation with the default retention (5 years)', () => {
    it('refuses an admitted member', async () => {
      const res = await t.http.post(`${base}/members/${m2}/pseudonymisation`);
      expect(errorOf(res)).toEqual({ status: 409, code: 'MEMBER_STATUS_INVALID', field: 'memberId' });
    });

    it('refuses a member closed less than the retention ago, naming the date it becomes possible', async () => {
      const closed = await closedMember(t, f);
      const res = await t.http.post(`${base}/members/${closed}/pseudonymisation`);
      expect(errorOf(res)).toEqual({ status: 409, code: 'MEMBER_STATUS_INVALID', field: 'memberId' });
      expect(res.body.details).toEqual({ allowedFrom: '2029-07-31' }); // 2024-08-01 + 1825 days
      expect((await t.http.get(`${base}/members/${closed}`)).body.lastName).not.toMatch(/Ancien/);
    });

    it('is for admins only', async () => {
      expect(errorOf(await me.http.post(`${base}/members/${m1}/pseudonymisation`))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    });
  });
});

/**
 * Admits a member (with `contact` data), has them hold one paid share, exit, be redeemed and refunded: CLOSED on
 * 2024-08-01. The journal is chronological: the cooperative has no movement after 2024-05-01 yet.
 */
async function closedMember(t: TestApp, f: ScicFixture, contact: Record<string, string> = {}): Promise<string> {
  const base = `/api/cooperatives/${f.cooperativeId}`;
  const id = await admitMember(t.http, f);
  if (Object.keys(contact).length) expect((await t.http.patch(`${base}/members/${id}`).send(contact)).status).toBe(200);
  await subscribe(t.http, f, id, 1, '100.00', '2024-05-01');
  const steps = [
    await t.http.post(`${base}/members/${id}/exit`).send({ reason: 'RESIGNATION', effectiveDate: '2024-06-30' }),
    await t.http.post(`${base}/movements/redemptions`).send({ memberId: id, shareClassId: f.classA, shares: 1, date: '2024-07-01' }),
    await t.http.post(`${base}/movements/refunds`).send({ memberId: id, shareClassId: f.classA, amount: '100.00', date: '2024-08-01' }),
  ];
  expect(steps.map((s) => s.status)).toEqual([201, 201, 201]);
  expect((await t.http.get(`${base}/members/${id}`)).body).toMatchObject({ status: 'CLOSED', closedOn: '2024-08-01' });
  return id;
}

describe('pseudonymisation once the retention has passed (retention of 0 days)', () => {
  let t: TestApp;
  let f: ScicFixture;
  let base: string;
  let closed: string;
  let account: TestUser;
  let before: Record<string, unknown>;
  let movementsBefore: unknown[];

  beforeAll(async () => {
    t = await startTestApp({ personalDataRetentionDays: 0 });
    f = await createScic(t.http);
    base = `/api/cooperatives/${f.cooperativeId}`;
    const stays = await admitMember(t.http, f);
    await subscribe(t.http, f, stays, 10, '1000.00', '2024-02-01'); // keeps the capital above its floor
    closed = await closedMember(t, f, { phone: '+33 1 23 45 67 89', street: '1 rue Haute', postalCode: '75001', city: 'Paris' });
    account = await t.user({ role: 'member', cooperativeId: f.cooperativeId, memberId: closed });
    expect((await account.http.get(`/api/me/cooperatives/${f.cooperativeId}/profile`)).status).toBe(200);
    before = (await t.http.get(`${base}/members/${closed}`)).body;
    movementsBefore = (await t.http.get(`${base}/movements?limit=500`)).body.items;
  });
  afterAll(() => t.close());

  it('still refuses an admitted member', async () => {
    const admitted = await admitMember(t.http, f);
    expect(errorOf(await t.http.post(`${base}/members/${admitted}/pseudonymisation`))).toEqual({
      status: 409,
      code: 'MEMBER_STATUS_INVALID',
      field: 'memberId',
    });
  });

  it('replaces the personal fields and keeps the legal facts', async () => {
    const res = await t.http.post(`${base}/members/${closed}/pseudonymisation`);
    expect(res.status).toBe(201);
    const pseudonym = `Ancien sociétaire n° ${before.memberNumber}`;
    const after = (await t.http.get(`${base}/members/${closed}`)).body;
    expect(res.body).toEqual(after);
    expect(after).toEqual({
      ...before,
      firstName: 'Pseudonymisé',
      lastName: pseudonym,
      displayName: `Pseudonymisé ${pseudonym}`,
      email: null,
      phone: null,
      address: { street: null, postalCode: null, city: null, country: (before.address as { country: unknown }).country },
      updatedAt: expect.any(String),
    });
    expect(after).toMatchObject({
      memberNumber: before.memberNumber,
      status: 'CLOSED',
      closedOn: '2024-08-01',
      admission: before.admission,
      exit: before.exit,
    });
    expect((await t.http.get(`${base}/movements?limit=500`)).body.items).toEqual(movementsBefore);
  });

  it('shows the pseudonym in the register', async () => {
    const register = await t.http.get(`${base}/register/members?asOf=2024-07-15`);
    expect(register.status).toBe(200);
    const row = register.body.items.find((r: { member_number?: number; memberNumber?: number }) => (r.memberNumber ?? r.member_number) === before.memberNumber);
    expect(row).toBeDefined();
    expect(JSON.stringify(row)).toContain(`Ancien sociétaire n° ${before.memberNumber}`);
    expect(JSON.stringify(register.body)).not.toContain(String(before.lastName));
  });

  it('unbinds the member’s account', async () => {
    const res = await account.http.get(`/api/me/cooperatives/${f.cooperativeId}/profile`);
    expect(errorOf(res)).toEqual({ status: 404, code: 'COOPERATIVE_NOT_FOUND', field: 'cooperativeId' });
    const roles = (await t.http.get(`${base}/roles`)).body as { userId: string }[];
    expect(JSON.stringify(roles)).not.toContain(account.id);
  });

  it('refuses to pseudonymise twice', async () => {
    expect(errorOf(await t.http.post(`${base}/members/${closed}/pseudonymisation`))).toEqual({ status: 409, code: 'MEMBER_STATUS_INVALID', field: 'memberId' });
  });
});
