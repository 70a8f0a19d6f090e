import { expectError } from '../support/expect-error';
import { createScic, type ScicFixture } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

describe('structure: categories, colleges and share classes, through HTTP', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function newCooperative(legalKind = 'SCIC_SAS', settings: Record<string, unknown> = {}): Promise<string> {
    const res = await t.http.post('/api/cooperatives').send({ name: `Structure ${legalKind}`, legalKind, settings });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  describe('categories', () => {
    let coop: string;
    let other: string;

    beforeAll(async () => {
      coop = await newCooperative();
      other = await newCooperative();
    });

    it('creates categories and lists them by name', async () => {
      const url = `/api/cooperatives/${coop}/categories`;
      expect((await t.http.get(url)).body).toEqual([]);
      const salaries = await t.http.post(url).send({ name: '  Salariés ', kind: 'EMPLOYEE', description: 'contrat de travail' });
      expect(salaries.status).toBe(201);
      expect(salaries.body).toEqual({
        id: expect.any(String),
        name: 'Salariés',
        kind: 'EMPLOYEE',
        description: 'contrat de travail',
        createdAt: expect.any(String),
      });
      const benef = await t.http.post(url).send({ name: 'Bénéficiaires', kind: 'BENEFICIARY' });
      expect(benef.status).toBe(201);
      expect(benef.body.description).toBeNull();
      const aides = await t.http.post(url).send({ name: 'Aidants', kind: 'VOLUNTEER' });
      const list = await t.http.get(url);
      expect(list.status).toBe(200);
      expect(list.body.map((c: { id: string; name: string; kind: string }) => [c.id, c.name, c.kind])).toEqual([
        [aides.body.id, 'Aidants', 'VOLUNTEER'],
        [benef.body.id, 'Bénéficiaires', 'BENEFICIARY'],
        [salaries.body.id, 'Salariés', 'EMPLOYEE'],
      ]);
    });

    it('accepts every kind of category', async () => {
      const url = `/api/cooperatives/${other}/categories`;
      for (const kind of ['EMPLOYEE', 'PRODUCER', 'BENEFICIARY', 'PUBLIC_BODY', 'VOLUNTEER', 'SUPPORTER', 'OTHER']) {
        const res = await t.http.post(url).send({ name: `Kind ${kind}`, kind });
        expect([res.status, res.body.kind]).toEqual([201, kind]);
      }
      expect((await t.http.get(url)).body).toHaveLength(7);
    });

    it('refuses a duplicate name in the same cooperative (409 DUPLICATE_CODE), not in another one', async () => {
      const url = `/api/cooperatives/${coop}/categories`;
      const before = (await t.http.get(url)).body;
      expectError(await t.http.post(url).send({ name: 'Salariés', kind: 'OTHER' }), 409, 'DUPLICATE_CODE', 'name');
      expectError(await t.http.post(url).send({ name: ' Salariés  ', kind: 'EMPLOYEE' }), 409, 'DUPLICATE_CODE', 'name');
      expect((await t.http.get(url)).body).toEqual(before);
      const elsewhere = await t.http.post(`/api/cooperatives/${other}/categories`).send({ name: 'Salariés', kind: 'EMPLOYEE' });
      expect(elsewhere.status).toBe(201);
    });

    it.each([
      ['an unknown kind', { name: 'X', kind: 'INVESTOR' }, 'kind'],
      ['a lower-case kind', { name: 'X', kind: 'employee' }, 'kind'],
      ['a missing kind', { name: 'X' }, 'kind'],
      ['a missing name', { kind: 'OTHER' }, 'name'],
      ['a blank name', { name: '   ', kind: 'OTHER' }, 'name'],
      ['a name over 120 characters', { name: 'n'.repeat(121), kind: 'OTHER' }, 'name'],
      ['a numeric description', { name: 'X', kind: 'OTHER', description: 5 }, 'description'],
    ])('refuses %s: 400 VALIDATION_FAILED', async (_, body, field) => {
      expectError(await t.http.post(`/api/cooperatives/${coop}/categories`).send(body), 400, 'VALIDATION_FAILED', field);
    });

    it('refuses an unknown field: 400 UNKNOWN_FIELD', async () => {
      expectError(
        await t.http.post(`/api/cooperatives/${coop}/categories`).send({ name: 'X', kind: 'OTHER', mandatory: true }),
        400,
        'UNKNOWN_FIELD',
        'mandatory',
      );
    });

    it('answers 404 COOPERATIVE_NOT_FOUND for an unknown cooperative, 400 for a non-UUID one', async () => {
      expectError(await t.http.get(`/api/cooperatives/${UNKNOWN_ID}/categories`), 404, 'COOPERATIVE_NOT_FOUND', 'cooperativeId');
      expectError(
        await t.http.post(`/api/cooperatives/${UNKNOWN_ID}/categories`).send({ name: 'X', kind: 'OTHER' }),
        404,
        'COOPERATIVE_NOT_FOUND',
        'cooperativeId',
      );
      expectError(await t.http.get('/api/cooperatives/xyz/categories'), 400, 'VALIDATION_FAILED', 'cooperativeId');
    });
  });

  describe('colleges', () => {
    const put = (coop: string, colleges: unknown) => t.http.put(`/api/cooperatives/${coop}/colleges`).send({ colleges });
    const get = async (coop: string) => {
      const res = await t.http.get(`/api/cooperatives/${coop}/colleges`);
      expect(res.status).toBe(200);
      return res.body as { id: string; name: string; weight: string | null; position: number }[];
    };

    it('starts empty; a SCIC needs at least 3 colleges (422 COLLEGE_WEIGHTS_INVALID)', async () => {
      const coop = await newCooperative();
      expect(await get(coop)).toEqual([]);
      const two = await put(coop, [{ name: 'A' }, { name: 'B' }]);
      expectError(two, 422, 'COLLEGE_WEIGHTS_INVALID', 'colleges');
      expect(two.body.details).toEqual({ count: 2 });
      expectError(
        await put(coop, [
          { name: 'A', weight: '50' },
          { name: 'B', weight: '50' },
        ]),
        422,
        'COLLEGE_WEIGHTS_INVALID',
        'colleges',
      );
      expect(await get(coop)).toEqual([]);
    });

    it('takes equal weights when no college has a weight', async () => {
      const coop = await newCooperative();
      const res = await put(coop, [{ name: 'Salariés' }, { name: 'Usagers' }, { name: 'Soutiens' }]);
      expect(res.status).toBe(200);
      expect(res.body.map((c: { name: string; weight: null; position: number }) => [c.name, c.weight, c.position])).toEqual([
        ['Salariés', null, 0],
        ['Usagers', null, 1],
        ['Soutiens', null, 2],
      ]);
      expect(await get(coop)).toEqual(res.body);
    });

    it('accepts 33.33 / 33.33 / 33.34 and the bounds 10 % and 50 %', async () => {
      const coop = await newCooperative();
      const thirds = await put(coop, [
        { name: 'A', weight: '33.33' },
        { name: 'B', weight: '33.33' },
        { name: 'C', weight: '33.34' },
      ]);
      expect(thirds.status).toBe(200);
      expect(thirds.body.map((c: { weight: string }) => c.weight)).toEqual(['33.33', '33.33', '33.34']);
      const bounds = await put(coop, [
        { name: 'A', weight: '10' },
        { name: 'B', weight: '40.0000' },
        { name: 'C', weight: '50.00' },
      ]);
      expect(bounds.status).toBe(200);
      expect(bounds.body.map((c: { weight: string }) => c.weight)).toEqual(['10.00', '40.00', '50.00']);
      const four = await put(coop, [
        { name: 'A', weight: '12.5' },
        { name: 'B', weight: '12.5' },
        { name: 'C', weight: '37.5' },
        { name: 'D', weight: '37.5' },
      ]);
      expect(four.body.map((c: { weight: string }) => c.weight)).toEqual(['12.50', '12.50', '37.50', '37.50']);
    });

    it.each([
      ['a college under 10 %', ['9.99', '45.01', '45'], 'colleges[0].weight', { weight: '9.99' }],
      ['a college over 50 %', ['25', '24.99', '50.01'], 'colleges[2].weight', { weight: '50.01' }],
      ['weights summing to 99.99 %', ['33.33', '33.33', '33.33'], 'colleges', { total: '99.99' }],
      ['weights summing to 100.01 %', ['33.33', '33.34', '33.34'], 'colleges', { total: '100.01' }],
    ])('refuses %s: 422 COLLEGE_WEIGHTS_INVALID, and keeps the previous set', async (_, weights, field, details) => {
      const coop = await newCooperative();
      const ok = await put(coop, [{ name: 'A' }, { name: 'B' }, { name: 'C' }]);
      expect(ok.status).toBe(200);
      const res = await put(
        coop,
        weights.map((weight, i) => ({ id: ok.body[i].id, name: `New ${i}`, weight })),
      );
      expectError(res, 422, 'COLLEGE_WEIGHTS_INVALID', field);
      expect(res.body.details).toEqual(details);
      expect(await get(coop)).toEqual(ok.body);
    });

    it('refuses a weight on some colleges only, two colleges with the same name, 11 colleges', async () => {
      const coop = await newCooperative();
      expectError(await put(coop, [{ name: 'A', weight: '50' }, { name: 'B' }, { name: 'C' }]), 422, 'COLLEGE_WEIGHTS_INVALID', 'colleges');
      expectError(await put(coop, [{ name: 'Usagers' }, { name: ' usagers ' }, { name: 'C' }]), 422, 'COLLEGE_WEIGHTS_INVALID', 'colleges');
      const eleven = Array.from({ length: 11 }, (_, i) => ({ name: `C${i}` }));
      expectError(await put(coop, eleven), 400, 'VALIDATION_FAILED', 'colleges');
      const ten = await put(coop, eleven.slice(0, 10));
      expect(ten.status).toBe(200);
      expect(ten.body).toHaveLength(10);
    });

    it.each([
      [
        'a weight as a JSON number',
        [
          { name: 'A', weight: 40 },
          { name: 'B', weight: '30' },
          { name: 'C', weight: '30' },
        ],
        400,
        'INVALID_AMOUNT',
        'colleges[0].weight',
      ],
      [
        'a weight with 5 decimals',
        [
          { name: 'A', weight: '40' },
          { name: 'B', weight: '30.00001' },
          { name: 'C', weight: '29.99999' },
        ],
        400,
        'INVALID_AMOUNT',
        'colleges[1].weight',
      ],
      [
        'a zero weight',
        [
          { name: 'A', weight: '50' },
          { name: 'B', weight: '50' },
          { name: 'C', weight: '0' },
        ],
        400,
        'INVALID_AMOUNT',
        'colleges[2].weight',
      ],
      ['a blank name', [{ name: 'A' }, { name: '  ' }, { name: 'C' }], 400, 'VALIDATION_FAILED', 'colleges[1].name'],
      ['a missing name', [{ name: 'A' }, { weight: null }, { name: 'C' }], 400, 'VALIDATION_FAILED', 'colleges[1].name'],
      ['an id that is not a UUID', [{ id: '12', name: 'A' }, { name: 'B' }, { name: 'C' }], 400, 'VALIDATION_FAILED', 'colleges[0].id'],
      ['an unknown field in a college', [{ name: 'A', members: 3 }, { name: 'B' }, { name: 'C' }], 400, 'UNKNOWN_FIELD', 'colleges[0].members'],
      ['a college that is not an object', ['A', { name: 'B' }, { name: 'C' }], 400, 'VALIDATION_FAILED', 'colleges[0]'],
      ['colleges that are not a list', { name: 'A' }, 400, 'VALIDATION_FAILED', 'colleges'],
    ])('refuses %s', async (_, colleges, status, code, field) => {
      const coop = await newCooperative();
      expectError(await put(coop, colleges), status, code, field);
      expect(await get(coop)).toEqual([]);
    });

    it('renames and reorders colleges kept by id, with their members, even swapping names', async () => {
      const f = await createScic(t.http);
      const coop = f.cooperativeId;
      const [p, u, s] = await get(coop);
      expect([p.name, u.name, s.name]).toEqual(['Producteurs', 'Usagers', 'Partenaires']);
      const member = await t.http.post(`/api/cooperatives/${coop}/members`).send({
        personType: 'NATURAL',
        firstName: 'Ada',
        lastName: 'L',
        categoryId: f.categories.beneficiary,
        collegeId: u.id,
        appliedOn: '2024-01-01',
      });
      expect(member.status).toBe(201);
      const res = await put(coop, [
        { id: u.id, name: 'Producteurs', weight: '30' },
        { id: p.id, name: 'Usagers', weight: '40' },
        { id: s.id, name: 'Partenaires et soutiens', weight: '30' },
      ]);
      expect(res.status).toBe(200);
      expect(res.body).toEqual([
        { id: u.id, name: 'Producteurs', weight: '30.00', position: 0 },
        { id: p.id, name: 'Usagers', weight: '40.00', position: 1 },
        { id: s.id, name: 'Partenaires et soutiens', weight: '30.00', position: 2 },
      ]);
      expect((await t.http.get(`/api/cooperatives/${coop}/members/${member.body.id}`)).body.collegeId).toBe(u.id);
    });

    it('replaces colleges without members, and refuses to remove one with members (409 COLLEGE_IN_USE)', async () => {
      const f = await createScic(t.http);
      const coop = f.cooperativeId;
      const before = await get(coop);
      const [p, u, s] = before;
      await t.http.post(`/api/cooperatives/${coop}/members`).send({
        personType: 'LEGAL',
        companyName: 'ACME',
        categoryId: f.categories.supporter,
        collegeId: s.id,
      });
      const res = await put(coop, [{ id: p.id, name: 'P' }, { id: u.id, name: 'U' }, { name: 'Nouveau' }]);
      expectError(res, 409, 'COLLEGE_IN_USE', 'colleges');
      expect(res.body.details).toEqual({ members: 1 });
      expect(await get(coop)).toEqual(before);

      const replaced = await put(coop, [{ id: s.id, name: 'S' }, { name: 'Nouveau 1' }, { name: 'Nouveau 2' }]);
      expect(replaced.status).toBe(200);
      expect(replaced.body.map((c: { name: string }) => c.name)).toEqual(['S', 'Nouveau 1', 'Nouveau 2']);
      expect(replaced.body[0].id).toBe(s.id);
      expect(new Set(replaced.body.map((c: { id: string }) => c.id)).size).toBe(3);
      expect(replaced.body.map((c: { id: string }) => c.id)).not.toContain(p.id);
    });

    it('removes every college when given an empty set, if no member is in one', async () => {
      const coop = await newCooperative();
      await put(coop, [{ name: 'A' }, { name: 'B' }, { name: 'C' }]);
      const res = await put(coop, []);
      expect(res.status).toBe(200);
      expect(res.body).toEqual([]);
      expect(await get(coop)).toEqual([]);
    });

    it('refuses an unknown college id, or one of another cooperative (404 COLLEGE_NOT_FOUND), or the same id twice', async () => {
      const f: ScicFixture = await createScic(t.http);
      const g: ScicFixture = await createScic(t.http);
      const before = await get(f.cooperativeId);
      expectError(await put(f.cooperativeId, [{ id: UNKNOWN_ID, name: 'A' }, { name: 'B' }, { name: 'C' }]), 404, 'COLLEGE_NOT_FOUND', 'colleges[0].id');
      expectError(await put(f.cooperativeId, [{ name: 'A' }, { id: g.colleges[1], name: 'B' }, { name: 'C' }]), 404, 'COLLEGE_NOT_FOUND', 'colleges[1].id');
      const twice = await put(f.cooperativeId, [{ id: f.colleges[0], name: 'A' }, { id: f.colleges[0], name: 'B' }, { name: 'C' }]);
      expectError(twice, 400, 'VALIDATION_FAILED', 'colleges[1].id');
      expect(await get(f.cooperativeId)).toEqual(before);
      expect(await get(g.cooperativeId)).toHaveLength(3);
    });

    it('refuses colleges when the statutes do not use them: 422 COLLEGES_NOT_USED', async () => {
      const scop = await newCooperative('SCOP');
      expectError(await put(scop, [{ name: 'A' }, { name: 'B' }, { name: 'C' }]), 422, 'COLLEGES_NOT_USED', 'colleges');
      const scic = await newCooperative('SCIC_SAS', { usesColleges: false });
      expectError(await put(scic, [{ name: 'A' }, { name: 'B' }, { name: 'C' }]), 422, 'COLLEGES_NOT_USED', 'colleges');
      expect(await get(scic)).toEqual([]);
    });

    it('lets a non-SCIC that uses colleges have 2 of them with free weights', async () => {
      const scop = await newCooperative('SCOP', { usesColleges: true });
      const res = await put(scop, [
        { name: 'Salariés', weight: '70' },
        { name: 'Autres', weight: '30' },
      ]);
      expect(res.status).toBe(200);
      expect(res.body.map((c: { weight: string }) => c.weight)).toEqual(['70.00', '30.00']);
      expectError(
        await put(scop, [
          { name: 'A', weight: '70' },
          { name: 'B', weight: '20' },
        ]),
        422,
        'COLLEGE_WEIGHTS_INVALID',
        'colleges',
      );
    });

    it('answers 404 COOPERATIVE_NOT_FOUND for an unknown cooperative', async () => {
      expectError(await t.http.get(`/api/cooperatives/${UNKNOWN_ID}/colleges`), 404, 'COOPERATIVE_NOT_FOUND', 'cooperativeId');
      expectError(await put(UNKNOWN_ID, [{ name: 'A' }, { name: 'B' }, { name: 'C' }]), 404, 'COOPERATIVE_NOT_FOUND', 'cooperativeId');
    });
  });

  describe('share classes', () => {
    let coop: string;
    let other: string;
    let employees: string;
    let foreignCategory: string;

    beforeAll(async () => {
      coop = await newCooperative();
      other = await newCooperative();
      employees = (await t.http.post(`/api/cooperatives/${coop}/categories`).send({ name: 'Salariés', kind: 'EMPLOYEE' })).body.id;
      foreignCategory = (await t.http.post(`/api/cooperatives/${other}/categories`).send({ name: 'Salariés', kind: 'EMPLOYEE' })).body.id;
    });

    const post = (body: Record<string, unknown>, cooperativeId = coop) => t.http.post(`/api/cooperatives/${cooperativeId}/share-classes`).send(body);
    const list = async (cooperativeId = coop) => (await t.http.get(`/api/cooperatives/${cooperativeId}/share-classes`)).body;

    it('creates share classes with their defaults and lists them by code', async () => {
      const b = await post({ code: 'B', name: ' Parts usagers ', nominalValue: '15.2449' });
      expect(b.status).toBe(201);
      expect(b.body).toEqual({
        id: expect.any(String),
        code: 'B',
        name: 'Parts usagers',
        nominalValue: '15.2449',
        minPerMember: 1,
        maxPerMember: null,
        holderTypes: ['NATURAL', 'LEGAL'],
        eligibleCategoryIds: [],
        createdAt: expect.any(String),
      });
      const a = await post({
        code: 'A',
        name: 'Parts salariés',
        nominalValue: '100',
        minPerMember: 2,
        maxPerMember: 50,
        holderTypes: ['NATURAL', 'NATURAL'],
        eligibleCategoryIds: [employees, employees],
      });
      expect(a.status).toBe(201);
      expect(a.body).toMatchObject({ nominalValue: '100.00', minPerMember: 2, maxPerMember: 50, holderTypes: ['NATURAL'], eligibleCategoryIds: [employees] });
      const c = await post({ code: 'C-1_X', name: 'Investisseurs', nominalValue: '12.5', minPerMember: 0, maxPerMember: 1, holderTypes: ['LEGAL'] });
      expect(c.status).toBe(201);
      expect(c.body).toMatchObject({ nominalValue: '12.50', minPerMember: 0, maxPerMember: 1, holderTypes: ['LEGAL'] });
      const same = await post({ code: 'D', name: 'Min = max', nominalValue: '0.0001', minPerMember: 3, maxPerMember: 3 });
      expect(same.status).toBe(201);
      expect(same.body.nominalValue).toBe('0.0001');
      expect((await list()).map((s: { code: string }) => s.code)).toEqual(['A', 'B', 'C-1_X', 'D']);
    });

    it('refuses a duplicate code in the same cooperative (409 DUPLICATE_CODE), not in another one', async () => {
      const before = await list();
      expectError(await post({ code: 'A', name: 'Again', nominalValue: '1.00' }), 409, 'DUPLICATE_CODE', 'code');
      expect(await list()).toEqual(before);
      expect((await post({ code: 'A', name: 'Elsewhere', nominalValue: '1.00' }, other)).status).toBe(201);
    });

    it.each([
      ['5 decimals', '15.24491'],
      ['a JSON number', 100],
      ['zero', '0.00'],
      ['a negative value', '-10.00'],
      ['a missing value', undefined],
    ])('refuses a nominal value with %s: 400 INVALID_AMOUNT', async (_, nominalValue) => {
      expectError(await post({ code: 'Z', name: 'Z', nominalValue }), 400, 'INVALID_AMOUNT', 'nominalValue');
    });

    it('refuses a nominal value too large for the register: 400 INVALID_AMOUNT naming nominalValue', async () => {
      const before = await list();
      expectError(await post({ code: 'Z', name: 'Z', nominalValue: '99999999999' }), 400, 'INVALID_AMOUNT', 'nominalValue');
      expect(await list()).toEqual(before);
      expect((await post({ code: 'BIGGEST', name: 'Largest nominal a share class holds', nominalValue: '9999999999.9999' })).status).toBe(201);
    });

    it('refuses maxPerMember under minPerMember (400 VALIDATION_FAILED naming maxPerMember)', async () => {
      expectError(await post({ code: 'Z', name: 'Z', nominalValue: '1.00', minPerMember: 5, maxPerMember: 4 }), 400, 'VALIDATION_FAILED', 'maxPerMember');
      expectError(await post({ code: 'Z', name: 'Z', nominalValue: '1.00', maxPerMember: 0, minPerMember: 0 }), 400, 'VALIDATION_FAILED', 'maxPerMember');
      expect((await list()).map((s: { code: string }) => s.code)).not.toContain('Z');
    });

    it.each([
      ['a lower-case code', { code: 'a', name: 'X', nominalValue: '1.00' }, 'code'],
      ['a code over 16 characters', { code: 'ABCDEFGHIJKLMNOPQ', name: 'X', nominalValue: '1.00' }, 'code'],
      ['a code starting with a dash', { code: '-A', name: 'X', nominalValue: '1.00' }, 'code'],
      ['a blank name', { code: 'Y', name: ' ', nominalValue: '1.00' }, 'name'],
      ['a negative minimum', { code: 'Y', name: 'X', nominalValue: '1.00', minPerMember: -1 }, 'minPerMember'],
      ['a fractional minimum', { code: 'Y', name: 'X', nominalValue: '1.00', minPerMember: 1.5 }, 'minPerMember'],
      ['a minimum as a string', { code: 'Y', name: 'X', nominalValue: '1.00', minPerMember: '1' }, 'minPerMember'],
      ['no holder type', { code: 'Y', name: 'X', nominalValue: '1.00', holderTypes: [] }, 'holderTypes'],
      ['an unknown holder type', { code: 'Y', name: 'X', nominalValue: '1.00', holderTypes: ['ROBOT'] }, 'holderTypes'],
      ['a category id that is not a UUID', { code: 'Y', name: 'X', nominalValue: '1.00', eligibleCategoryIds: ['abc'] }, 'eligibleCategoryIds'],
    ])('refuses %s: 400 VALIDATION_FAILED', async (_, body, field) => {
      expectError(await post(body), 400, 'VALIDATION_FAILED', field);
    });

    it('refuses an eligible category of another cooperative, or an unknown one: 404 CATEGORY_NOT_FOUND', async () => {
      const before = await list();
      expectError(
        await post({ code: 'Y', name: 'X', nominalValue: '1.00', eligibleCategoryIds: [employees, foreignCategory] }),
        404,
        'CATEGORY_NOT_FOUND',
        'eligibleCategoryIds',
      );
      expectError(
        await post({ code: 'Y', name: 'X', nominalValue: '1.00', eligibleCategoryIds: [UNKNOWN_ID] }),
        404,
        'CATEGORY_NOT_FOUND',
        'eligibleCategoryIds',
      );
      expect(await list()).toEqual(before);
    });

    it('refuses an unknown field: 400 UNKNOWN_FIELD', async () => {
      expectError(await post({ code: 'Y', name: 'X', nominalValue: '1.00', votes: 2 }), 400, 'UNKNOWN_FIELD', 'votes');
    });

    it('answers 404 COOPERATIVE_NOT_FOUND for an unknown cooperative', async () => {
      expectError(await t.http.get(`/api/cooperatives/${UNKNOWN_ID}/share-classes`), 404, 'COOPERATIVE_NOT_FOUND', 'cooperativeId');
      expectError(await post({ code: 'A', name: 'A', nominalValue: '1.00' }, UNKNOWN_ID), 404, 'COOPERATIVE_NOT_FOUND', 'cooperativeId');
    });
  });
});
