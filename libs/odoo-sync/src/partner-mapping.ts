import { hash } from 'node:crypto';
import type { OdooValues } from '@coop/odoo';

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

/** Candidates are not members yet: only admitted, exited and closed members become contacts. */
export const isSyncable = (m: MemberForSync) => m.status !== 'CANDIDATE' && m.memberNumber !== null;

/** The tags a member carries: member and college while a member; "former member" once exited. */
export function tagNamesOf(m: MemberForSync): string[] {
  if (m.status === 'ADMITTED') return [MEMBER_TAG, ...(m.collegeName ? [collegeTag(m.collegeName)] : [])];
  return [FORMER_MEMBER_TAG];
}

/**
 * The one place where a member becomes an Odoo contact (res.partner). Every synced field is always sent (false clears
 * it in Odoo), so a write brings the partner back to the ledger's state. A closed member is archived, never deleted.
 */
export function partnerValues(m: MemberForSync, ref: OdooReferenceData): OdooValues {
  const tagIds = tagNamesOf(m).map((name) => {
    const id = ref.tagIds.get(name);
    if (id === undefined) throw new Error(`tag "${name}" has no id in Odoo yet`);
    return id;
  });
  const name = m.personType === 'LEGAL' ? (m.companyName ?? '') : [m.firstName, m.lastName].filter(Boolean).join(' ');
  const countryId = m.country ? ref.countryIds.get(m.country.toUpperCase()) : undefined;
  const lang = m.language && ref.languages.has(m.language) ? m.language : undefined;
  return {
    name,
    is_company: m.personType === 'LEGAL',
    ref: String(m.memberNumber),
    email: m.email ?? false,
    phone: m.phone ?? false,
    street: m.street ?? false,
    zip: m.postalCode ?? false,
    city: m.city ?? false,
    country_id: countryId ?? false,
    ...(lang ? { lang } : {}),
    category_id: [[6, 0, tagIds.sort((a, b) => a - b)]],
    active: m.status !== 'CLOSED',
  };
}

/** A hash of what was sent: a member is written again only when it changes. */
export function contentHash(values: OdooValues): string {
  const canonical = JSON.stringify(Object.keys(values).sort().map((k) => [k, values[k]]));
  return hash('sha256', canonical).slice(0, 32);
}

/** The external id binding a member to its partner in ir.model.data (module configurable, name from the member's id). */
export const externalIdName = (memberId: string) => `member_${memberId.replace(/-/g, '_')}`;
