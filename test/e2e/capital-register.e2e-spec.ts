import { expectError } from '../support/expect-error';
import { admitMember, createScic, subscribe, type ScicFixture } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/test-app';
import { onOneDay, todayUtc } from '../support/today';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

const MOVEMENT_COLUMNS = [
  'number',
  'date',
  'kind',
  'memberNumber',
  'memberName',
  'counterpartyNumber',
  'counterpartyName',
  'shareClass',
  'shares',
  'amount',
  'subscribedDelta',
  'paidDelta',
  'refundDueDelta',
  'lossDeduction',
  'dueDate',
  'reference',
  'referenceDate',
  'reason',
  'reversesNumber',
  'capitalAfter',
  'paidCapitalAfter',
  'highestCapitalAfter',
  'publicBodyCapitalAfter',
  'recordedAt',
];
const MEMBER_COLUMNS = [
  'memberNumber',
  'status',
  'personType',
  'name',
  'category',
  'categoryKind',
  'college',
  'email',
  'admissionDecisionRef',
  'admissionDecisionDate',
  'admissionEffectiveDate',
  'exitReason',
  'exitDecisionRef',
  'exitEffectiveDate',
  'shares',
  'subscribed',
  'paid',
  'unpaid',
  'refundDue',
];

/** RFC 4180: fields separated by commas, records by CRLF, quoted fields may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field !== '' || row.length) throw new Error(`the CSV does not end with CRLF: ${JSON.stringify(text.slice(-50))}`);
  return rows;
}

describe('capital, compliance and registers, through HTTP', () => {
  let t: TestApp;

  /** As the fixture's admitMember, for any admission date (the fixture applies on 2024-01-01). */
  async function admitOn(f: ScicFixture, date: string, opts: { category?: string; college?: string; personType?: 'NATURAL' | 'LEGAL' } = {}): Promise<string> {
    const base = `/api/cooperatives/${f.cooperativeId}`;
    const person =
      opts.personType === 'LEGAL'
        ? { personType: 'LEGAL', companyName: `Société ${date}` }
        : { personType: 'NATURAL', firstName: 'Claude', lastName: `Membre ${date}` };
    const m = await t.http
      .post(`${base}/members`)
      .send({ ...person, categoryId: opts.category ?? f.categories.beneficiary, collegeId: opts.college ?? f.colleges[0], appliedOn: date });
    expect(m.status).toBe(201);
    const a = await t.http.post(`${base}/members/${m.body.id}/admission`).send({ decisionRef: `CA-${date}`, decisionDate: date, effectiveDate: date });
    expect(a.status).toBe(201);
    return m.body.id;
  }

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const get = async (url: string) => {
    const res = await t.http.get(url);
    expect({ url, status: res.status }).toEqual({ url, status: 200 });
    return res.body;
  };

  describe('GET /capital', () => {
    let f: ScicFixture;
    let base: string;
    let m1: string;
    const [year, month] = todayUtc().split('-').map(Number);
    const yearAgo = `${year - 1}-${String(month).padStart(2, '0')}-01`;
    const inFourYears = `${year + 4}-${String(month).padStart(2, '0')}-01`;

    beforeAll(async () => {
      f = await createScic(t.http);
      base = `/api/cooperatives/${f.cooperativeId}`;
      m1 = await admitOn(f, '2020-01-10');
      const m2 = await admitOn(f, '2020-01-10', { college: f.colleges[1] });
      const p = await admitOn(f, '2020-01-10', { category: f.categories.publicBody, personType: 'LEGAL', college: f.colleges[2] });
      // 1: 400.00 subscribed, 100.00 paid, the balance due on 2020-08-01
      const s1 = await t.http
        .post(`${base}/movements/subscriptions`)
        .send({ memberId: m1, shareClassId: f.classA, shares: 4, paidAmount: '100.00', date: '2020-02-01', dueDate: '2020-08-01' });
      expect(s1.status).toBe(201);
      await subscribe(t.http, f, m2, 2, '200.00', '2020-03-01'); // 2
      await subscribe(t.http, f, p, 1, '100.00', '2020-03-01'); // 3: a public body holds 100.00 of 700.00
      const pay = await t.http.post(`${base}/movements/payments`).send({ memberId: m1, shareClassId: f.classA, amount: '100.00', date: '2021-01-15' }); // 4
      expect(pay.status).toBe(201);
      // 5: a newer subscription (a year ago), its balance due in 4 years: payments go to the oldest balance first
      const s5 = await t.http
        .post(`${base}/movements/subscriptions`)
        .send({ memberId: m1, shareClassId: f.classA, shares: 3, paidAmount: '75.00', date: yearAgo });
      expect([s5.status, s5.body.dueDate]).toEqual([201, inFourYears]);
    });

    it('gives the whole capital picture as of a past date', async () => {
      expect(await get(`${base}/capital?asOf=2020-02-01`)).toEqual({
        asOf: '2020-02-01',
        lastMovementNumber: 1,
        subscribed: '400.00',
        paid: '100.00',
        unpaid: '300.00',
        overdue: '0.00',
        highestCapital: '400.00',
        floor: { amount: '100.00', statutoryFloor: '0.00', quarterOfHighestCapital: '100.00', tenthOfStatutoryCapital: '0.00', headroom: '300.00' },
        publicBodies: { capital: '0.00', share: '0', cap: '0.5' },
        refundsDue: '0.00',
        members: 3,
      });
      expect(await get(`${base}/capital?asOf=2020-03-01`)).toMatchObject({
        lastMovementNumber: 3,
        subscribed: '700.00',
        paid: '400.00',
        highestCapital: '700.00',
        publicBodies: { capital: '100.00', share: '0.142857', cap: '0.5' },
      });
    });

    it('is empty before the first movement', async () => {
      expect(await get(`${base}/capital?asOf=2020-01-31`)).toMatchObject({
        lastMovementNumber: 0,
        subscribed: '0.00',
        paid: '0.00',
        unpaid: '0.00',
        overdue: '0.00',
        highestCapital: '0.00',
        floor: { amount: '0.00', headroom: '0.00' },
        members: 3,
      });
      expect((await get(`${base}/capital?asOf=2020-01-09`)).members).toBe(0);
    });

    it('shows an unpaid balance as overdue once its due date has passed, not on the due date itself', async () => {
      expect((await get(`${base}/capital?asOf=2020-07-31`)).overdue).toBe('0.00');
      expect((await get(`${base}/capital?asOf=2020-08-01`)).overdue).toBe('0.00');
      expect(await get(`${base}/capital?asOf=2020-08-02`)).toMatchObject({ unpaid: '300.00', overdue: '300.00' });
      expect(await get(`${base}/capital?asOf=2021-01-15`)).toMatchObject({ lastMovementNumber: 4, unpaid: '200.00', overdue: '200.00' });
    });

    it('counts only balances past due today, payments going to the oldest first', async () => {
      const { day, value: now } = await onOneDay(() => get(`${base}/capital`));
      expect(now).toEqual({
        asOf: day,
        lastMovementNumber: 5,
        subscribed: '1000.00',
        paid: '575.00',
        unpaid: '425.00',
        overdue: '200.00',
        highestCapital: '1000.00',
        floor: { amount: '250.00', statutoryFloor: '0.00', quarterOfHighestCapital: '250.00', tenthOfStatutoryCapital: '0.00', headroom: '750.00' },
        publicBodies: { capital: '100.00', share: '0.1', cap: '0.5' },
        refundsDue: '0.00',
        members: 3,
      });
      // read from the journal (a past date after the last movement) or from the projections (today or later): the same figures
      expect(await get(`${base}/capital?asOf=${yearAgo}`)).toEqual({ ...now, asOf: yearAgo });
      expect(await get(`${base}/capital?asOf=2999-12-31`)).toEqual({ ...now, asOf: '2999-12-31', overdue: '425.00' }); // by then the newer balance is late too
      // paying the old balance clears what is overdue; the new balance is not due yet
      const pay = await t.http.post(`${base}/movements/payments`).send({ memberId: m1, shareClassId: f.classA, amount: '250.00', date: todayUtc() });
      expect(pay.status).toBe(201);
      expect(await get(`${base}/capital`)).toMatchObject({ lastMovementNumber: 6, unpaid: '175.00', overdue: '0.00' });
    });

    it('refuses a bad date or parameter, and an unknown cooperative', async () => {
      expectError(await t.http.get(`${base}/capital?asOf=2021-02-29`), 400, 'INVALID_DATE', 'asOf');
      expectError(await t.http.get(`${base}/capital?asOf=2021-1-1`), 400, 'INVALID_DATE', 'asOf');
      expectError(await t.http.get(`${base}/capital?date=2021-01-01`), 400, 'UNKNOWN_FIELD', 'date');
      expectError(await t.http.get(`/api/cooperatives/${UNKNOWN_ID}/capital`), 404, 'COOPERATIVE_NOT_FOUND', 'cooperativeId');
      expectError(await t.http.get('/api/cooperatives/nope/capital'), 400, 'VALIDATION_FAILED', 'cooperativeId');
    });
  });

  describe('GET /compliance', () => {
    const compliance = async (f: ScicFixture | string, asOf?: string) =>
      get(`/api/cooperatives/${typeof f === 'string' ? f : f.cooperativeId}/compliance${asOf ? `?asOf=${asOf}` : ''}`);

    it('flags a SCIC with members in fewer than 3 categories and without employees', async () => {
      const f = await createScic(t.http);
      await admitMember(t.http, f, { category: f.categories.beneficiary, date: '2024-01-10' });
      const { day, value: res } = await onOneDay(() => compliance(f));
      expect(res).toEqual({
        asOf: day,
        compliant: false,
        warnings: [],
        errors: ['SCIC_MIN_CATEGORIES', 'SCIC_EMPLOYEES_PRESENT'],
        checks: [
          { code: 'SCIC_MIN_CATEGORIES', ok: false, severity: 'ERROR', message: expect.any(String), details: { categoriesWithMembers: 1 } },
          { code: 'SCIC_BENEFICIARIES_PRESENT', ok: true, severity: 'ERROR', message: expect.any(String), details: { members: 1 } },
          { code: 'SCIC_EMPLOYEES_PRESENT', ok: false, severity: 'ERROR', message: expect.any(String), details: { members: 0 } },
          { code: 'PUBLIC_BODY_CAP', ok: true, severity: 'ERROR', message: expect.any(String), details: { publicBodyCapital: '0.00', capital: '0.00' } },
          { code: 'COLLEGE_WEIGHTS', ok: true, severity: 'ERROR', message: 'college weights are legal', details: { colleges: 3 } },
          { code: 'MEMBERS_IN_COLLEGES', ok: true, severity: 'WARNING', message: expect.any(String), details: { membersWithoutCollege: 0 } },
          { code: 'CAPITAL_ABOVE_FLOOR', ok: true, severity: 'WARNING', message: expect.any(String), details: { capital: '0.00', floor: '0.00' } },
          { code: 'NO_OVERDUE_PAYMENTS', ok: true, severity: 'WARNING', message: expect.any(String), details: { overdue: '0.00' } },
        ],
      });
    });

    it('becomes compliant once the mandatory categories are there, and tells when, as of any date', async () => {
      const f = await createScic(t.http);
      await admitMember(t.http, f, { category: f.categories.beneficiary, date: '2024-01-10' });
      await admitMember(t.http, f, { category: f.categories.supporter, date: '2024-02-10' });
      expect((await compliance(f)).errors).toEqual(['SCIC_MIN_CATEGORIES', 'SCIC_EMPLOYEES_PRESENT']);
      expect((await compliance(f)).checks[0].details).toEqual({ categoriesWithMembers: 2 });
      const employee = await admitMember(t.http, f, { category: f.categories.employee, date: '2024-03-10' });
      expect(await compliance(f)).toMatchObject({ compliant: true, errors: [], warnings: [] });
      expect((await compliance(f, '2024-03-09')).errors).toEqual(['SCIC_MIN_CATEGORIES', 'SCIC_EMPLOYEES_PRESENT']);
      expect((await compliance(f, '2024-03-10')).compliant).toBe(true);
      // the only employee leaves: flagged again from the exit's effective date
      const exit = await t.http
        .post(`/api/cooperatives/${f.cooperativeId}/members/${employee}/exit`)
        .send({ reason: 'RESIGNATION', effectiveDate: '2024-06-30' });
      expect(exit.status).toBe(201);
      expect((await compliance(f, '2024-06-29')).compliant).toBe(true);
      expect((await compliance(f, '2024-06-30')).errors).toEqual(['SCIC_MIN_CATEGORIES', 'SCIC_EMPLOYEES_PRESENT']);
      expect((await compliance(f)).errors).toEqual(['SCIC_MIN_CATEGORIES', 'SCIC_EMPLOYEES_PRESENT']);
    });

    it('flags missing beneficiaries; without employees, producers are the mandatory category', async () => {
      const f = await createScic(t.http);
      await admitMember(t.http, f, { category: f.categories.employee });
      await admitMember(t.http, f, { category: f.categories.supporter });
      await admitMember(t.http, f, { category: f.categories.publicBody, personType: 'LEGAL' });
      expect(await compliance(f)).toMatchObject({ compliant: false, errors: ['SCIC_BENEFICIARIES_PRESENT'] });
      await admitMember(t.http, f, { category: f.categories.beneficiary });
      expect(await compliance(f)).toMatchObject({ compliant: true, errors: [] });

      const noStaff = await createScic(t.http, { hasEmployees: false });
      const producers = (await t.http.post(`/api/cooperatives/${noStaff.cooperativeId}/categories`).send({ name: 'Producteurs', kind: 'PRODUCER' })).body.id;
      await admitMember(t.http, noStaff, { category: noStaff.categories.beneficiary });
      await admitMember(t.http, noStaff, { category: noStaff.categories.supporter });
      await admitMember(t.http, noStaff, { category: noStaff.categories.employee });
      const res = await compliance(noStaff);
      expect(res.errors).toEqual(['SCIC_PRODUCERS_PRESENT']);
      expect(res.checks.map((c: { code: string }) => c.code)).not.toContain('SCIC_EMPLOYEES_PRESENT');
      await admitMember(t.http, noStaff, { category: producers });
      expect(await compliance(noStaff)).toMatchObject({ compliant: true, errors: [] });
    });

    it('flags illegal colleges, members without a college, overdue payments and capital under its floor', async () => {
      // a SCIC that uses colleges but has none yet: a member is admitted without one
      const coop = (await t.http.post('/api/cooperatives').send({ name: 'Sans collèges', legalKind: 'SCIC_SARL' })).body.id;
      const base = `/api/cooperatives/${coop}`;
      const cats: Record<string, string> = {};
      for (const kind of ['EMPLOYEE', 'BENEFICIARY', 'SUPPORTER']) cats[kind] = (await t.http.post(`${base}/categories`).send({ name: kind, kind })).body.id;
      const cls = (await t.http.post(`${base}/share-classes`).send({ code: 'A', name: 'A', nominalValue: '100.00' })).body.id;
      const ids: string[] = [];
      for (const kind of ['EMPLOYEE', 'BENEFICIARY', 'SUPPORTER']) {
        const m = (await t.http.post(`${base}/members`).send({ personType: 'LEGAL', companyName: kind, categoryId: cats[kind], appliedOn: '2020-01-01' })).body
          .id;
        expect(
          (await t.http.post(`${base}/members/${m}/admission`).send({ decisionRef: 'CA', decisionDate: '2020-01-02', effectiveDate: '2020-01-02' })).status,
        ).toBe(201);
        ids.push(m);
      }
      let res = await compliance(coop);
      expect(res).toMatchObject({ compliant: false, errors: ['COLLEGE_WEIGHTS'], warnings: ['MEMBERS_IN_COLLEGES'] });
      expect(res.checks.find((c: { code: string }) => c.code === 'COLLEGE_WEIGHTS').details).toEqual({ colleges: 0 });
      expect(res.checks.find((c: { code: string }) => c.code === 'MEMBERS_IN_COLLEGES').details).toEqual({ membersWithoutCollege: 3 });

      const colleges = (await t.http.put(`${base}/colleges`).send({ colleges: [{ name: 'A' }, { name: 'B' }, { name: 'C' }] })).body;
      res = await compliance(coop);
      expect(res).toMatchObject({ compliant: true, errors: [], warnings: ['MEMBERS_IN_COLLEGES'] });
      for (const [i, m] of ids.entries()) expect((await t.http.patch(`${base}/members/${m}`).send({ collegeId: colleges[i].id })).status).toBe(200);

      // a subscription of 2020 whose balance was due in 2021 and never paid
      const sub = await t.http
        .post(`${base}/movements/subscriptions`)
        .send({ memberId: ids[0], shareClassId: cls, shares: 8, paidAmount: '200.00', date: '2020-02-01', dueDate: '2021-02-01' });
      expect(sub.status).toBe(201);
      res = await compliance(coop);
      expect(res).toMatchObject({ compliant: true, errors: [], warnings: ['NO_OVERDUE_PAYMENTS'] });
      expect(res.checks.find((c: { code: string }) => c.code === 'NO_OVERDUE_PAYMENTS').details).toEqual({ overdue: '600.00' });
      expect((await compliance(coop, '2021-02-01')).warnings).toEqual([]);
      expect((await compliance(coop, '2021-02-02')).warnings).toEqual(['NO_OVERDUE_PAYMENTS']);

      // the statutes raise the floor above the capital: a warning, not an error
      expect((await t.http.patch(`${base}/settings`).send({ statutoryFloor: '1000.00' })).status).toBe(200);
      res = await compliance(coop);
      expect(res).toMatchObject({ compliant: true, warnings: ['CAPITAL_ABOVE_FLOOR', 'NO_OVERDUE_PAYMENTS'] });
      expect(res.checks.find((c: { code: string }) => c.code === 'CAPITAL_ABOVE_FLOOR').details).toEqual({ capital: '800.00', floor: '1000.00' });
    });

    it('flags public bodies above 50 % when a correction leaves them there', async () => {
      const f = await createScic(t.http);
      const a = await admitMember(t.http, f, { category: f.categories.employee });
      await admitMember(t.http, f, { category: f.categories.supporter });
      const p = await admitMember(t.http, f, { category: f.categories.publicBody, personType: 'LEGAL' });
      const wrong = await subscribe(t.http, f, a, 5, '500.00', '2024-02-01');
      await subscribe(t.http, f, p, 5, '500.00', '2024-02-01');
      expect((await compliance(f)).errors).toEqual(['SCIC_BENEFICIARIES_PRESENT']);
      const undo = await t.http
        .post(`/api/cooperatives/${f.cooperativeId}/movements/${wrong.id}/reversal`)
        .send({ date: '2024-02-02', reason: 'bulletin non signé' });
      expect(undo.status).toBe(201);
      const res = await compliance(f);
      expect(res.errors).toEqual(['SCIC_BENEFICIARIES_PRESENT', 'PUBLIC_BODY_CAP']);
      expect(res.checks.find((c: { code: string }) => c.code === 'PUBLIC_BODY_CAP').details).toEqual({ publicBodyCapital: '500.00', capital: '500.00' });
      expect((await compliance(f, '2024-02-01')).errors).toEqual(['SCIC_BENEFICIARIES_PRESENT']);
    });

    it('has no SCIC checks for another legal kind', async () => {
      const coop = (await t.http.post('/api/cooperatives').send({ name: 'SCOP', legalKind: 'SCOP' })).body.id;
      const res = await compliance(coop);
      expect(res).toMatchObject({ compliant: true, errors: [], warnings: [] });
      expect(res.checks.map((c: { code: string }) => c.code)).toEqual(['CAPITAL_ABOVE_FLOOR', 'NO_OVERDUE_PAYMENTS']);
    });

    it('refuses a bad date and an unknown cooperative', async () => {
      const f = await createScic(t.http);
      expectError(await t.http.get(`/api/cooperatives/${f.cooperativeId}/compliance?asOf=2024-04-31`), 400, 'INVALID_DATE', 'asOf');
      expectError(await t.http.get(`/api/cooperatives/${UNKNOWN_ID}/compliance`), 404, 'COOPERATIVE_NOT_FOUND', 'cooperativeId');
    });
  });

  describe('registers', () => {
    let f: ScicFixture;
    let base: string;
    const names = {
      quoted: { firstName: 'Jean "Jojo"', lastName: 'Dupont, fils' },
      formula: '=HYPERLINK("http://evil.example","clic")',
      at: { firstName: '@Marie', lastName: 'Curie' },
    };
    const ids: Record<string, string> = {};

    async function admit(person: Record<string, unknown>, category: string, college: string, date: string): Promise<string> {
      const m = await t.http
        .post(`${base}/members`)
        .send({ ...person, categoryId: category, collegeId: college, appliedOn: '2024-01-01', email: 'x@example.org' });
      expect(m.status).toBe(201);
      const a = await t.http.post(`${base}/members/${m.body.id}/admission`).send({ decisionRef: `CA-${date}`, decisionDate: date, effectiveDate: date });
      expect(a.status).toBe(201);
      return m.body.id;
    }

    beforeAll(async () => {
      f = await createScic(t.http);
      base = `/api/cooperatives/${f.cooperativeId}`;
      ids.quoted = await admit({ personType: 'NATURAL', ...names.quoted }, f.categories.employee, f.colleges[0], '2024-01-10'); // no 1
      ids.formula = await admit({ personType: 'LEGAL', companyName: names.formula }, f.categories.beneficiary, f.colleges[1], '2024-01-10'); // no 2
      ids.at = await admit({ personType: 'NATURAL', ...names.at }, f.categories.supporter, f.colleges[2], '2024-04-15'); // no 3
      await subscribe(t.http, f, ids.quoted, 4, '400.00', '2024-02-01'); // 1
      await subscribe(t.http, f, ids.formula, 2, '50.00', '2024-02-01'); // 2
      const transfer = await t.http.post(`${base}/movements/transfers`).send({
        fromMemberId: ids.quoted,
        toMemberId: ids.formula,
        shareClassId: f.classA,
        shares: 1,
        date: '2024-03-01',
        approvalReference: '=cmd|calc',
        approvalDate: '2024-02-28',
      });
      expect(transfer.status).toBe(201); // 3
      // 4
      const pay = await t.http.post(`${base}/movements/payments`).send({ memberId: ids.formula, shareClassId: f.classA, amount: '30.00', date: '2024-03-15' });
      expect(pay.status).toBe(201);
      const undo = await t.http.post(`${base}/movements/${pay.body.id}/reversal`).send({ date: '2024-03-20', reason: 'ligne 1\r\nligne 2, "rejeté"' }); // 5
      expect(undo.status).toBe(201);
      await subscribe(t.http, f, ids.at, 1, '100.00', '2024-04-15'); // 6
      expect((await t.http.post(`${base}/members/${ids.at}/exit`).send({ reason: 'RESIGNATION', effectiveDate: '2024-06-30' })).status).toBe(201);
      const red = await t.http.post(`${base}/movements/redemptions`).send({ memberId: ids.at, shareClassId: f.classA, shares: 1, date: '2024-07-01' }); // 7
      expect(red.status).toBe(201);
    });

    it('GET /register: every movement in order, as JSON', async () => {
      const res = await t.http.get(`${base}/register`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.body.asOf).toBeNull();
      expect(res.body.items.map((r: { number: number; kind: string }) => [r.number, r.kind])).toEqual([
        [1, 'SUBSCRIPTION'],
        [2, 'SUBSCRIPTION'],
        [3, 'TRANSFER'],
        [4, 'PAYMENT'],
        [5, 'REVERSAL'],
        [6, 'SUBSCRIPTION'],
        [7, 'REDEMPTION'],
      ]);
      for (const row of res.body.items) expect(Object.keys(row)).toEqual(MOVEMENT_COLUMNS);
      expect(res.body.items[2]).toEqual({
        number: 3,
        date: '2024-03-01',
        kind: 'TRANSFER',
        memberNumber: 1,
        memberName: 'Jean "Jojo" Dupont, fils',
        counterpartyNumber: 2,
        counterpartyName: names.formula,
        shareClass: 'A',
        shares: 1,
        amount: '100.00',
        subscribedDelta: '-100.00',
        paidDelta: '-100.00',
        refundDueDelta: '0.00',
        lossDeduction: '0.00',
        dueDate: null,
        reference: '=cmd|calc',
        referenceDate: '2024-02-28',
        reason: null,
        reversesNumber: null,
        capitalAfter: '600.00',
        paidCapitalAfter: '450.00',
        highestCapitalAfter: '600.00',
        publicBodyCapitalAfter: '0.00',
        recordedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      expect(res.body.items[4]).toMatchObject({
        kind: 'REVERSAL',
        reversesNumber: 4,
        reason: 'ligne 1\r\nligne 2, "rejeté"',
        paidDelta: '-30.00',
        paidCapitalAfter: '450.00',
      });
      expect(res.body.items[6]).toMatchObject({
        kind: 'REDEMPTION',
        memberNumber: 3,
        memberName: '@Marie Curie',
        amount: '100.00',
        refundDueDelta: '100.00',
        capitalAfter: '600.00',
        highestCapitalAfter: '700.00',
      });
    });

    it('GET /register?asOf=: the prefix of the journal up to that date', async () => {
      const res = await t.http.get(`${base}/register?asOf=2024-03-15`);
      expect(res.status).toBe(200);
      expect(res.body.asOf).toBe('2024-03-15');
      expect(res.body.items.map((r: { number: number }) => r.number)).toEqual([1, 2, 3, 4]);
      expect((await get(`${base}/register?asOf=2024-01-31`)).items).toEqual([]);
    });

    it('GET /register?format=csv: header, one record per movement, RFC 4180 quoting, formulas neutralised', async () => {
      const res = await t.http.get(`${base}/register?format=csv&asOf=2024-12-31`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe('attachment; filename="register-movements-2024-12-31.csv"');
      expect(res.text.startsWith('\uFEFF')).toBe(true);
      const text = res.text.slice(1);
      expect(text.split('\r\n')[0]).toBe(MOVEMENT_COLUMNS.join(','));
      const rows = parseCsv(text);
      expect(rows).toHaveLength(1 + 7);
      for (const row of rows) expect(row).toHaveLength(MOVEMENT_COLUMNS.length);
      const col = (name: string) => MOVEMENT_COLUMNS.indexOf(name);
      const transfer = rows[3];
      expect(transfer[col('kind')]).toBe('TRANSFER');
      expect(transfer[col('memberName')]).toBe('Jean "Jojo" Dupont, fils');
      expect(text).toContain(',"Jean ""Jojo"" Dupont, fils",');
      // a name or a reference a spreadsheet would run as a formula is prefixed with a quote
      expect(transfer[col('counterpartyName')]).toBe(`'${names.formula}`);
      expect(text).toContain(`,"'=HYPERLINK(""http://evil.example"",""clic"")",`);
      expect(transfer[col('reference')]).toBe("'=cmd|calc");
      expect(rows[7][col('memberName')]).toBe("'@Marie Curie");
      // negative amounts stay numbers
      expect(transfer[col('subscribedDelta')]).toBe('-100.00');
      expect(transfer[col('dueDate')]).toBe('');
      expect(rows[5][col('reason')]).toBe('ligne 1\r\nligne 2, "rejeté"');
      expect(rows[5][col('reversesNumber')]).toBe('4');
      expect(rows.slice(1).map((r) => r[col('number')])).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    });

    it('GET /register/members: every member ever admitted, with holdings and status as of the date', async () => {
      const now = await get(`${base}/register/members`);
      expect(now.items.map((r: { memberNumber: number; status: string }) => [r.memberNumber, r.status])).toEqual([
        [1, 'ADMITTED'],
        [2, 'ADMITTED'],
        [3, 'EXITED'],
      ]);
      for (const row of now.items) expect(Object.keys(row)).toEqual(MEMBER_COLUMNS);
      expect(now.items[0]).toEqual({
        memberNumber: 1,
        status: 'ADMITTED',
        personType: 'NATURAL',
        name: 'Jean "Jojo" Dupont, fils',
        category: 'Salariés',
        categoryKind: 'EMPLOYEE',
        college: 'Producteurs',
        email: 'x@example.org',
        admissionDecisionRef: 'CA-2024-01-10',
        admissionDecisionDate: '2024-01-10',
        admissionEffectiveDate: '2024-01-10',
        exitReason: null,
        exitDecisionRef: null,
        exitEffectiveDate: null,
        shares: 3,
        subscribed: '300.00',
        paid: '300.00',
        unpaid: '0.00',
        refundDue: '0.00',
      });
      expect(now.items[1]).toMatchObject({ name: names.formula, shares: 3, subscribed: '300.00', paid: '150.00', unpaid: '150.00' });
      expect(now.items[2]).toMatchObject({
        name: '@Marie Curie',
        status: 'EXITED',
        exitReason: 'RESIGNATION',
        exitEffectiveDate: '2024-06-30',
        shares: 0,
        subscribed: '0.00',
        refundDue: '100.00',
      });

      const march = await get(`${base}/register/members?asOf=2024-03-16`);
      expect(march.asOf).toBe('2024-03-16');
      expect(march.items.map((r: { memberNumber: number }) => r.memberNumber)).toEqual([1, 2]);
      expect(march.items[1]).toMatchObject({ shares: 3, subscribed: '300.00', paid: '180.00', unpaid: '120.00' });
      const june = await get(`${base}/register/members?asOf=2024-06-15`);
      expect(june.items[2]).toMatchObject({
        memberNumber: 3,
        status: 'ADMITTED',
        exitReason: null,
        exitEffectiveDate: null,
        shares: 1,
        subscribed: '100.00',
        refundDue: '0.00',
      });
      expect((await get(`${base}/register/members?asOf=2024-06-30`)).items[2]).toMatchObject({ status: 'EXITED', exitReason: 'RESIGNATION', shares: 1 });
      expect((await get(`${base}/register/members?asOf=2024-01-09`)).items).toEqual([]);
    });

    it('GET /register/members?format=csv', async () => {
      const res = await t.http.get(`${base}/register/members?format=csv`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe('attachment; filename="register-members.csv"');
      const rows = parseCsv(res.text.replace(/^\uFEFF/, ''));
      expect(rows[0]).toEqual(MEMBER_COLUMNS);
      expect(rows).toHaveLength(1 + 3);
      const col = (name: string) => MEMBER_COLUMNS.indexOf(name);
      expect(rows.slice(1).map((r) => [r[col('memberNumber')], r[col('name')], r[col('status')], r[col('shares')]])).toEqual([
        ['1', 'Jean "Jojo" Dupont, fils', 'ADMITTED', '3'],
        ['2', `'${names.formula}`, 'ADMITTED', '3'],
        ['3', "'@Marie Curie", 'EXITED', '0'],
      ]);
      expect(rows[3][col('exitReason')]).toBe('RESIGNATION');
      expect(rows[1][col('exitReason')]).toBe('');
    });

    it('refuses a bad format or date, and an unknown cooperative, with a JSON error', async () => {
      expectError(await t.http.get(`${base}/register?format=xml`), 400, 'VALIDATION_FAILED', 'format');
      expectError(await t.http.get(`${base}/register/members?format=pdf`), 400, 'VALIDATION_FAILED', 'format');
      expectError(await t.http.get(`${base}/register?asOf=2024-02-30`), 400, 'INVALID_DATE', 'asOf');
      expectError(await t.http.get(`${base}/register/members?asOf=31/12/2024`), 400, 'INVALID_DATE', 'asOf');
      expectError(await t.http.get(`${base}/register?limit=10`), 400, 'UNKNOWN_FIELD', 'limit');
      const unknown = await t.http.get(`/api/cooperatives/${UNKNOWN_ID}/register?format=csv`);
      expectError(unknown, 404, 'COOPERATIVE_NOT_FOUND', 'cooperativeId');
      expect(unknown.headers['content-type']).toContain('application/json');
      expectError(await t.http.get(`/api/cooperatives/${UNKNOWN_ID}/register/members`), 404, 'COOPERATIVE_NOT_FOUND', 'cooperativeId');
    });
  });
});
