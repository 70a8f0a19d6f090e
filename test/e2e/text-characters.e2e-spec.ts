import { expectError, ledgerSnapshot } from '../support/expect-error';
import { admitMember, createScic, subscribe, type ScicFixture } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Issue 7 §4: a vertical tab accepted in a member's field made every Odoo sync of the cooperative fail. Every text
 * field of every request is now refused (400 INVALID_CHARACTERS, naming the field and the code point) when it holds a
 * character XML 1.0 cannot carry, and one-line fields refuse line breaks and tabs too.
 */
describe('text the API accepts is text XML (and so Odoo) can carry', () => {
  let t: TestApp;
  let f: ScicFixture;
  let base: string;

  beforeAll(async () => {
    t = await startTestApp();
    f = await createScic(t.http);
    base = `/api/cooperatives/${f.cooperativeId}`;
  });
  afterAll(() => t.close());

  const candidate = (body: Record<string, unknown>) =>
    t.http
      .post(`${base}/members`)
      .send({ personType: 'NATURAL', firstName: 'Jeanne', lastName: 'Dupont', categoryId: f.categories.beneficiary, collegeId: f.colleges[0], ...body });
  const memberCount = async () => (await t.http.get(`${base}/members?limit=500`)).body.items.length as number;

  describe('members', () => {
    it.each([
      ['a vertical tab in a name', { lastName: 'Du\u000Bpont' }, 'lastName', 'U+000B'],
      ['NUL in a city', { city: 'Ly\u0000on' }, 'city', 'U+0000'],
      ['a lone surrogate in a company name', { personType: 'LEGAL', companyName: 'Coop \uD800' }, 'companyName', 'U+D800'],
      ['U+FFFE in a street', { street: '1 rue \uFFFE' }, 'street', 'U+FFFE'],
      // the format rules of these fields would also refuse them: the character is what is named
      ['a vertical tab in an email', { email: 'jeanne\u000B@example.org' }, 'email', 'U+000B'],
      ['an escape in a phone', { phone: '+33 1\u001B23' }, 'phone', 'U+001B'],
      ['a form feed in a country', { country: 'F\u000C' }, 'country', 'U+000C'],
    ])('refuses %s with 400 INVALID_CHARACTERS and creates nothing', async (_, body, field, codePoint) => {
      const before = await memberCount();
      const res = await candidate(body);
      expectError(res, 400, 'INVALID_CHARACTERS', field);
      expect(res.body.message).toContain(codePoint);
      expect(res.body.details.errors[0]).toEqual(expect.objectContaining({ field, codePoint }));
      expect(await memberCount()).toBe(before);
    });

    it.each([
      ['a line feed', 'Jeanne\nMarie', 'U+000A'],
      ['a carriage return', 'Jeanne\r', 'U+000D'],
      ['a tab', 'Jeanne\tMarie', 'U+0009'],
      ['a line separator', 'Jeanne\u2028Marie', 'U+2028'],
    ])('refuses %s in a one-line field (a name)', async (_, firstName, codePoint) => {
      const res = await candidate({ firstName });
      expectError(res, 400, 'INVALID_CHARACTERS', 'firstName');
      expect(res.body.message).toContain(`firstName is a one-line field: ${codePoint} (`);
      expect(res.body.message).toContain('at position 6 is not allowed');
    });

    it('accepts accents, other scripts and characters outside the BMP, and stores them as sent', async () => {
      const res = await candidate({ firstName: 'Élodie 🌱', lastName: 'Lefèvre-Œuvray 山田', city: 'Saint-Étienne' });
      expect(res.status).toBe(201);
      expect([res.body.firstName, res.body.lastName, res.body.address.city]).toEqual(['Élodie 🌱', 'Lefèvre-Œuvray 山田', 'Saint-Étienne']);
    });

    it('refuses the same on PATCH and leaves the member as it was', async () => {
      const created = await candidate({ city: 'Lyon' });
      expect(created.status).toBe(201);
      const url = `${base}/members/${created.body.id}`;
      const res = await t.http.patch(url).send({ phone: '+33 4 00 00 00 00', city: 'Lyon\u0007' });
      expectError(res, 400, 'INVALID_CHARACTERS', 'city');
      const after = await t.http.get(url);
      expect([after.body.phone, after.body.address.city, after.body.updatedAt]).toEqual([null, 'Lyon', created.body.updatedAt]);
    });

    it('refuses a line break in an admission decision reference', async () => {
      const created = await candidate({});
      const res = await t.http
        .post(`${base}/members/${created.body.id}/admission`)
        .send({ decisionRef: 'CA\n2024', decisionDate: '2024-02-01', effectiveDate: '2024-02-01' });
      expectError(res, 400, 'INVALID_CHARACTERS', 'decisionRef');
      expect((await t.http.get(`${base}/members/${created.body.id}`)).body.status).toBe('CANDIDATE');
    });
  });

  describe('structure and cooperatives', () => {
    it('names the item of a nested array (colleges) and leaves the set as it was', async () => {
      const before = (await t.http.get(`${base}/colleges`)).body;
      const res = await t.http.put(`${base}/colleges`).send({
        colleges: [
          { id: before[0].id, name: 'Producteurs', weight: '40' },
          { name: 'Usa\u0000gers', weight: '30' },
          { name: 'Partenaires', weight: '30' },
        ],
      });
      expectError(res, 400, 'INVALID_CHARACTERS', 'colleges[1].name');
      expect((await t.http.get(`${base}/colleges`)).body).toEqual(before);
    });

    it('lets a category description hold several lines, never a control character', async () => {
      const ok = await t.http.post(`${base}/categories`).send({ name: 'Bénévoles', kind: 'VOLUNTEER', description: 'Ligne 1\r\n\tLigne 2' });
      expect(ok.status).toBe(201);
      expect(ok.body.description).toBe('Ligne 1\r\n\tLigne 2');
      expectError(
        await t.http.post(`${base}/categories`).send({ name: 'Autres', kind: 'OTHER', description: 'a\u000Bb' }),
        400,
        'INVALID_CHARACTERS',
        'description',
      );
      expectError(await t.http.post(`${base}/categories`).send({ name: 'Au\ntres', kind: 'OTHER' }), 400, 'INVALID_CHARACTERS', 'name');
    });

    it('checks share classes and cooperatives, nested settings included', async () => {
      expectError(
        await t.http.post(`${base}/share-classes`).send({ code: 'C', name: 'Parts \uFFFF', nominalValue: '10.00' }),
        400,
        'INVALID_CHARACTERS',
        'name',
      );
      const coops = (await t.http.get('/api/cooperatives')).body;
      expectError(await t.http.post('/api/cooperatives').send({ name: 'Coop\u0085', legalKind: 'SCOP_SA' }), 400, 'INVALID_CHARACTERS', 'name');
      expectError(
        await t.http.post('/api/cooperatives').send({ name: 'Coop', legalKind: 'SCOP_SA', settings: { fiscalYearEnd: '12-3\u00001' } }),
        400,
        'INVALID_CHARACTERS',
        'settings.fiscalYearEnd',
      );
      expect((await t.http.get('/api/cooperatives')).body).toEqual(coops);
    });

    it('checks the Odoo connection too (a DTO that does not mark anything)', async () => {
      const res = await t.http.put(`${base}/odoo/connection`).send({ url: 'http://127.0.0.1:1', database: 'db', login: 'sync\u000Buser', secret: 'x' });
      expectError(res, 400, 'INVALID_CHARACTERS', 'login');
    });
  });

  describe('movements', () => {
    it('refuses a line break in a payment reference and records nothing; a reversal reason may hold several lines', async () => {
      const memberId = await admitMember(t.http, f);
      const subscription = await subscribe(t.http, f, memberId, 2, '50.00');
      const before = await ledgerSnapshot(t.http, f.cooperativeId, [memberId]);
      const res = await t.http
        .post(`${base}/movements/payments`)
        .send({ memberId, shareClassId: f.classA, amount: '10.00', date: '2024-03-01', reference: 'VIR\r\n123' });
      expectError(res, 400, 'INVALID_CHARACTERS', 'reference');
      expect(await ledgerSnapshot(t.http, f.cooperativeId, [memberId])).toEqual(before);

      expectError(
        await t.http.post(`${base}/movements/${subscription.id}/reversal`).send({ date: '2024-03-01', reason: 'erreur\u0008' }),
        400,
        'INVALID_CHARACTERS',
        'reason',
      );
      const reversal = await t.http
        .post(`${base}/movements/${subscription.id}/reversal`)
        .send({ date: '2024-03-01', reason: 'Saisie en double.\nVoir le courriel du 1er mars.' });
      expect(reversal.status).toBe(201);
    });
  });

  it('checks query parameters too', async () => {
    expectError(await t.http.get(`${base}/movements?kind=PAY%0BMENT`), 400, 'INVALID_CHARACTERS', 'kind');
  });
});
