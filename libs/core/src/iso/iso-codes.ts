/**
 * The code lists a member's address and language are checked against, so that what the API accepts Odoo knows
 * ("XX" and "UK" were accepted, then unknown to Odoo: issue 7 §4). One truth, here, as data: the lists change a few
 * times a decade, and a package for two lists of codes would be a dependency to watch for nothing.
 */

/**
 * ISO 3166-1 alpha-2: the 249 officially assigned codes (as published by the ISO 3166 Maintenance Agency; checked
 * against Debian's iso-codes 4.15.0). Reserved codes such as UK, EU or XK (Kosovo, user-assigned) are not in it.
 */
export const COUNTRY_CODES: ReadonlySet<string> = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ ' +
    'BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR ' +
    'CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
    'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ' +
    'ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ ' +
    'LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ ' +
    'MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF ' +
    'PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI ' +
    'SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR ' +
    'TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
  ).split(' '),
);

/** ISO 639-1: the 183 two-letter language codes in force ("bh", withdrawn in 2021, and the older iw, in, ji… are not). */
export const LANGUAGE_CODES: ReadonlySet<string> = new Set(
  (
    'aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co ' +
    'cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd ' +
    'gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ' +
    'ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg ' +
    'mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os ' +
    'pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss ' +
    'st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo ' +
    'wa wo xh yi yo za zh zu'
  ).split(' '),
);

/** Codes people write that ISO reserves for something else: the error says which code they meant. */
const COUNTRY_HINTS: Record<string, string> = {
  UK: 'the United Kingdom is "GB"',
  EL: 'Greece is "GR"',
  XK: 'XK, used for Kosovo, is user-assigned, not ISO 3166-1',
};

export type CodeCheck = { code: string; error?: undefined } | { code?: undefined; error: string };

/** A country code in any case ("fr", "Fr") → its ISO form ("FR"), or why it is refused. */
export function checkCountryCode(value: string): CodeCheck {
  const code = value.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(code)) return { error: `must be a 2-letter ISO 3166-1 country code, e.g. "FR"; got "${value}"` };
  if (!COUNTRY_CODES.has(code)) return { error: `"${value}" is not an ISO 3166-1 country code${COUNTRY_HINTS[code] ? ` (${COUNTRY_HINTS[code]})` : ''}` };
  return { code };
}

/**
 * A language in Odoo's `lang` form, a language and optionally a region: "fr" or "fr_FR". Any case and a hyphen
 * ("FR-fr") are accepted and written as Odoo does ("fr_FR"). The language must be ISO 639-1, the region ISO 3166-1.
 * (Odoo's few other forms, such as "sr@latin" or "es_419", are not accepted.)
 */
export function checkLanguageCode(value: string): CodeCheck {
  const m = /^([A-Za-z]{2})(?:[_-]([A-Za-z]{2}))?$/.exec(value.trim());
  if (!m) return { error: `must be a language code as Odoo writes it, "fr" or "fr_FR"; got "${value}"` };
  const language = m[1].toLowerCase();
  if (!LANGUAGE_CODES.has(language)) return { error: `"${m[1]}" in "${value}" is not an ISO 639-1 language code` };
  if (m[2] === undefined) return { code: language };
  const region = m[2].toUpperCase();
  if (!COUNTRY_CODES.has(region))
    return { error: `"${m[2]}" in "${value}" is not an ISO 3166-1 country code${COUNTRY_HINTS[region] ? ` (${COUNTRY_HINTS[region]})` : ''}` };
  return { code: `${language}_${region}` };
}
