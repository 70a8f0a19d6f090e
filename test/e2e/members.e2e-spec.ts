import { expectError } from '../support/expect-error';
import { admitMember, createScic, subscribe, type ScicFixture } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/test-app';
import { onOneDay, todayUtc } from '../support/today';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

describe('members, through HTTP', () => {
  let t: TestApp;
  let f: ScicFixture;
  let g: ScicFixture; // another cooperative
  let base: string;

  beforeAll(async () => {
    t = await startTestApp();
    f = await createScic(t.http);
    g = await createScic(t.http);
    base = `/api/cooperatives/${f.cooperativeId}`;
  });
  afterAll(() => t.close());

  const candidate = (body: Record<string, unknown> = {}, coop = f) =>
    t.http.post(`/api/cooperatives/${coop.cooperativeId}/members`).send({
      personType: 'NATURAL',
      firstName: 'Jeanne',
      lastName: 'Dupont',
      categoryId: coop.categories.beneficiary,
      collegeId: coop.colleges[1],
      appliedOn: '2024-01-05',
      ...body,
    });
  const admit = (memberId: string, body: Record<string, unknown> = {}, coop = f) =>
    t.http.post(`/api/cooperatives/${coop.cooperativeId}/members/${memberId}/admission`).send({
      decisionRef: 'CA-2024-01',
      decisionDate: '2024-01-10',
      effectiveDate: '2024-01-10',
      ...body,
    });
  const exit = (memberId: string, body: Record<string, unknown>) => t.http.post(`${base}/members/${memberId}/exit`).send(body);
  const getMember = async (memberId: string, coop = f) => {
    const res = await t.http.get(`/api/cooperatives/${coop.cooperativeId}/members/${memberId}`);
    expect(res.status).toBe(200);
    return res.body;
  };

  describe('POST /members (candidates)', () => {
    it('registers a natural person as a candidate, with contact data', async () => {
      const res = await candidate({
        email: 'jeanne@example.org',
        phone: '+33 1 23 45 67 89',
        street: ' 1 rue de la Paix ',
        postalCode: '75002',
        city: 'Paris',
        country: 'fr',
        language: 'fr_FR',
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        memberNumber: null,
        status: 'CANDIDATE',
        personType: 'NATURAL',
        displayName: 'Jeanne Dupont',
        firstName: 'Jeanne',
        lastName: 'Dupont',
        companyName: null,
        email: 'jeanne@example.org',
        phone: '+33 1 23 45 67 89',
        address: { street: '1 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' },
        language: 'fr_FR',
        categoryId: f.categories.beneficiary,
        collegeId: f.colleges[1],
        appliedOn: '2024-01-05',
        admission: null,
        exit: null,
        closedOn: null,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect(await getMember(res.body.id)).toEqual(res.body);
    });

    it('registers a legal person; the application date defaults to today', async () => {
      const dayBefore = todayUtc();
      const res = await candidate({
        personType: 'LEGAL',
        firstName: undefined,
        lastName: undefined,
        companyName: 'Mairie de Trifouilly',
        appliedOn: undefined,
      });
      const days = [dayBefore, todayUtc()]; // the same day, unless the request ran across midnight
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ personType: 'LEGAL', displayName: 'Mairie de Trifouilly', companyName: 'Mairie de Trifouilly', firstName: null });
      expect(days).toContain(res.body.appliedOn);
    });

    it.each([
      ['a natural person without last name', { lastName: undefined }, 'lastName'],
      ['a natural person with a blank last name', { lastName: '   ' }, 'lastName'],
      ['a natural person without first name', { firstName: undefined }, 'firstName'],
      ['a legal person without company name', { personType: 'LEGAL', companyName: undefined }, 'companyName'],
      ['a legal person with an empty company name', { personType: 'LEGAL', companyName: '' }, 'companyName'],
    ])('refuses %s: 422 PERSON_FIELDS_INVALID', async (_, body, field) => {
      expectError(await candidate(body), 422, 'PERSON_FIELDS_INVALID', field);
    });

    it('refuses a category or a college of another cooperative: 404, nothing created', async () => {
      const before = (await t.http.get(`${base}/members?limit=500`)).body.items.length;
      expectError(await candidate({ categoryId: g.categories.beneficiary }), 404, 'CATEGORY_NOT_FOUND', 'categoryId');
      expectError(await candidate({ collegeId: g.colleges[0] }), 404, 'COLLEGE_NOT_FOUND', 'collegeId');
      expectError(await candidate({ categoryId: UNKNOWN_ID }), 404, 'CATEGORY_NOT_FOUND', 'categoryId');
      expectError(await candidate({ collegeId: UNKNOWN_ID }), 404, 'COLLEGE_NOT_FOUND', 'collegeId');
      expect((await t.http.get(`${base}/members?limit=500`)).body.items.length).toBe(before);
    });

    it('refuses a college in a cooperative whose statutes do not use colleges: 422 COLLEGES_NOT_USED', async () => {
      const scop = (await t.http.post('/api/cooperatives').send({ name: 'SCOP', legalKind: 'SCOP' })).body.id;
      const cat = (await t.http.post(`/api/cooperatives/${scop}/categories`).send({ name: 'Salariés', kind: 'EMPLOYEE' })).body.id;
      const res = await t.http
        .post(`/api/cooperatives/${scop}/members`)
        .send({ personType: 'LEGAL', companyName: 'X', categoryId: cat, collegeId: f.colleges[0] });
      expectError(res, 422, 'COLLEGES_NOT_USED', 'collegeId');
      const ok = await t.http.post(`/api/cooperatives/${scop}/members`).send({ personType: 'LEGAL', companyName: 'X', categoryId: cat });
      expect([ok.status, ok.body.collegeId]).toEqual([201, null]);
    });

    it.each([
      ['an unknown person type', { personType: 'ROBOT' }, 400, 'VALIDATION_FAILED', 'personType'],
      ['a missing category', { categoryId: undefined }, 400, 'VALIDATION_FAILED', 'categoryId'],
      ['a category id that is not a UUID', { categoryId: 'salaries' }, 400, 'VALIDATION_FAILED', 'categoryId'],
      ['a bad email', { email: 'not-an-email' }, 400, 'VALIDATION_FAILED', 'email'],
      ['a bad phone', { phone: 'call me' }, 400, 'VALIDATION_FAILED', 'phone'],
      ['a 3-letter country', { country: 'FRA' }, 400, 'VALIDATION_FAILED', 'country'],
      ['a bad language', { language: 'french' }, 400, 'VALIDATION_FAILED', 'language'],
      ['an impossible application date', { appliedOn: '2025-02-30' }, 400, 'INVALID_DATE', 'appliedOn'],
      ['an application date with a time', { appliedOn: '2024-01-05T10:00:00Z' }, 400, 'INVALID_DATE', 'appliedOn'],
      ['an unknown field', { memberNumber: 7 }, 400, 'UNKNOWN_FIELD', 'memberNumber'],
      ['a status sent by the client', { status: 'ADMITTED' }, 400, 'UNKNOWN_FIELD', 'status'],
    ])('refuses %s', async (_, body, status, code, field) => {
      expectError(await candidate(body), status, code, field);
    });

    it('answers 404 COOPERATIVE_NOT_FOUND for an unknown cooperative', async () => {
      const res = await t.http
        .post(`/api/cooperatives/${UNKNOWN_ID}/members`)
        .send({ personType: 'LEGAL', companyName: 'X', categoryId: f.categories.beneficiary });
      expectError(res, 404, 'COOPERATIVE_NOT_FOUND', 'cooperativeId');
    });
  });

  describe('GET /members/:id', () => {
    it('answers 404 MEMBER_NOT_FOUND for an unknown member or one of another cooperative', async () => {
      const theirs = (await candidate({}, g)).body.id;
      expectError(await t.http.get(`${base}/members/${UNKNOWN_ID}`), 404, 'MEMBER_NOT_FOUND', 'memberId');
      expectError(await t.http.get(`${base}/members/${theirs}`), 404, 'MEMBER_NOT_FOUND', 'memberId');
      expect((await t.http.get(`/api/cooperatives/${g.cooperativeId}/members/${theirs}`)).status).toBe(200);
    });

    it('answers 404 COOPERATIVE_NOT_FOUND for an unknown cooperative, 400 for ids that are not UUIDs', async () => {
      const mine = (await candidate()).body.id;
      expectError(await t.http.get(`/api/cooperatives/${UNKNOWN_ID}/members/${mine}`), 404, 'COOPERATIVE_NOT_FOUND', 'cooperativeId');
      expectError(await t.http.get(`${base}/members/42`), 400, 'VALIDATION_FAILED', 'memberId');
      expectError(await t.http.get(`/api/cooperatives/42/members/${mine}`), 400, 'VALIDATION_FAILED', 'cooperativeId');
    });
  });

  describe('admission and member numbers', () => {
    let h: ScicFixture;
    let hbase: string;

    beforeAll(async () => {
      h = await createScic(t.http);
      hbase = `/api/cooperatives/${h.cooperativeId}`;
    });

    const newCandidate = async (body: Record<string, unknown> = {}) => {
      const res = await candidate(body, h);
      expect(res.status).toBe(201);
      return res.body.id as string;
    };

    it('admits candidates with sequential member numbers 1, 2, 3, never reused', async () => {
      const a = await newCandidate();
      const b = await newCandidate({ collegeId: h.colleges[0] });
      const c = await newCandidate({ collegeId: h.colleges[2] });
      const ra = await admit(a, { decisionRef: 'CA-1', decisionDate: '2024-01-10', effectiveDate: '2024-02-01' }, h);
      expect(ra.status).toBe(201);
      expect(ra.body).toMatchObject({
        memberNumber: 1,
        status: 'ADMITTED',
        admission: { decisionRef: 'CA-1', decisionDate: '2024-01-10', effectiveDate: '2024-02-01' },
        exit: null,
      });
      expect((await admit(b, {}, h)).body.memberNumber).toBe(2);
      expect((await admit(c, {}, h)).body.memberNumber).toBe(3);

      // 2 leaves (no shares: closed at once); its number stays its own and the next member gets 4
      const left = await t.http.post(`${hbase}/members/${b}/exit`).send({ reason: 'RESIGNATION', effectiveDate: '2024-03-01' });
      expect(left.body).toMatchObject({ status: 'CLOSED', memberNumber: 2 });
      const d = await newCandidate();
      expect((await admit(d, {}, h)).body.memberNumber).toBe(4);
      const numbers = (await t.http.get(`${hbase}/members?status=ADMITTED`)).body.items.map((m: { memberNumber: number }) => m.memberNumber);
      expect(numbers).toEqual([1, 3, 4]);
    });

    it('refuses to admit a member twice: 409 MEMBER_STATUS_INVALID, number unchanged', async () => {
      const m = await newCandidate();
      const first = await admit(m, {}, h);
      expect(first.status).toBe(201);
      const again = await admit(m, { decisionRef: 'CA-again' }, h);
      expectError(again, 409, 'MEMBER_STATUS_INVALID', 'memberId');
      expect(again.body.details).toEqual({ status: 'ADMITTED' });
      expect(await getMember(m, h)).toEqual(first.body);
    });

    it('refuses dates out of order and impossible dates, without spending a member number', async () => {
      const m = await newCandidate({ appliedOn: '2024-01-05' });
      const last = Math.max(...(await t.http.get(`${hbase}/members?limit=500`)).body.items.map((x: { memberNumber: number | null }) => x.memberNumber ?? 0));
      expectError(await admit(m, { decisionDate: '2024-01-10', effectiveDate: '2024-01-09' }, h), 400, 'VALIDATION_FAILED', 'effectiveDate');
      expectError(await admit(m, { decisionDate: '2024-01-04', effectiveDate: '2024-01-10' }, h), 400, 'VALIDATION_FAILED', 'decisionDate');
      expectError(await admit(m, { decisionDate: '2025-02-30' }, h), 400, 'INVALID_DATE', 'decisionDate');
      expectError(await admit(m, { effectiveDate: '2023-02-29' }, h), 400, 'INVALID_DATE', 'effectiveDate');
      expectError(await admit(m, { effectiveDate: '10/01/2024' }, h), 400, 'INVALID_DATE', 'effectiveDate');
      expectError(await admit(m, { decisionRef: '' }, h), 400, 'VALIDATION_FAILED', 'decisionRef');
      expectError(await admit(m, { decisionRef: undefined }, h), 400, 'VALIDATION_FAILED', 'decisionRef');
      expectError(await admit(m, { memberNumber: 1 }, h), 400, 'UNKNOWN_FIELD', 'memberNumber');
      expect((await getMember(m, h)).status).toBe('CANDIDATE');
      // a leap day exists in 2024; the number is the next one, with no gap from the refusals
      const ok = await admit(m, { decisionDate: '2024-02-29', effectiveDate: '2024-02-29' }, h);
      expect(ok.status).toBe(201);
      expect(ok.body.memberNumber).toBe(last + 1);
    });

    it('requires a college when the cooperative has colleges: 422 COLLEGE_REQUIRED, then admits once one is set', async () => {
      const m = await newCandidate({ collegeId: undefined });
      const last = Math.max(...(await t.http.get(`${hbase}/members?limit=500`)).body.items.map((x: { memberNumber: number | null }) => x.memberNumber ?? 0));
      expectError(await admit(m, {}, h), 422, 'COLLEGE_REQUIRED', 'collegeId');
      expect((await getMember(m, h)).memberNumber).toBeNull();
      const patched = await t.http.patch(`${hbase}/members/${m}`).send({ collegeId: h.colleges[2] });
      expect(patched.status).toBe(200);
      const ok = await admit(m, {}, h);
      expect(ok.body).toMatchObject({ status: 'ADMITTED', memberNumber: last + 1, collegeId: h.colleges[2] });
    });

    it('admits without a college when the cooperative has none (yet)', async () => {
      const coop = (await t.http.post('/api/cooperatives').send({ name: 'No colleges yet', legalKind: 'SCIC_SAS' })).body.id;
      const cat = (await t.http.post(`/api/cooperatives/${coop}/categories`).send({ name: 'B', kind: 'BENEFICIARY' })).body.id;
      const m = (
        await t.http.post(`/api/cooperatives/${coop}/members`).send({ personType: 'LEGAL', companyName: 'X', categoryId: cat, appliedOn: '2024-01-01' })
      ).body.id;
      const res = await t.http
        .post(`/api/cooperatives/${coop}/members/${m}/admission`)
        .send({ decisionRef: 'AG-1', decisionDate: '2024-01-02', effectiveDate: '2024-01-02' });
      expect(res.body).toMatchObject({ status: 'ADMITTED', memberNumber: 1, collegeId: null });
    });

    it('answers 404 for an unknown member or one of another cooperative', async () => {
      const theirs = (await candidate({}, g)).body.id;
      expectError(await admit(UNKNOWN_ID, {}, h), 404, 'MEMBER_NOT_FOUND', 'memberId');
      expectError(await admit(theirs, {}, h), 404, 'MEMBER_NOT_FOUND', 'memberId');
      expect((await getMember(theirs, g)).status).toBe('CANDIDATE');
      const res = await t.http
        .post(`/api/cooperatives/${UNKNOWN_ID}/members/${theirs}/admission`)
        .send({ decisionRef: 'X', decisionDate: '2024-01-10', effectiveDate: '2024-01-10' });
      expectError(res, 404, 'COOPERATIVE_NOT_FOUND', 'cooperativeId');
    });
  });

  describe('exit', () => {
    it('refuses the exit of a candidate (409 MEMBER_STATUS_INVALID)', async () => {
      const c = (await candidate()).body.id;
      const res = await exit(c, { reason: 'RESIGNATION', effectiveDate: '2024-06-30' });
      expectError(res, 409, 'MEMBER_STATUS_INVALID', 'memberId');
      expect(res.body.details).toEqual({ status: 'CANDIDATE' });
      expect((await getMember(c)).status).toBe('CANDIDATE');
    });

    it('refuses an exclusion or a radiation without its decision reference: 422 APPROVAL_REQUIRED', async () => {
      const m = await admitMember(t.http, f);
      expectError(await exit(m, { reason: 'EXCLUSION', effectiveDate: '2024-06-30' }), 422, 'APPROVAL_REQUIRED', 'decisionRef');
      expectError(await exit(m, { reason: 'RADIATION', effectiveDate: '2024-06-30' }), 422, 'APPROVAL_REQUIRED', 'decisionRef');
      expect((await getMember(m)).status).toBe('ADMITTED');
      const ok = await exit(m, { reason: 'EXCLUSION', decisionRef: 'AGE-2024-06', decisionDate: '2024-06-15', effectiveDate: '2024-06-30' });
      expect(ok.status).toBe(201);
      expect(ok.body).toMatchObject({
        status: 'CLOSED',
        closedOn: '2024-06-30',
        exit: { reason: 'EXCLUSION', decisionRef: 'AGE-2024-06', decisionDate: '2024-06-15', effectiveDate: '2024-06-30' },
      });
    });

    it('closes a member without shares at once; a member with shares is EXITED until redeemed', async () => {
      const none = await admitMember(t.http, f);
      const res = await exit(none, { reason: 'DEATH', effectiveDate: '2024-05-01' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        status: 'CLOSED',
        closedOn: '2024-05-01',
        exit: { reason: 'DEATH', decisionRef: null, decisionDate: null, effectiveDate: '2024-05-01' },
      });

      const holder = await admitMember(t.http, f);
      await subscribe(t.http, f, holder, 2, '200.00', '2024-02-01');
      const exited = await exit(holder, { reason: 'RESIGNATION', effectiveDate: '2024-06-30' });
      expect(exited.status).toBe(201);
      expect(exited.body).toMatchObject({
        status: 'EXITED',
        closedOn: null,
        memberNumber: expect.any(Number),
        exit: { reason: 'RESIGNATION', effectiveDate: '2024-06-30' },
      });
      // an exited member cannot exit again
      expectError(await exit(holder, { reason: 'RESIGNATION', effectiveDate: '2024-07-01' }), 409, 'MEMBER_STATUS_INVALID', 'memberId');
      expectError(await exit(none, { reason: 'RESIGNATION', effectiveDate: '2024-07-01' }), 409, 'MEMBER_STATUS_INVALID', 'memberId');
    });

    it('refuses an exit before the admission: 422 DATE_BEFORE_ADMISSION', async () => {
      const m = await admitMember(t.http, f, { date: '2024-01-10' });
      expectError(await exit(m, { reason: 'RESIGNATION', effectiveDate: '2024-01-09' }), 422, 'DATE_BEFORE_ADMISSION', 'effectiveDate');
      expect((await getMember(m)).status).toBe('ADMITTED');
      const sameDay = await exit(m, { reason: 'RESIGNATION', effectiveDate: '2024-01-10' });
      expect(sameDay.body.status).toBe('CLOSED');
    });

    it.each([
      ['an unknown reason', { reason: 'RETIREMENT', effectiveDate: '2024-06-30' }, 400, 'VALIDATION_FAILED', 'reason'],
      ['a missing effective date', { reason: 'RESIGNATION' }, 400, 'INVALID_DATE', 'effectiveDate'],
      ['an impossible date', { reason: 'RESIGNATION', effectiveDate: '2024-06-31' }, 400, 'INVALID_DATE', 'effectiveDate'],
      ['an empty decision reference', { reason: 'EXCLUSION', decisionRef: '', effectiveDate: '2024-06-30' }, 400, 'VALIDATION_FAILED', 'decisionRef'],
    ])('refuses %s', async (_, body, status, code, field) => {
      const m = await admitMember(t.http, f);
      expectError(await exit(m, body), status, code, field);
      expect((await getMember(m)).status).toBe('ADMITTED');
    });

    it('answers 404 MEMBER_NOT_FOUND for a member of another cooperative', async () => {
      const theirs = await admitMember(t.http, g);
      expectError(await exit(theirs, { reason: 'RESIGNATION', effectiveDate: '2024-06-30' }), 404, 'MEMBER_NOT_FOUND', 'memberId');
      expect((await getMember(theirs, g)).status).toBe('ADMITTED');
    });
  });

  describe('PATCH /members/:id', () => {
    it('changes contact data; null clears a field; absent fields stay', async () => {
      const m = (await candidate({ email: 'a@example.org', phone: '0102030405', city: 'Lyon' })).body;
      const res = await t.http.patch(`${base}/members/${m.id}`).send({ email: 'b@example.org', phone: null, street: '2 place Bellecour', country: 'fr' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        email: 'b@example.org',
        phone: null,
        address: { street: '2 place Bellecour', postalCode: null, city: 'Lyon', country: 'FR' },
        firstName: 'Jeanne',
        lastName: 'Dupont',
        createdAt: m.createdAt,
      });
      expect(Date.parse(res.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(m.updatedAt));
      const renamed = await t.http.patch(`${base}/members/${m.id}`).send({ lastName: 'Durand' });
      expect(renamed.body.displayName).toBe('Jeanne Durand');
      expect(await getMember(m.id)).toEqual(renamed.body);
    });

    it('moves a member to another category and college of the same cooperative', async () => {
      const m = await admitMember(t.http, f);
      const res = await t.http.patch(`${base}/members/${m}`).send({ categoryId: f.categories.supporter, collegeId: f.colleges[2] });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ categoryId: f.categories.supporter, collegeId: f.colleges[2], status: 'ADMITTED' });
    });

    it('refuses what would break the person, the classification or the public-body share', async () => {
      const m = await admitMember(t.http, f);
      const before = await getMember(m);
      expectError(await t.http.patch(`${base}/members/${m}`).send({ lastName: null }), 422, 'PERSON_FIELDS_INVALID', 'lastName');
      expectError(await t.http.patch(`${base}/members/${m}`).send({ firstName: ' ' }), 422, 'PERSON_FIELDS_INVALID', 'firstName');
      expectError(await t.http.patch(`${base}/members/${m}`).send({ categoryId: g.categories.employee }), 404, 'CATEGORY_NOT_FOUND', 'categoryId');
      expectError(await t.http.patch(`${base}/members/${m}`).send({ collegeId: g.colleges[0] }), 404, 'COLLEGE_NOT_FOUND', 'collegeId');
      expectError(await t.http.patch(`${base}/members/${m}`).send({ personType: 'LEGAL' }), 400, 'UNKNOWN_FIELD', 'personType');
      expectError(await t.http.patch(`${base}/members/${m}`).send({ email: 'nope' }), 400, 'VALIDATION_FAILED', 'email');
      expect(await getMember(m)).toEqual(before);

      // a shareholder may not move in or out of a public-body category (it would rewrite the public-body share)
      await subscribe(t.http, f, m, 1, '100.00', '2024-02-01');
      expectError(await t.http.patch(`${base}/members/${m}`).send({ categoryId: f.categories.publicBody }), 409, 'MEMBER_STATUS_INVALID', 'categoryId');
      expect((await getMember(m)).categoryId).toBe(before.categoryId);
    });

    it('refuses to change a closed member: 409 MEMBER_STATUS_INVALID', async () => {
      const m = await admitMember(t.http, f);
      await exit(m, { reason: 'RESIGNATION', effectiveDate: '2024-06-30' });
      expectError(await t.http.patch(`${base}/members/${m}`).send({ email: 'late@example.org' }), 409, 'MEMBER_STATUS_INVALID', 'memberId');
    });

    it('answers 404 MEMBER_NOT_FOUND for a member of another cooperative', async () => {
      const theirs = (await candidate({}, g)).body;
      expectError(await t.http.patch(`${base}/members/${theirs.id}`).send({ email: 'x@example.org' }), 404, 'MEMBER_NOT_FOUND', 'memberId');
      expect((await getMember(theirs.id, g)).email).toBe(theirs.email);
    });
  });

  describe('GET /members (filters and pagination)', () => {
    let k: ScicFixture;
    let kbase: string;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      k = await createScic(t.http);
      kbase = `/api/cooperatives/${k.cooperativeId}`;
      ids.m1 = await admitMember(t.http, k, { category: k.categories.employee, college: k.colleges[0] });
      ids.m2 = await admitMember(t.http, k, { category: k.categories.beneficiary, college: k.colleges[1] });
      ids.m3 = await admitMember(t.http, k, { category: k.categories.beneficiary, college: k.colleges[0] });
      ids.m4 = await admitMember(t.http, k, { category: k.categories.supporter, college: k.colleges[2] });
      await t.http.post(`${kbase}/members/${ids.m4}/exit`).send({ reason: 'RESIGNATION', effectiveDate: '2024-03-01' });
      ids.c1 = (await candidate({}, k)).body.id;
      ids.c2 = (await candidate({ categoryId: k.categories.employee, collegeId: k.colleges[0] }, k)).body.id;
    });

    const listIds = async (query: string) => {
      const res = await t.http.get(`${kbase}/members?${query}`);
      expect(res.status).toBe(200);
      return res.body.items.map((m: { id: string }) => m.id);
    };

    it('lists members by number, candidates last, and filters by status, category and college', async () => {
      const candidates = [ids.c1, ids.c2].sort();
      expect(await listIds('')).toEqual([ids.m1, ids.m2, ids.m3, ids.m4, ...candidates]);
      expect(await listIds('status=ADMITTED')).toEqual([ids.m1, ids.m2, ids.m3]);
      expect(await listIds('status=CLOSED')).toEqual([ids.m4]);
      expect(await listIds('status=EXITED')).toEqual([]);
      expect(await listIds('status=CANDIDATE')).toEqual(candidates);
      expect(await listIds(`categoryId=${k.categories.beneficiary}`)).toEqual([ids.m2, ids.m3, ids.c1]);
      expect(await listIds(`collegeId=${k.colleges[0]}`)).toEqual([ids.m1, ids.m3, ids.c2]);
      expect(await listIds(`collegeId=${k.colleges[0]}&categoryId=${k.categories.employee}&status=ADMITTED`)).toEqual([ids.m1]);
      expect(await listIds(`categoryId=${f.categories.employee}`)).toEqual([]);
    });

    it('pages with a cursor, across members and candidates, with no overlap nor gap', async () => {
      const all = await listIds('');
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await t.http.get(`${kbase}/members?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status).toBe(200);
        seen.push(...res.body.items.map((m: { id: string }) => m.id));
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor);
      expect(seen).toEqual(all);
      expect(pages).toBe(3);
      const filtered = await t.http.get(`${kbase}/members?status=ADMITTED&limit=2`);
      expect(filtered.body.items).toHaveLength(2);
      const rest = await t.http.get(`${kbase}/members?status=ADMITTED&limit=2&cursor=${filtered.body.nextCursor}`);
      expect(rest.body.items.map((m: { id: string }) => m.id)).toEqual([ids.m3]);
      expect(rest.body.nextCursor).toBeNull();
    });

    it.each([
      ['cursor=abc', 400, 'INVALID_CURSOR', 'cursor'],
      [`cursor=${Buffer.from(`["${UNKNOWN_ID}"]`).toString('base64url')}`, 400, 'INVALID_CURSOR', 'cursor'],
      ['status=MEMBER', 400, 'VALIDATION_FAILED', 'status'],
      ['categoryId=abc', 400, 'VALIDATION_FAILED', 'categoryId'],
      ['collegeId=abc', 400, 'VALIDATION_FAILED', 'collegeId'],
      ['limit=0', 400, 'VALIDATION_FAILED', 'limit'],
      ['name=Dupont', 400, 'UNKNOWN_FIELD', 'name'],
    ])('refuses ?%s', async (query, status, code, field) => {
      expectError(await t.http.get(`${kbase}/members?${query}`), status, code, field);
    });

    it('answers 404 COOPERATIVE_NOT_FOUND for an unknown cooperative', async () => {
      expectError(await t.http.get(`/api/cooperatives/${UNKNOWN_ID}/members`), 404, 'COOPERATIVE_NOT_FOUND', 'cooperativeId');
    });
  });

  describe('GET /members/:id/holdings', () => {
    it('gives the holdings now and as of a past date, from the journal', async () => {
      const h = await createScic(t.http);
      const hb = `/api/cooperatives/${h.cooperativeId}`;
      const m = await admitMember(t.http, h, { date: '2024-01-10' });
      const other = await admitMember(t.http, h, { date: '2024-01-10', college: h.colleges[1] });
      await subscribe(t.http, h, m, 4, '100.00', '2024-02-01'); // 400.00 of class A, 100.00 paid
      await subscribe(t.http, h, m, 3, '60.00', '2024-02-01', h.classB); // 60.00 of class B, fully paid
      const pay = await t.http.post(`${hb}/movements/payments`).send({ memberId: m, shareClassId: h.classA, amount: '250.00', date: '2024-03-01' });
      expect(pay.status).toBe(201);
      const transfer = await t.http.post(`${hb}/movements/transfers`).send({
        fromMemberId: m,
        toMemberId: other,
        shareClassId: h.classB,
        shares: 1,
        date: '2024-04-01',
        approvalReference: 'CA-9',
        approvalDate: '2024-03-30',
      });
      expect(transfer.status).toBe(201);

      const holdings = async (asOf?: string) => {
        const res = await t.http.get(`${hb}/members/${m}/holdings${asOf ? `?asOf=${asOf}` : ''}`);
        expect(res.status).toBe(200);
        return res.body;
      };
      const classA = (shares: number, subscribed: string, paid: string, unpaid: string, fullyPaidShares: number) => ({
        shareClassId: h.classA,
        code: 'A',
        nominalValue: '100.00',
        shares,
        fullyPaidShares,
        subscribed,
        paid,
        unpaid,
        refundDue: '0.00',
      });
      const classB = (shares: number, amount: string) => ({
        shareClassId: h.classB,
        code: 'B',
        nominalValue: '20.00',
        shares,
        fullyPaidShares: shares,
        subscribed: amount,
        paid: amount,
        unpaid: '0.00',
        refundDue: '0.00',
      });

      expect(await holdings('2024-01-31')).toEqual({
        memberId: m,
        asOf: '2024-01-31',
        classes: [],
        totals: { shares: 0, subscribed: '0.00', paid: '0.00', unpaid: '0.00', refundDue: '0.00' },
      });
      expect(await holdings('2024-02-01')).toEqual({
        memberId: m,
        asOf: '2024-02-01',
        classes: [classA(4, '400.00', '100.00', '300.00', 1), classB(3, '60.00')],
        totals: { shares: 7, subscribed: '460.00', paid: '160.00', unpaid: '300.00', refundDue: '0.00' },
      });
      expect((await holdings('2024-03-15')).classes).toEqual([classA(4, '400.00', '350.00', '50.00', 3), classB(3, '60.00')]);
      const { day, value: now } = await onOneDay(() => holdings());
      expect(now).toEqual({
        memberId: m,
        asOf: day,
        classes: [classA(4, '400.00', '350.00', '50.00', 3), classB(2, '40.00')],
        totals: { shares: 6, subscribed: '440.00', paid: '390.00', unpaid: '50.00', refundDue: '0.00' },
      });
      // a date in the future reads the same as now; a past date after the last movement too
      expect((await holdings('2999-12-31')).classes).toEqual(now.classes);
      expect((await holdings('2025-01-01')).classes).toEqual(now.classes);
      // the transferee's side of the journal
      const theirs = (await t.http.get(`${hb}/members/${other}/holdings?asOf=2024-04-01`)).body;
      expect(theirs.classes).toEqual([classB(1, '20.00')]);
      expect((await t.http.get(`${hb}/members/${other}/holdings?asOf=2024-03-31`)).body.classes).toEqual([]);
    });

    it('refuses a bad date and unknown members', async () => {
      const m = await admitMember(t.http, f);
      expectError(await t.http.get(`${base}/members/${m}/holdings?asOf=2025-02-30`), 400, 'INVALID_DATE', 'asOf');
      expectError(await t.http.get(`${base}/members/${m}/holdings?asOf=yesterday`), 400, 'INVALID_DATE', 'asOf');
      expectError(await t.http.get(`${base}/members/${m}/holdings?date=2024-01-01`), 400, 'UNKNOWN_FIELD', 'date');
      expectError(await t.http.get(`${base}/members/${UNKNOWN_ID}/holdings`), 404, 'MEMBER_NOT_FOUND', 'memberId');
      const theirs = await admitMember(t.http, g);
      expectError(await t.http.get(`${base}/members/${theirs}/holdings`), 404, 'MEMBER_NOT_FOUND', 'memberId');
      expectError(await t.http.get(`/api/cooperatives/${UNKNOWN_ID}/members/${m}/holdings`), 404, 'COOPERATIVE_NOT_FOUND', 'cooperativeId');
    });
  });
});
