import { hash } from 'node:crypto';

/** What Odoo shows of a member: read from the ledger for one sync. */
export interface MemberForSync {
  id: string;
  memberNumber: number | null;
  status: 'CANDIDATE' | 'ADMITTED' | 'EXITED' | 'CLOSED';
  personType: 'NATURAL' | 'LEGAL';
  firstName: string | null;
  lastName: string | null;
  companyName: string | null;
  email: string | null;
  phone: string | null;
  street: string | null;
  postalCode: string | null;
  city: string | null;
  country: string | null;
  language: string | null;
  collegeName: string | null;
}

/** The contact tags (res.partner.category) coop-ledger manages, by name. */
export const MEMBER_TAG = 'Sociétaire';
export const FORMER_MEMBER_TAG = 'Ancien sociétaire';
export const collegeTag = (collegeName: string) => `Collège ${collegeName}`;

/** Odoo's reference data the mapping needs: tag ids by name, country ids by ISO code, installed languages. */
export interface OdooReferenceData {
  tagIds: ReadonlyMap<string, number>;
  countryIds: ReadonlyMap<string, number>;
  languages: ReadonlySet<string>;
}

/** Something Odoo could not take as the ledger has it, written without it: shown on the member's sync state. */
export interface SyncWarning {
  code: 'COUNTRY_UNKNOWN_IN_ODOO' | 'LANGUAGE_NOT_INSTALLED';
  message: string;
}

/** Where the partners go: the external ids' module, and the Odoo company (`res.company` id) when one is configured. */
export interface PartnerTarget {
  module: string;
  companyId: number | null;
}

/** Candidates are not members yet: only admitted, exited and closed members become contacts. */
export const isSyncable = (m: Pick<MemberForSync, 'status' | 'memberNumber'>) => m.status !== 'CANDIDATE' && m.memberNumber !== null;

/** The tags a member carries: member and college while a member; "former member" once exited. */
export function tagNamesOf(m: MemberForSync): string[] {
  if (m.status === 'ADMITTED') return [MEMBER_TAG, ...(m.collegeName ? [collegeTag(m.collegeName)] : [])];
  return [FORMER_MEMBER_TAG];
}

/** The external id binding a member to its partner in ir.model.data (module configurable, name from the member's id). */
export const externalIdName = (memberId: string) => `member_${memberId.replace(/-/g, '_')}`;
export const externalId = (module: string, memberId: string) => `${module}.${externalIdName(memberId)}`;

/** The columns coop-ledger writes on a partner, in `res.partner.load`'s path syntax (`/.id`: by database id). */
const BASE_COLUMNS = [
  'id',
  'name',
  'is_company',
  'ref',
  'email',
  'phone',
  'street',
  'zip',
  'city',
  'country_id/.id',
  'lang',
  'category_id/.id',
  'active',
] as const;
const COMPANY_COLUMN = 'company_id/.id';

/** The columns of every row of a target (the company column only when the connection names a company). */
export function partnerColumns(target: PartnerTarget): string[] {
  return target.companyId === null ? [...BASE_COLUMNS] : [...BASE_COLUMNS, COMPANY_COLUMN];
}

export interface PartnerRow {
  /** One string per column of {@link partnerColumns}: `load` takes text only; an empty cell clears the field. */
  cells: string[];
  warnings: SyncWarning[];
}

const bool = (b: boolean) => (b ? 'True' : 'False');

/**
 * The one place where a member becomes an Odoo contact (res.partner), as a row of `load`: the `id` column is the
 * member's external id, so the same row creates the partner and its binding in one transaction the first time, and
 * updates that partner in place afterwards. Every synced field is always sent (an empty cell clears it in Odoo), so a
 * load brings the partner back to the ledger's state. A closed member is archived, never deleted.
 */
export function partnerRow(m: MemberForSync, ref: OdooReferenceData, target: PartnerTarget): PartnerRow {
  const warnings: SyncWarning[] = [];
  const tagIds = tagNamesOf(m).map((name) => {
    const id = ref.tagIds.get(name);
    if (id === undefined) throw new Error(`tag "${name}" has no id in Odoo yet`);
    return id;
  });
  const name = m.personType === 'LEGAL' ? (m.companyName ?? '') : [m.firstName, m.lastName].filter(Boolean).join(' ');
  let countryId: number | undefined;
  if (m.country) {
    countryId = ref.countryIds.get(m.country.toUpperCase());
    if (countryId === undefined)
      warnings.push({ code: 'COUNTRY_UNKNOWN_IN_ODOO', message: `Odoo has no country ${m.country.toUpperCase()}: the partner was written without a country` });
  }
  let lang = '';
  if (m.language) {
    lang = installedLanguage(m.language, ref.languages) ?? '';
    if (!lang)
      warnings.push({
        code: 'LANGUAGE_NOT_INSTALLED',
        message: `the language ${m.language} is not installed in Odoo: the partner was written without a language`,
      });
  }
  const cells = [
    externalId(target.module, m.id),
    name,
    bool(m.personType === 'LEGAL'),
    String(m.memberNumber),
    m.email ?? '',
    m.phone ?? '',
    m.street ?? '',
    m.postalCode ?? '',
    m.city ?? '',
    countryId === undefined ? '' : String(countryId),
    lang,
    tagIds.sort((a, b) => a - b).join(','),
    bool(m.status !== 'CLOSED'),
  ];
  if (target.companyId !== null) cells.push(String(target.companyId));
  return { cells, warnings };
}

/**
 * The Odoo language for a member's: the same code when Odoo has it installed; for a bare language (`fr`), its main
 * variant (`fr_FR`) or else the first installed one (`fr_BE`); null when Odoo has none of it.
 */
export function installedLanguage(language: string, installed: ReadonlySet<string>): string | null {
  if (installed.has(language)) return language;
  if (language.includes('_')) return null;
  const main = `${language}_${language.toUpperCase()}`;
  if (installed.has(main)) return main;
  return [...installed].sort().find((code) => code.startsWith(`${language}_`)) ?? null;
}

/** A hash of what was sent (columns and cells): a member is written again only when it changes. */
export function contentHash(columns: readonly string[], cells: readonly string[]): string {
  return hash('sha256', JSON.stringify([columns, cells])).slice(0, 32);
}
