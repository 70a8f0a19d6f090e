import { expectError } from '../support/expect-error';
import { createScic } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

const COMMON_DEFAULTS = {
  statutoryFloor: '0.00',
  paymentDelayMonths: 60,
  minPaidFraction: '0.25',
  redemptionDelayMonths: 60,
  fiscalYearEnd: '12-31',
  hasEmployees: true,
  admissionApproval: 'BOARD',
  transferApproval: 'BOARD',
  lossAllocation: 'PRO_RATA_CAPITAL_AND_RESERVES',
  legalReserveRate: '0.15',
};

describe('cooperatives, through HTTP', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const create = (body: Record<string, unknown>) => t.http.post('/api/cooperatives').send(body);

  /** Every cooperative id, paging through the whole list. */
  async function allIds(limit = 500): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.http.get(`/api/cooperatives?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      ids.push(...res.body.items.map((c: { id: string }) => c.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    return ids;
  }

  describe('POST /api/cooperatives', () => {
    it.each([
      ['SCIC_SA', { ...COMMON_DEFAULTS, statutoryCapital: '18500.00', usesColleges: true, statutoryReserveRate: '0.5' }],
      ['SCIC_SAS', { ...COMMON_DEFAULTS, statutoryCapital: '0.00', usesColleges: true, statutoryReserveRate: '0.5' }],
      ['SCIC_SARL', { ...COMMON_DEFAULTS, statutoryCapital: '0.00', usesColleges: true, statutoryReserveRate: '0.5' }],
      ['SCOP', { ...COMMON_DEFAULTS, statutoryCapital: '0.00', usesColleges: false, statutoryReserveRate: '0' }],
      ['COOPERATIVE', { ...COMMON_DEFAULTS, statutoryCapital: '0.00', usesColleges: false, statutoryReserveRate: '0' }],
    ])('creates a %s with the legal defaults of its kind', async (legalKind, settings) => {
      const res = await create({ name: `  Coop ${legalKind}  `, legalKind, registrationNumber: '123456789' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: `Coop ${legalKind}`,
        registeredOffice: null,
        legalKind,
        registrationNumber: '123456789',
        settings,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      const got = await t.http.get(`/api/cooperatives/${res.body.id}`);
      expect(got.status).toBe(200);
      expect(got.body).toEqual(res.body);
    });

    it('keeps the settings given, on the legal bounds themselves', async () => {
      const settings = {
        statutoryCapital: '18500',
        statutoryFloor: '1000.50',
        paymentDelayMonths: 0,
        minPaidFraction: '1',
        redemptionDelayMonths: 60,
        fiscalYearEnd: '06-30',
        usesColleges: false,
        hasEmployees: false,
        admissionApproval: 'GENERAL_ASSEMBLY',
        transferApproval: 'GENERAL_ASSEMBLY',
        lossAllocation: 'RESERVES_FIRST',
        legalReserveRate: '0.15',
        statutoryReserveRate: '0.5',
      };
      const res = await create({ name: 'Bounds SA', legalKind: 'SCIC_SA', settings });
      expect(res.status).toBe(201);
      expect(res.body.registrationNumber).toBeNull();
      expect(res.body.settings).toEqual({ ...settings, statutoryCapital: '18500.00', statutoryFloor: '1000.50' });
    });

    it('accepts the other end of each bound', async () => {
      const res = await create({
        name: 'Bounds SCOP',
        legalKind: 'SCOP',
        settings: {
          minPaidFraction: '0.25',
          paymentDelayMonths: 60,
          redemptionDelayMonths: 0,
          legalReserveRate: '1',
          statutoryReserveRate: '0',
          statutoryCapital: '0',
        },
      });
      expect(res.status).toBe(201);
      expect(res.body.settings).toMatchObject({
        minPaidFraction: '0.25',
        paymentDelayMonths: 60,
        redemptionDelayMonths: 0,
        legalReserveRate: '1',
        statutoryReserveRate: '0',
      });
    });

    it.each([
      ['minPaidFraction', '0.2499', 'SCIC_SAS'],
      ['minPaidFraction', '1.0001', 'SCIC_SAS'],
      ['paymentDelayMonths', 61, 'SCIC_SAS'],
      ['paymentDelayMonths', -1, 'SCIC_SAS'],
      ['redemptionDelayMonths', 61, 'SCIC_SAS'],
      ['redemptionDelayMonths', -1, 'SCOP'],
      ['fiscalYearEnd', '02-30', 'SCIC_SAS'],
      ['fiscalYearEnd', '02-29', 'SCIC_SAS'],
      ['fiscalYearEnd', '13-01', 'SCIC_SAS'],
      ['fiscalYearEnd', '00-10', 'SCIC_SAS'],
      ['legalReserveRate', '0.1499', 'SCIC_SAS'],
      ['legalReserveRate', '1.01', 'SCOP'],
      ['statutoryReserveRate', '0.4999', 'SCIC_SAS'],
      ['statutoryReserveRate', '0.4999', 'SCIC_SARL'],
      ['statutoryReserveRate', '1.5', 'SCOP'],
    ])('refuses %s = %j for a %s: 422 SETTINGS_OUT_OF_LEGAL_BOUNDS naming the field', async (field, value, legalKind) => {
      const before = await allIds();
      const res = await create({ name: 'Out of bounds', legalKind, settings: { [field]: value } });
      expectError(res, 422, 'SETTINGS_OUT_OF_LEGAL_BOUNDS', `settings.${field}`);
      expect(await allIds()).toEqual(before);
    });

    it('refuses a SCIC SA whose statutes state less than 18 500 EUR: 422 STATUTORY_CAPITAL_TOO_LOW', async () => {
      const res = await create({ name: 'Small SA', legalKind: 'SCIC_SA', settings: { statutoryCapital: '18499.99' } });
      expectError(res, 422, 'STATUTORY_CAPITAL_TOO_LOW', 'settings.statutoryCapital');
      expect(res.body.details).toEqual({ minimum: '18500.00' });
      const zero = await create({ name: 'Zero SA', legalKind: 'SCIC_SA', settings: { statutoryCapital: '0' } });
      expectError(zero, 422, 'STATUTORY_CAPITAL_TOO_LOW', 'settings.statutoryCapital');
      // the same capital is fine for a SAS (free capital)
      const sas = await create({ name: 'Small SAS', legalKind: 'SCIC_SAS', settings: { statutoryCapital: '1.00' } });
      expect(sas.status).toBe(201);
      expect(sas.body.settings.statutoryCapital).toBe('1.00');
    });

    it('refuses an unknown field, at the top or nested, naming it: 400 UNKNOWN_FIELD', async () => {
      expectError(await create({ name: 'X', legalKind: 'SCOP', colour: 'red' }), 400, 'UNKNOWN_FIELD', 'colour');
      const nested = await create({ name: 'X', legalKind: 'SCOP', settings: { capital: '1.00' } });
      expectError(nested, 400, 'UNKNOWN_FIELD', 'settings.capital');
      expect(nested.body.message).toBe('unknown field: settings.capital');
    });

    it.each([
      ['a missing name', { legalKind: 'SCOP' }, 'name'],
      ['a numeric name', { name: 42, legalKind: 'SCOP' }, 'name'],
      ['an empty name', { name: '', legalKind: 'SCOP' }, 'name'],
      ['a blank name', { name: '   ', legalKind: 'SCOP' }, 'name'],
      ['a name over 200 characters', { name: 'x'.repeat(201), legalKind: 'SCOP' }, 'name'],
      ['an unknown legal kind', { name: 'X', legalKind: 'SCIC' }, 'legalKind'],
      ['a missing legal kind', { name: 'X' }, 'legalKind'],
      ['a numeric registration number', { name: 'X', legalKind: 'SCOP', registrationNumber: 123 }, 'registrationNumber'],
      ['settings that are not an object', { name: 'X', legalKind: 'SCOP', settings: 5 }, 'settings'],
      ['a boolean given as a string', { name: 'X', legalKind: 'SCOP', settings: { usesColleges: 'yes' } }, 'settings.usesColleges'],
      ['months given as a string', { name: 'X', legalKind: 'SCOP', settings: { paymentDelayMonths: '12' } }, 'settings.paymentDelayMonths'],
      ['fractional months', { name: 'X', legalKind: 'SCOP', settings: { paymentDelayMonths: 1.5 } }, 'settings.paymentDelayMonths'],
      ['a fiscal year end that is not MM-DD', { name: 'X', legalKind: 'SCOP', settings: { fiscalYearEnd: '2024-12-31' } }, 'settings.fiscalYearEnd'],
      ['an unknown approval body', { name: 'X', legalKind: 'SCOP', settings: { admissionApproval: 'MAYOR' } }, 'settings.admissionApproval'],
      ['an unknown loss allocation', { name: 'X', legalKind: 'SCOP', settings: { lossAllocation: 'NONE' } }, 'settings.lossAllocation'],
    ])('refuses %s: 400 VALIDATION_FAILED naming the field', async (_, body, field) => {
      expectError(await create(body), 400, 'VALIDATION_FAILED', field);
    });

    it.each([
      ['a JSON number', 18500],
      ['more than 4 decimals', '18500.00001'],
      ['a negative amount', '-1.00'],
      ['an exponent', '1e5'],
      ['a comma as decimal separator', '18500,00'],
      ['an empty string', ''],
    ])('refuses an amount given as %s: 400 INVALID_AMOUNT', async (_, statutoryCapital) => {
      const res = await create({ name: 'X', legalKind: 'SCIC_SA', settings: { statutoryCapital } });
      expectError(res, 400, 'INVALID_AMOUNT', 'settings.statutoryCapital');
    });

    it('refuses a ratio with more than 4 decimals: 400 INVALID_AMOUNT', async () => {
      expectError(await create({ name: 'X', legalKind: 'SCOP', settings: { minPaidFraction: '0.33333' } }), 400, 'INVALID_AMOUNT', 'settings.minPaidFraction');
    });

    it('takes null settings, or null values, as "the legal defaults"', async () => {
      const res = await create({ name: 'Null settings', legalKind: 'SCOP', settings: null });
      expect(res.status).toBe(201);
      expect(res.body.settings).toEqual({ ...COMMON_DEFAULTS, statutoryCapital: '0.00', usesColleges: false, statutoryReserveRate: '0' });
      const values = await create({ name: 'Null values', legalKind: 'SCOP', settings: { statutoryCapital: null, usesColleges: null, lossAllocation: null } });
      expect(values.status).toBe(201);
      expect(values.body.settings).toEqual(res.body.settings);
    });

    it('answers a malformed JSON body with 400 MALFORMED_REQUEST', async () => {
      for (const raw of ['{"name": "X", "legalKind": ', '{name: "X"}', 'null', '"X"']) {
        const res = await t.http.post('/api/cooperatives').set('Content-Type', 'application/json').send(raw);
        expectError(res, 400, 'MALFORMED_REQUEST');
        expect(res.body.message).toMatch(/^the body is not valid JSON: /);
      }
    });

    it('answers a JSON array body with 400 VALIDATION_FAILED (it is not an object)', async () => {
      const res = await t.http.post('/api/cooperatives').set('Content-Type', 'application/json').send('[]');
      expectError(res, 400, 'VALIDATION_FAILED', 'name');
    });

    it('answers a body over the size limit with 413 PAYLOAD_TOO_LARGE', async () => {
      const res = await create({ name: 'X', legalKind: 'SCOP', registrationNumber: 'x'.repeat(200_000) });
      expectError(res, 413, 'PAYLOAD_TOO_LARGE');
    });
  });

  describe('GET /api/cooperatives (paginated)', () => {
    let mine: string[];

    beforeAll(async () => {
      mine = [];
      for (let i = 0; i < 5; i++) mine.push((await create({ name: `Paged ${i}`, legalKind: 'COOPERATIVE' })).body.id);
    });

    it('pages through every cooperative once, in id order, following nextCursor', async () => {
      const all = await allIds();
      expect(all).toEqual([...all].sort());
      expect(new Set(all).size).toBe(all.length);
      for (const id of mine) expect(all).toContain(id);

      const pages: string[][] = [];
      let cursor: string | null = null;
      do {
        const res = await t.http.get(`/api/cooperatives?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(res.status).toBe(200);
        expect(Object.keys(res.body).sort()).toEqual(['items', 'nextCursor']);
        pages.push(res.body.items.map((c: { id: string }) => c.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(pages.flat()).toEqual(all);
      expect(pages.slice(0, -1).every((p) => p.length === 2)).toBe(true);
      expect(pages[pages.length - 1].length).toBeGreaterThanOrEqual(1);
      expect(pages[pages.length - 1].length).toBeLessThanOrEqual(2);
    });

    it('gives no cursor on the last page', async () => {
      const all = await allIds();
      const res = await t.http.get(`/api/cooperatives?limit=${all.length}`);
      expect(res.body.items).toHaveLength(all.length);
      expect(res.body.nextCursor).toBeNull();
      const one = await t.http.get('/api/cooperatives?limit=1');
      expect(one.body.items).toHaveLength(1);
      expect(one.body.items[0].id).toBe(all[0]);
      expect(typeof one.body.nextCursor).toBe('string');
    });

    it.each([
      ['not base64 JSON', 'zzz'],
      ['JSON that is not a key', Buffer.from('{"a":1}').toString('base64url')],
      ['a key that is not a uuid', Buffer.from('["abc"]').toString('base64url')],
      ['a key of another list (movements)', Buffer.from(`[3,"${UNKNOWN_ID}"]`).toString('base64url')],
    ])('refuses a cursor that is %s: 400 INVALID_CURSOR', async (_, cursor) => {
      expectError(await t.http.get(`/api/cooperatives?cursor=${cursor}`), 400, 'INVALID_CURSOR', 'cursor');
    });

    it.each([
      ['0', 'limit'],
      ['501', 'limit'],
      ['abc', 'limit'],
      ['2.5', 'limit'],
    ])('refuses limit=%s: 400 VALIDATION_FAILED', async (limit, field) => {
      expectError(await t.http.get(`/api/cooperatives?limit=${limit}`), 400, 'VALIDATION_FAILED', field);
    });

    it('refuses an unknown query parameter: 400 UNKNOWN_FIELD', async () => {
      expectError(await t.http.get('/api/cooperatives?sort=name'), 400, 'UNKNOWN_FIELD', 'sort');
    });
  });

  describe('GET /api/cooperatives/:id', () => {
    it('answers 404 COOPERATIVE_NOT_FOUND for an unknown id', async () => {
      expectError(await t.http.get(`/api/cooperatives/${UNKNOWN_ID}`), 404, 'COOPERATIVE_NOT_FOUND', 'cooperativeId');
    });

    it('answers 400 VALIDATION_FAILED for an id that is not a UUID', async () => {
      for (const id of ['42', 'not-a-uuid', `${UNKNOWN_ID}0`]) {
        expectError(await t.http.get(`/api/cooperatives/${id}`), 400, 'VALIDATION_FAILED', 'cooperativeId');
      }
    });

    it('accepts an upper-case UUID', async () => {
      const { id } = (await create({ name: 'Upper', legalKind: 'SCOP' })).body;
      const res = await t.http.get(`/api/cooperatives/${id.toUpperCase()}`);
      expect(res.status).toBe(200);
      expect(res.body.id).toBe(id);
    });
  });

  describe('PATCH /api/cooperatives/:id/settings', () => {
    it('changes the settings given and keeps the others', async () => {
      const created = (await create({ name: 'Patch me', legalKind: 'SCIC_SAS' })).body;
      const res = await t.http.patch(`/api/cooperatives/${created.id}/settings`).send({
        paymentDelayMonths: 24,
        minPaidFraction: '0.5',
        lossAllocation: 'RESERVES_FIRST',
        statutoryCapital: '50000.00',
        statutoryFloor: '5000',
      });
      expect(res.status).toBe(200);
      expect(res.body.settings).toEqual({
        ...COMMON_DEFAULTS,
        usesColleges: true,
        statutoryReserveRate: '0.5',
        paymentDelayMonths: 24,
        minPaidFraction: '0.5',
        lossAllocation: 'RESERVES_FIRST',
        statutoryCapital: '50000.00',
        statutoryFloor: '5000.00',
      });
      expect(res.body.createdAt).toBe(created.createdAt);
      expect(Date.parse(res.body.updatedAt)).toBeGreaterThan(Date.parse(created.updatedAt));
      expect((await t.http.get(`/api/cooperatives/${created.id}`)).body).toEqual(res.body);

      // null or absent: unchanged
      const again = await t.http.patch(`/api/cooperatives/${created.id}/settings`).send({ statutoryCapital: null, usesColleges: null });
      expect(again.status).toBe(200);
      expect(again.body.settings).toEqual(res.body.settings);
    });

    it('refuses settings out of the legal bounds and changes nothing', async () => {
      const created = (await create({ name: 'Patch bounds', legalKind: 'SCIC_SARL' })).body;
      const url = `/api/cooperatives/${created.id}/settings`;
      expectError(await t.http.patch(url).send({ minPaidFraction: '0.2' }), 422, 'SETTINGS_OUT_OF_LEGAL_BOUNDS', 'minPaidFraction');
      expectError(await t.http.patch(url).send({ paymentDelayMonths: 72 }), 422, 'SETTINGS_OUT_OF_LEGAL_BOUNDS', 'paymentDelayMonths');
      expectError(await t.http.patch(url).send({ statutoryReserveRate: '0.25' }), 422, 'SETTINGS_OUT_OF_LEGAL_BOUNDS', 'statutoryReserveRate');
      expectError(await t.http.patch(url).send({ fiscalYearEnd: '04-31' }), 422, 'SETTINGS_OUT_OF_LEGAL_BOUNDS', 'fiscalYearEnd');
      // one bad setting refuses the whole change
      expectError(await t.http.patch(url).send({ paymentDelayMonths: 12, legalReserveRate: '0.1' }), 422, 'SETTINGS_OUT_OF_LEGAL_BOUNDS', 'legalReserveRate');
      expectError(await t.http.patch(url).send({ statutoryFloor: 100 }), 400, 'INVALID_AMOUNT', 'statutoryFloor');
      expectError(await t.http.patch(url).send({ legalKind: 'SCOP' }), 400, 'UNKNOWN_FIELD', 'legalKind');
      expect((await t.http.get(`/api/cooperatives/${created.id}`)).body).toEqual(created);
    });

    it('refuses to take a SCIC SA under 18 500 EUR of statutory capital', async () => {
      const created = (await create({ name: 'SA patch', legalKind: 'SCIC_SA' })).body;
      const res = await t.http.patch(`/api/cooperatives/${created.id}/settings`).send({ statutoryCapital: '18000.00' });
      expectError(res, 422, 'STATUTORY_CAPITAL_TOO_LOW', 'statutoryCapital');
      expect(res.body.details).toEqual({ minimum: '18500.00' });
      expect((await t.http.get(`/api/cooperatives/${created.id}`)).body.settings.statutoryCapital).toBe('18500.00');
    });

    it('refuses to turn colleges off while colleges exist (409 COLLEGE_IN_USE), allows it once none', async () => {
      const f = await createScic(t.http);
      const url = `/api/cooperatives/${f.cooperativeId}/settings`;
      expectError(await t.http.patch(url).send({ usesColleges: false }), 409, 'COLLEGE_IN_USE', 'usesColleges');
      expect((await t.http.get(`/api/cooperatives/${f.cooperativeId}`)).body.settings.usesColleges).toBe(true);
      const plain = (await create({ name: 'No colleges yet', legalKind: 'SCIC_SAS' })).body;
      const off = await t.http.patch(`/api/cooperatives/${plain.id}/settings`).send({ usesColleges: false });
      expect(off.status).toBe(200);
      expect(off.body.settings.usesColleges).toBe(false);
    });

    it('answers 404 for an unknown cooperative and 400 for a non-UUID id', async () => {
      expectError(
        await t.http.patch(`/api/cooperatives/${UNKNOWN_ID}/settings`).send({ paymentDelayMonths: 12 }),
        404,
        'COOPERATIVE_NOT_FOUND',
        'cooperativeId',
      );
      expectError(await t.http.patch('/api/cooperatives/abc/settings').send({ paymentDelayMonths: 12 }), 400, 'VALIDATION_FAILED', 'cooperativeId');
    });

    it('answers a malformed JSON body with 400 MALFORMED_REQUEST', async () => {
      const created = (await create({ name: 'Malformed patch', legalKind: 'SCOP' })).body;
      const res = await t.http.patch(`/api/cooperatives/${created.id}/settings`).set('Content-Type', 'application/json').send('{"paymentDelayMonths": 12,,}');
      expectError(res, 400, 'MALFORMED_REQUEST');
    });
  });

  describe('the rest of the surface', () => {
    it.each([
      ['GET', '/api/nothing'],
      ['GET', '/api/cooperatives/00000000-0000-4000-8000-000000000000/nothing'],
      ['DELETE', '/api/cooperatives'],
      ['PUT', '/api/cooperatives'],
      ['POST', '/health'],
    ])('%s %s: 404 NOT_FOUND in the error format', async (method, url) => {
      const res = await t.http[method.toLowerCase() as 'get' | 'delete' | 'put' | 'post'](url);
      expectError(res, 404, 'NOT_FOUND');
      expect(res.headers['content-type']).toContain('application/json');
    });

    it('GET /health: up, with the database version', async () => {
      const res = await t.http.get('/health');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ok', database: { status: 'up', version: expect.stringMatching(/^\d+(\.\d+)?/), latencyMs: expect.any(Number) } });
    });

    it('GET /docs serves the OpenAPI UI', async () => {
      const res = await t.http.get('/docs').redirects(2);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.text).toContain('swagger-ui');
    });

    it('GET /docs-json is the OpenAPI document listing the paths and their methods', async () => {
      const res = await t.http.get('/docs-json');
      expect(res.status).toBe(200);
      expect(res.body.openapi).toMatch(/^3\./);
      expect(res.body.info).toMatchObject({ title: 'coop-ledger', version: '0.1.0' });
      const c = '/api/cooperatives/{cooperativeId}';
      const methods = Object.fromEntries(Object.entries(res.body.paths as Record<string, object>).map(([p, ops]) => [p, Object.keys(ops).sort()]));
      // every route below must be documented (new routes may be added: they must live under /api/cooperatives)
      for (const path of Object.keys(methods)) expect(path).toMatch(/^(\/health|\/api\/(cooperatives|auth|me|invitations)(\/.*)?)$/);
      expect(methods).toEqual(
        expect.objectContaining({
          '/health': ['get'],
          '/api/cooperatives': ['get', 'post'],
          [c]: ['get'],
          [`${c}/settings`]: ['patch'],
          [`${c}/categories`]: ['get', 'post'],
          [`${c}/colleges`]: ['get', 'put'],
          [`${c}/share-classes`]: ['get', 'post'],
          [`${c}/members`]: ['get', 'post'],
          [`${c}/members/{memberId}`]: ['get', 'patch'],
          [`${c}/members/{memberId}/admission`]: ['post'],
          [`${c}/members/{memberId}/exit`]: ['post'],
          [`${c}/members/{memberId}/holdings`]: ['get'],
          [`${c}/movements/subscriptions`]: ['post'],
          [`${c}/movements/payments`]: ['post'],
          [`${c}/movements/transfers`]: ['post'],
          [`${c}/movements/redemptions`]: ['post'],
          [`${c}/movements/refunds`]: ['post'],
          [`${c}/movements/{movementId}/reversal`]: ['post'],
          [`${c}/movements`]: ['get'],
          [`${c}/movements/{movementId}`]: ['get'],
          [`${c}/capital`]: ['get'],
          [`${c}/compliance`]: ['get'],
          [`${c}/register`]: ['get'],
          [`${c}/register/members`]: ['get'],
          [`${c}/loss-statements`]: ['get', 'post'],
          [`${c}/redemption-requests`]: ['get'],
          [`${c}/redemption-requests/processing`]: ['post'],
          [`${c}/redemption-requests/{requestId}/cancellation`]: ['post'],
        }),
      );
    });
  });
});
