import { checkCountryCode, checkLanguageCode, COUNTRY_CODES, LANGUAGE_CODES } from './iso-codes';

describe('ISO code lists', () => {
  it('hold the 249 ISO 3166-1 alpha-2 codes and the 183 ISO 639-1 codes, nothing else', () => {
    expect(COUNTRY_CODES.size).toBe(249);
    expect(LANGUAGE_CODES.size).toBe(183);
    expect([...COUNTRY_CODES].every((c) => /^[A-Z]{2}$/.test(c))).toBe(true);
    expect([...LANGUAGE_CODES].every((c) => /^[a-z]{2}$/.test(c))).toBe(true);
    for (const c of ['FR', 'GB', 'BE', 'CH', 'DE', 'RE', 'GP', 'NC', 'PF', 'SS', 'CW', 'BQ', 'SX', 'AX', 'AQ']) expect(COUNTRY_CODES.has(c)).toBe(true);
    for (const c of ['UK', 'XX', 'EU', 'XK', 'FX', 'AN', 'YU', 'CS', 'ZZ']) expect(COUNTRY_CODES.has(c)).toBe(false);
    for (const c of ['fr', 'en', 'br', 'oc', 'eu', 'co', 'nl', 'de', 'zh', 'he', 'yi', 'id']) expect(LANGUAGE_CODES.has(c)).toBe(true);
    for (const c of ['xx', 'iw', 'in', 'ji', 'jw', 'mo', 'sh', 'bh']) expect(LANGUAGE_CODES.has(c)).toBe(false);
  });
});

describe('country codes', () => {
  it.each([
    ['FR', 'FR'],
    ['fr', 'FR'],
    ['gB', 'GB'],
    [' be ', 'BE'],
  ])('accepts %j as %s', (value, code) => expect(checkCountryCode(value)).toEqual({ code }));

  it.each([
    ['XX', '"XX" is not an ISO 3166-1 country code'],
    ['UK', '"UK" is not an ISO 3166-1 country code (the United Kingdom is "GB")'],
    ['FRA', 'must be a 2-letter ISO 3166-1 country code, e.g. "FR"; got "FRA"'],
    ['F1', 'must be a 2-letter ISO 3166-1 country code, e.g. "FR"; got "F1"'],
    ['', 'must be a 2-letter ISO 3166-1 country code, e.g. "FR"; got ""'],
  ])('refuses %j: %s', (value, error) => expect(checkCountryCode(value)).toEqual({ error }));
});

describe("languages in Odoo's form", () => {
  it.each([
    ['fr_FR', 'fr_FR'],
    ['fr', 'fr'],
    ['en_GB', 'en_GB'],
    ['FR_be', 'fr_BE'],
    ['pt-BR', 'pt_BR'],
    ['nl_BE', 'nl_BE'],
  ])('accepts %j as %s', (value, code) => expect(checkLanguageCode(value)).toEqual({ code }));

  it.each([
    ['xx_FR', '"xx" in "xx_FR" is not an ISO 639-1 language code'],
    ['fr_XX', '"XX" in "fr_XX" is not an ISO 3166-1 country code'],
    ['en_UK', '"UK" in "en_UK" is not an ISO 3166-1 country code (the United Kingdom is "GB")'],
    ['french', 'must be a language code as Odoo writes it, "fr" or "fr_FR"; got "french"'],
    ['fra_FR', 'must be a language code as Odoo writes it, "fr" or "fr_FR"; got "fra_FR"'],
    ['sr@latin', 'must be a language code as Odoo writes it, "fr" or "fr_FR"; got "sr@latin"'],
  ])('refuses %j: %s', (value, error) => expect(checkLanguageCode(value)).toEqual({ error }));
});
