import type { OdooCallOptions, OdooGateway, OdooRecord } from './odoo-gateway';

/** The modules whose presence changes what the sync may do. */
export const CAPABILITY_MODULES = ['contacts', 'account', 'cooperator'] as const;
export type CapabilityModule = (typeof CAPABILITY_MODULES)[number];

/**
 * Partner fields owned by the OCA `cooperator` module (Odoo 16, cooperator 16.0.1.1.1). They are computed from the
 * per-company `cooperative_membership_id` and set only by cooperator's own subscription workflow:
 * - `fields_get` reports `cooperator`, `member`, `coop_candidate`, `old_member`, `cooperator_register_number`,
 *   `number_of_share`, `cooperator_type` and `effective_date` as readonly (transcript 71);
 * - writing one of them over RPC faults (fault 2, `Cannot set cooperator field on res.partner(ID,):
 *   cooperative_membership_id is not set`, transcript 73; the same for `member` and `number_of_share`), and the
 *   whole call is rolled back;
 * - the others are the membership links, the share lines and their totals, and the subscription requests.
 * The ledger is the truth for membership and shares: never write these, whatever the partner.
 */
export const COOPERATOR_MEMBER_FIELDS = [
  'cooperator',
  'member',
  'coop_candidate',
  'old_member',
  'cooperator_register_number',
  'number_of_share',
  'cooperator_type',
  'effective_date',
  'share_ids',
  'total_value',
  'cooperative_membership_id',
  'cooperative_membership_ids',
  'subscription_request_ids',
] as const;

export interface OdooModuleState {
  installed: boolean;
  /** `latest_version` of the module record (`16.0.1.1.1`), null when not installed or unknown. */
  version: string | null;
}

export interface OdooCapabilities {
  /** 16, 17, 18… (first element of server_version_info). */
  majorVersion: number;
  /** e.g. `16.0-20221214`. */
  serverVersion: string;
  /** Installed (state `installed`) or not; a module absent from ir.module.module counts as not installed. */
  modules: Record<CapabilityModule, boolean>;
  moduleVersions: Record<CapabilityModule, string | null>;
  /**
   * Partner fields that must never be written on this server (empty without `cooperator`). Those of
   * {@link COOPERATOR_MEMBER_FIELDS} that `fields_get` reports on this server.
   */
  readOnlyPartnerFields: readonly string[];
  /** Odoo 17+ removed `name_get`: read `display_name` instead. */
  hasNameGet: boolean;
}

interface ModuleRecord extends OdooRecord {
  name: string;
  state: string;
  latest_version: string | false;
}

/**
 * Detects the server's version and the modules that matter, in two to three calls:
 * `version()`, `ir.module.module.search_read([name in …])`, and, with cooperator, `res.partner.fields_get` on its
 * fields (unknown names are ignored by Odoo, so the list adapts to the installed version of cooperator).
 * Needs read access to ir.module.module (internal users have it).
 */
export async function detectOdooCapabilities(gateway: OdooGateway, options?: OdooCallOptions): Promise<OdooCapabilities> {
  const version = await gateway.version(options);
  const records = await gateway.searchRead<ModuleRecord>('ir.module.module', [['name', 'in', [...CAPABILITY_MODULES]]], {
    ...options,
    fields: ['name', 'state', 'latest_version'],
  });
  const modules = { contacts: false, account: false, cooperator: false } as Record<CapabilityModule, boolean>;
  const moduleVersions = { contacts: null, account: null, cooperator: null } as Record<CapabilityModule, string | null>;
  for (const record of records) {
    const name = record.name as CapabilityModule;
    if (!CAPABILITY_MODULES.includes(name)) continue;
    // `to upgrade` and `to remove` modules are still installed (their fields exist); `to install` ones are not yet.
    const installed = record.state === 'installed' || record.state === 'to upgrade' || record.state === 'to remove';
    modules[name] = installed;
    moduleVersions[name] = installed && typeof record.latest_version === 'string' ? record.latest_version : null;
  }
  let readOnlyPartnerFields: string[] = [];
  if (modules.cooperator) {
    const described = await gateway.executeKw<Record<string, unknown>>(
      'res.partner',
      'fields_get',
      [],
      { allfields: [...COOPERATOR_MEMBER_FIELDS], attributes: ['type', 'readonly'] },
      options,
    );
    readOnlyPartnerFields = COOPERATOR_MEMBER_FIELDS.filter((f) => described && typeof described === 'object' && f in described);
  }
  return {
    majorVersion: version.majorVersion,
    serverVersion: version.serverVersion,
    modules,
    moduleVersions,
    readOnlyPartnerFields,
    hasNameGet: version.majorVersion < 17,
  };
}

/** The partner fields the caller must not write on this server. */
export function readOnlyPartnerFields(capabilities: Pick<OdooCapabilities, 'modules' | 'readOnlyPartnerFields'>): readonly string[] {
  if (!capabilities.modules.cooperator) return [];
  return capabilities.readOnlyPartnerFields.length > 0 ? capabilities.readOnlyPartnerFields : COOPERATOR_MEMBER_FIELDS;
}

/** Removes the fields this server does not let us write; says which were removed (to log them, never silently). */
export function stripReadOnlyPartnerFields<V extends Record<string, unknown>>(
  values: V,
  capabilities: Pick<OdooCapabilities, 'modules' | 'readOnlyPartnerFields'>,
): { values: Partial<V>; stripped: string[] } {
  const readOnly = readOnlyPartnerFields(capabilities);
  if (readOnly.length === 0) return { values, stripped: [] };
  const forbidden = new Set(readOnly);
  const out: Record<string, unknown> = {};
  const stripped: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    if (forbidden.has(key)) stripped.push(key);
    else out[key] = value;
  }
  return { values: out as Partial<V>, stripped };
}
