import { detectOdooCapabilities, type OdooAccessOperation, type OdooCapabilities, type OdooGateway, type OdooRecord } from '@coop/odoo';

/** The model rights the member sync needs (a user with less fails at its first call of that kind). */
const SYNC_RIGHTS: ReadonlyArray<readonly [string, OdooAccessOperation]> = [
  ['res.partner', 'read'],
  ['res.partner', 'create'],
  ['res.partner', 'write'],
  ['res.partner.category', 'read'],
  ['res.partner.category', 'create'],
  ['ir.model.data', 'read'],
  ['res.country', 'read'],
  ['res.lang', 'read'],
];
/** Linking existing contacts to members creates their external ids: an extra right, only for that step. */
const LINKING_RIGHT = ['ir.model.data', 'create'] as const;
const COMPANY_RIGHT = ['res.company', 'read'] as const;

export interface OdooReadiness extends OdooCapabilities {
  /** Whether the sync can run with this user and settings; `problems` says what stops it. */
  ready: boolean;
  problems: string[];
  rights: {
    /** Rights the sync needs and the user lacks, as `model: operation`. */
    missing: string[];
    /** Whether the user may link existing contacts (create external ids). */
    linking: boolean;
  };
  /** The configured company as Odoo knows it (null: none configured). */
  company: { id: number; name: string } | null;
}

/**
 * Everything an accountant needs to know before the first sync: the server's version and modules, the rights of the
 * user (`check_access_rights`, asked all at once), and whether the configured company exists.
 */
export async function checkOdooReadiness(
  gateway: OdooGateway,
  companyId: number | null,
): Promise<{ readiness: OdooReadiness; capabilities: OdooCapabilities }> {
  await gateway.authenticate();
  const wanted = [...SYNC_RIGHTS, LINKING_RIGHT, ...(companyId === null ? [] : [COMPANY_RIGHT])];
  const [capabilities, granted] = await Promise.all([
    detectOdooCapabilities(gateway),
    Promise.all(wanted.map(([model, operation]) => gateway.checkAccessRights(model, operation))),
  ]);
  const has = new Map(wanted.map(([model, operation], i) => [`${model}: ${operation}`, granted[i]]));
  const missing = SYNC_RIGHTS.map(([model, operation]) => `${model}: ${operation}`).filter((right) => !has.get(right));
  const problems = missing.map((right) => `the Odoo user lacks the right ${right}`);
  let company: OdooReadiness['company'] = null;
  if (companyId !== null) {
    if (!has.get(`${COMPANY_RIGHT[0]}: ${COMPANY_RIGHT[1]}`))
      problems.push(`the Odoo user cannot read companies (res.company: read) to check company ${companyId}`);
    else {
      const [found] = await gateway.searchRead<OdooRecord & { name: string }>('res.company', [['id', '=', companyId]], { fields: ['name'] });
      if (found) company = { id: found.id, name: found.name };
      else problems.push(`Odoo has no company ${companyId} (res.company) visible to this user`);
    }
  }
  const rights = { missing, linking: has.get(`${LINKING_RIGHT[0]}: ${LINKING_RIGHT[1]}`) === true };
  return { readiness: { ...capabilities, ready: problems.length === 0, problems, rights, company }, capabilities };
}
