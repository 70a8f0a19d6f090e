import { expectError } from '../support/expect-error';
import { createScic, type ScicFixture } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

/** Issue 7 §4: "XX" and "UK" were accepted as countries, then unknown to Odoo. Codes are checked against ISO lists. */
describe("a member's country and language are ISO codes Odoo knows", () => {
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
      .send({ personType: 'NATURAL', firstName: 'Ada', lastName: 'Byron', categoryId: f.categories.beneficiary, collegeId: f.colleges[0], ...body });

  it.each([
    ['GB', 'GB'],
    ['fr', 'FR'],
    ['Be', 'BE'],
    ['RE', 'RE'],
  ])('accepts the country %j and stores it as %s', async (country, stored) => {
    const res = await candidate({ country });
    expect(res.status).toBe(201);
    expect(res.body.address.country).toBe(stored);
  });

  it.each([
    ['XX', '"XX" is not an ISO 3166-1 country code'],
    ['UK', '"UK" is not an ISO 3166-1 country code (the United Kingdom is "GB")'],
    ['EU', '"EU" is not an ISO 3166-1 country code'],
    ['FRA', 'must be a 2-letter ISO 3166-1 country code, e.g. "FR"; got "FRA"'],
  ])('refuses the country %j with a 400 naming the field', async (country, why) => {
    const res = await candidate({ country });
    expectError(res, 400, 'VALIDATION_FAILED', 'country');
    expect(res.body.message).toBe(`country ${why}`);
  });

  it.each([
    ['fr_FR', 'fr_FR'],
    ['fr', 'fr'],
    ['en_GB', 'en_GB'],
    ['FR_be', 'fr_BE'],
    ['pt-BR', 'pt_BR'],
  ])("accepts the language %j and stores it in Odoo's form %s", async (language, stored) => {
    const res = await candidate({ language });
    expect(res.status).toBe(201);
    expect(res.body.language).toBe(stored);
  });

  it.each([
    ['xx_FR', '"xx" in "xx_FR" is not an ISO 639-1 language code'],
    ['fr_XX', '"XX" in "fr_XX" is not an ISO 3166-1 country code'],
    ['en_UK', '"UK" in "en_UK" is not an ISO 3166-1 country code (the United Kingdom is "GB")'],
    ['french', 'must be a language code as Odoo writes it, "fr" or "fr_FR"; got "french"'],
  ])('refuses the language %j with a 400 naming the field', async (language, why) => {
    const res = await candidate({ language });
    expectError(res, 400, 'VALIDATION_FAILED', 'language');
    expect(res.body.message).toBe(`language ${why}`);
  });

  it('checks them on PATCH too, leaves the member unchanged when refused, and null still clears them', async () => {
    const created = await candidate({ country: 'FR', language: 'fr_FR' });
    const url = `${base}/members/${created.body.id}`;
    expectError(await t.http.patch(url).send({ country: 'UK' }), 400, 'VALIDATION_FAILED', 'country');
    expectError(await t.http.patch(url).send({ language: 'zz' }), 400, 'VALIDATION_FAILED', 'language');
    const unchanged = (await t.http.get(url)).body;
    expect([unchanged.address.country, unchanged.language, unchanged.updatedAt]).toEqual(['FR', 'fr_FR', created.body.updatedAt]);
    const changed = await t.http.patch(url).send({ country: 'gb', language: 'en-gb' });
    expect([changed.status, changed.body.address.country, changed.body.language]).toEqual([200, 'GB', 'en_GB']);
    const cleared = await t.http.patch(url).send({ country: null, language: null });
    expect([cleared.status, cleared.body.address.country, cleared.body.language]).toEqual([200, null, null]);
  });
});
