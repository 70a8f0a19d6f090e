import { OdooError, type OdooGateway, type OdooRecord } from '@coop/odoo';
import { collegeTag, externalIdName, FORMER_MEMBER_TAG, MEMBER_TAG, type OdooReferenceData } from '../mapping/partner-mapping';
import type { OdooBindings } from './sync-plan';

/** Context flags that spare Odoo the chatter work (most of its cost per record) and mails to new partners. */
export const QUIET_CONTEXT = { tracking_disable: true, mail_create_nolog: true, mail_create_nosubscribe: true, mail_notrack: true, no_reset_password: true };
/** Archived records too (a closed member's partner is archived). */
export const ALL_RECORDS = { active_test: false };
/** External ids asked by name per call (a `name in […]` domain of 5 000 names is ~250 KB). */
const NAMES_PER_CALL = 5_000;
/** Partner ids checked per call (a bare list of ints). */
const IDS_PER_CALL = 20_000;

const chunks = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

/** Failures that concern the whole run (Odoo down, bad credentials, no rights): stop, mark nothing, retry later. */
export const isRunLevel = (e: unknown) =>
  !(e instanceof OdooError) ||
  e.retryable ||
  [
    'AUTHENTICATION',
    'ACCESS_DENIED',
    'UNKNOWN_DATABASE',
    'UNKNOWN_MODEL',
    'UNKNOWN_FIELD',
    'UNKNOWN_METHOD',
    'ABORTED',
    'NETWORK',
    'TIMEOUT',
    'SERVER',
    'BAD_RESPONSE',
  ].includes(e.kind);

/** Tags (created when missing), countries and installed languages: three or four calls per run. */
export async function readReferenceData(gw: OdooGateway, collegeNames: readonly string[]): Promise<OdooReferenceData> {
  const wanted = [MEMBER_TAG, FORMER_MEMBER_TAG, ...collegeNames.map(collegeTag)];
  const [found, countries, languages] = await Promise.all([
    gw.searchRead<OdooRecord & { name: string }>('res.partner.category', [['name', 'in', wanted]], { fields: ['name'] }),
    gw.searchRead<OdooRecord & { code: string }>('res.country', [], { fields: ['code'] }),
    gw.searchRead<OdooRecord & { code: string }>('res.lang', [['active', '=', true]], { fields: ['code'] }),
  ]);
  const tagIds = new Map<string, number>(found.map((t) => [t.name, t.id]));
  const missing = wanted.filter((n) => !tagIds.has(n));
  if (missing.length) {
    const ids = await gw.create(
      'res.partner.category',
      missing.map((name) => ({ name })),
      { context: QUIET_CONTEXT },
    );
    missing.forEach((name, i) => tagIds.set(name, ids[i]));
  }
  return {
    tagIds,
    countryIds: new Map(countries.map((c) => [String(c.code).toUpperCase(), c.id])),
    languages: new Set(languages.map((l) => l.code)),
  };
}

/**
 * What Odoo holds for these members: the partner each one's external id (in our module, named after the member) points
 * at, and which of those partners — and of the ones recorded in the ledger — still exist. Only our own external ids
 * are read, by name: nothing of another cooperative's or of anybody else's partners.
 */
/** member id → the partner its external id (in our module, named after the member) points at; absent: none. */
export async function readOwnExternalIds(gw: OdooGateway, module: string, memberIds: readonly string[]): Promise<Map<string, number>> {
  const memberOfName = new Map(memberIds.map((id) => [externalIdName(id), id]));
  const partnerOf = new Map<string, number>();
  for (const names of chunks([...memberOfName.keys()], NAMES_PER_CALL)) {
    const rows = await gw.searchRead<OdooRecord & { name: string; res_id: number }>(
      'ir.model.data',
      [
        ['module', '=', module],
        ['model', '=', 'res.partner'],
        ['name', 'in', names],
      ],
      { fields: ['name', 'res_id'] },
    );
    for (const r of rows) partnerOf.set(memberOfName.get(r.name) as string, r.res_id);
  }
  return partnerOf;
}

/**
 * Binds partners that already exist to members by our external ids, in one call: the explicit links, and our own
 * partner whose external id was deleted by hand. (New partners get theirs from `load`, in the same transaction.)
 */
export async function bindExternalIds(gw: OdooGateway, module: string, bindings: readonly { memberId: string; partnerId: number }[]): Promise<void> {
  await gw.create(
    'ir.model.data',
    bindings.map((b) => ({ module, name: externalIdName(b.memberId), model: 'res.partner', res_id: b.partnerId })),
  );
}

export async function readBindings(
  gw: OdooGateway,
  module: string,
  memberIds: readonly string[],
  recordedPartnerIds: readonly number[],
): Promise<OdooBindings> {
  const partnerOf = await readOwnExternalIds(gw, module, memberIds);
  const membersPerPartner = new Map<number, number>();
  for (const partnerId of partnerOf.values()) membersPerPartner.set(partnerId, (membersPerPartner.get(partnerId) ?? 0) + 1);
  const existing = new Set<number>();
  for (const ids of chunks([...new Set([...partnerOf.values(), ...recordedPartnerIds])], IDS_PER_CALL)) {
    for (const id of await gw.search('res.partner', [['id', 'in', ids]], { context: ALL_RECORDS })) existing.add(id);
  }
  return { partnerOf, existing, membersPerPartner };
}
