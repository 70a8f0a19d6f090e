/**
 * The fake's models, per Odoo version and installed modules. Field names, types, labels, defaults and their order
 * follow the real servers (transcripts 24, 71, 91): `search_read` without `fields` lists them in this order, a subset
 * of what the real server sends (163 keys on Odoo 16, 105 on Odoo 18), with the same types.
 */
import { OdooFault, pyTuple } from './fake-odoo.faults';
import type { FakeOdooDatabase, FieldDef, ModelDef, Row } from './fake-odoo.database';

export interface FakeOdooModules {
  contacts: boolean;
  account: boolean;
  cooperator: boolean;
}

const magic = (): FieldDef[] => [
  { name: 'create_date', type: 'datetime', string: 'Created on', magic: true, copy: false },
  { name: 'write_date', type: 'datetime', string: 'Last Updated on', magic: true, copy: false },
];

const idField: FieldDef = { name: 'id', type: 'integer', string: 'ID', magic: true };

function str(row: Row, field: string): string | undefined {
  const v = row[field];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** The partner's membership row (cooperator 16: membership per company, set by the subscription workflow). */
function membership(db: FakeOdooDatabase, partnerId: number): Row | undefined {
  if (!db.hasModel('cooperative.membership')) return undefined;
  return db.rows('cooperative.membership').find((m) => m.partner_id === partnerId);
}

function shareLines(db: FakeOdooDatabase, partnerId: number): Row[] {
  if (!db.hasModel('share.line')) return [];
  return db.rows('share.line').filter((s) => s.partner_id === partnerId);
}

/**
 * A cooperator member field: computed from the membership; its inverse writes through to the membership and faults
 * when the partner has none (transcript 73: `Cannot set cooperator field on res.partner(ID,): cooperative_membership_id
 * is not set`, fault 2).
 */
function memberField(name: string, type: FieldDef['type'], label: string, fallback: unknown, extra: Partial<FieldDef> = {}): FieldDef {
  return {
    name,
    type,
    string: label,
    readonly: true,
    compute: (row, db) => {
      const m = membership(db, row.id);
      return m ? (m[name] ?? fallback) : fallback;
    },
    inverse: (db, env, ids, value) => {
      for (const id of ids) {
        const m = membership(db, id);
        if (!m) throw OdooFault.user(`Cannot set ${name} field on res.partner${pyTuple([id])}: cooperative_membership_id is not set`);
        db.write(env, 'cooperative.membership', [m.id], { [name]: value });
      }
    },
    ...extra,
  };
}

function partnerDisplayName(row: Row, db: FakeOdooDatabase): string {
  const name = str(row, 'name') ?? '';
  const parent = row.parent_id;
  if (typeof parent === 'number' && !row.is_company && db.exists('res.partner', parent)) {
    return name ? `${db.displayName('res.partner', parent)}, ${name}` : db.displayName('res.partner', parent);
  }
  return name;
}

function partnerModel(version: 16 | 18, modules: FakeOdooModules): ModelDef {
  const typeSelection = version >= 17 ? ['contact', 'invoice', 'delivery', 'other'] : ['contact', 'invoice', 'delivery', 'private', 'other'];
  const display: FieldDef = { name: 'display_name', type: 'char', string: 'Display Name', compute: partnerDisplayName };
  const head: FieldDef[] = [
    idField,
    { name: 'activity_date_deadline', type: 'date', string: 'Next Activity Deadline', compute: () => false },
    { name: 'name', type: 'char', string: 'Name' },
    ...(version >= 17 ? [{ name: 'complete_name', type: 'char', string: 'Complete Name', compute: partnerDisplayName } as FieldDef] : [display]),
    ...(version < 17 ? [{ name: 'date', type: 'date', string: 'Date' } as FieldDef] : []),
    { name: 'title', type: 'many2one', string: 'Title', relation: 'res.partner.title' },
    { name: 'parent_id', type: 'many2one', string: 'Related Company', relation: 'res.partner' },
    {
      name: 'child_ids',
      type: 'one2many',
      string: 'Contact',
      relation: 'res.partner',
      compute: (row, db) =>
        db
          .rows('res.partner')
          .filter((r) => r.parent_id === row.id && r.active)
          .map((r) => r.id),
    },
    { name: 'ref', type: 'char', string: 'Reference' },
    { name: 'lang', type: 'char', string: 'Language', default: () => 'en_US' },
    { name: 'vat', type: 'char', string: 'Tax ID' },
    { name: 'website', type: 'char', string: 'Website Link' },
    { name: 'comment', type: 'html', string: 'Notes' },
    { name: 'category_id', type: 'many2many', string: 'Tags', relation: 'res.partner.category' },
    { name: 'active', type: 'boolean', string: 'Active', default: () => true },
    { name: 'function', type: 'char', string: 'Job Position' },
    { name: 'type', type: 'selection', string: 'Address Type', selection: typeSelection, default: () => 'contact' },
    { name: 'street', type: 'char', string: 'Street' },
    { name: 'street2', type: 'char', string: 'Street2' },
    { name: 'zip', type: 'char', string: 'Zip' },
    { name: 'city', type: 'char', string: 'City' },
    { name: 'country_id', type: 'many2one', string: 'Country', relation: 'res.country' },
    {
      name: 'country_code',
      type: 'char',
      string: 'Country Code',
      compute: (row, db) => (typeof row.country_id === 'number' ? (db.row('res.country', row.country_id)?.code ?? false) : false),
    },
    { name: 'partner_latitude', type: 'float', string: 'Geo Latitude' },
    { name: 'partner_longitude', type: 'float', string: 'Geo Longitude' },
    { name: 'email', type: 'char', string: 'Email' },
    { name: 'phone', type: 'char', string: 'Phone' },
    { name: 'mobile', type: 'char', string: 'Mobile' },
    { name: 'is_company', type: 'boolean', string: 'Is a Company' },
    {
      name: 'company_type',
      type: 'selection',
      string: 'Company Type',
      selection: ['person', 'company'],
      compute: (row) => (row.is_company ? 'company' : 'person'),
      inverse: (db, env, ids, value) => {
        db.write(env, 'res.partner', ids, { is_company: value === 'company' });
      },
    },
    { name: 'company_id', type: 'many2one', string: 'Company', relation: 'res.company' },
    { name: 'color', type: 'integer', string: 'Color Index' },
    {
      name: 'commercial_partner_id',
      type: 'many2one',
      string: 'Commercial Entity',
      relation: 'res.partner',
      compute: (row, db) => {
        let current: Row | undefined = row;
        while (current && !current.is_company && typeof current.parent_id === 'number') current = db.row('res.partner', current.parent_id);
        return current?.id ?? row.id;
      },
    },
    { name: 'company_name', type: 'char', string: 'Company Name' },
  ];
  const tail: FieldDef[] =
    version >= 17
      ? [
          display,
          ...magic(),
          {
            name: 'contact_address_inline',
            type: 'char',
            string: 'Inlined Complete Address',
            // The first empty string seen in a value: a computed char, '' rather than false (Odoo 18 transcript 24).
            compute: (row, db) =>
              [
                str(row, 'street'),
                str(row, 'street2'),
                [str(row, 'zip'), str(row, 'city')].filter(Boolean).join(' ') || undefined,
                typeof row.country_id === 'number' ? db.displayName('res.country', row.country_id) : undefined,
              ]
                .filter(Boolean)
                .join(', '),
          },
        ]
      : [
          ...magic(),
          // OCA partner_contact_birthdate and partner_firstname, installed on the recorded Odoo 16.
          { name: 'birthdate_date', type: 'date', string: 'Birthdate' },
          { name: 'firstname', type: 'char', string: 'First name' },
          { name: 'lastname', type: 'char', string: 'Last name' },
        ];
  const cooperator: FieldDef[] = modules.cooperator
    ? [
        {
          name: 'cooperative_membership_ids',
          type: 'one2many',
          string: 'Cooperative Memberships',
          relation: 'cooperative.membership',
          readonly: true,
          compute: (row, db) => (membership(db, row.id) ? [membership(db, row.id)!.id] : []),
        },
        {
          name: 'cooperative_membership_id',
          type: 'many2one',
          string: 'Cooperative Membership',
          relation: 'cooperative.membership',
          readonly: true,
          compute: (row, db) => membership(db, row.id)?.id ?? false,
        },
        memberField('cooperator', 'boolean', 'Cooperator', false),
        memberField('member', 'boolean', 'Effective cooperator', false),
        memberField('coop_candidate', 'boolean', 'Cooperator candidate', false),
        memberField('old_member', 'boolean', 'Old cooperator', false),
        {
          name: 'share_ids',
          type: 'one2many',
          string: 'Share Lines',
          relation: 'share.line',
          readonly: true,
          compute: (row, db) => shareLines(db, row.id).map((s) => s.id),
        },
        memberField('cooperator_register_number', 'integer', 'Cooperator Number', 0),
        memberField('number_of_share', 'integer', 'Number of share', 0, {
          compute: (row, db) => shareLines(db, row.id).reduce((n, s) => n + (s.share_number as number), 0),
        }),
        {
          name: 'total_value',
          type: 'float',
          string: 'Total value of shares',
          readonly: true,
          compute: (row, db) => shareLines(db, row.id).reduce((n, s) => n + (s.share_number as number) * (s.share_unit_price as number), 0),
        },
        { name: 'company_register_number', type: 'char', string: 'Company Register Number' },
        memberField('cooperator_type', 'selection', 'Cooperator Type', false, { selection: [] }),
        memberField('effective_date', 'date', 'Effective Date', false),
        { name: 'representative', type: 'boolean', string: 'Legal Representative' },
        { name: 'data_policy_approved', type: 'boolean', string: 'Data Policy Approved' },
        { name: 'internal_rules_approved', type: 'boolean', string: 'Approved Internal Rules' },
        { name: 'financial_risk_approved', type: 'boolean', string: 'Financial Risk Approved' },
        { name: 'generic_rules_approved', type: 'boolean', string: 'Generic Rules Approved' },
      ]
    : [];

  const partner: ModelDef = {
    name: 'res.partner',
    description: 'Contact',
    order: 'display_name asc, id desc',
    fields: [...head, ...tail, ...cooperator],
    displayName: partnerDisplayName,
    copyDefaults: (row) => ({ name: `${str(row, 'name') ?? ''} (copy)` }),
    nameCreate: (text) => {
      // res.partner._parse_partner_name: "Name <email>" → name and email.
      const m = /^(.*?)\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(text);
      if (m) return { name: m[1] || m[2], email: m[2] };
      if (/^[^\s@]+@[^\s@]+$/.test(text.trim())) return { name: text.trim(), email: text.trim() };
      return { name: text };
    },
  };
  if (version >= 17) {
    // Odoo 17+: the SQL CHECK `check_name` (a contact needs a name): fault 2 at INSERT, id consumed (transcript 25).
    partner.sqlChecks = [
      { name: 'check_name', message: 'Contacts require a name', check: (row) => row.type !== 'contact' || !(row.name === false || row.name === null) },
    ];
  } else {
    // OCA partner_firstname (on the recorded Odoo 16): name ↔ firstname/lastname, and its EmptyNamesError.
    partner.normalize = (values, db, phase) => {
      const out = { ...values };
      if ('name' in values && !('firstname' in values) && !('lastname' in values)) {
        const name = typeof values.name === 'string' ? values.name.trim() : '';
        const parts = name ? name.split(/\s+/) : [];
        if (values.is_company || parts.length < 2) {
          out.firstname = false;
          out.lastname = name || false;
        } else {
          out.firstname = parts[0];
          out.lastname = parts.slice(1).join(' ');
        }
      } else if (('firstname' in values || 'lastname' in values) && !('name' in values) && phase === 'create') {
        out.name = [values.firstname, values.lastname].filter((v) => typeof v === 'string' && v).join(' ') || false;
      }
      return out;
    };
    partner.constraints = [
      (db, env, ids) => {
        for (const id of ids) {
          const row = db.row('res.partner', id);
          if (row && (row.type === 'contact' || row.is_company) && !(str(row, 'name') ?? str(row, 'firstname') ?? str(row, 'lastname'))) {
            throw OdooFault.user(pyTuple([`Error(s) with partner ${id}'s name.`, 'No name is set.']));
          }
        }
      },
    ];
  }
  return partner;
}

function categoryModel(): ModelDef {
  const display = (row: Row, db: FakeOdooDatabase): string => {
    const name = str(row, 'name') ?? '';
    return typeof row.parent_id === 'number' && db.exists('res.partner.category', row.parent_id)
      ? `${db.displayName('res.partner.category', row.parent_id)} / ${name}`
      : name;
  };
  return {
    name: 'res.partner.category',
    description: 'Partner Tags',
    order: 'name asc',
    displayName: display,
    fields: [
      idField,
      { name: 'name', type: 'char', string: 'Tag Name', required: true },
      { name: 'color', type: 'integer', string: 'Color' },
      { name: 'parent_id', type: 'many2one', string: 'Parent Category', relation: 'res.partner.category' },
      { name: 'active', type: 'boolean', string: 'Active', default: () => true },
      { name: 'display_name', type: 'char', string: 'Display Name', compute: display },
      ...magic(),
    ],
  };
}

function externalIdModel(): ModelDef {
  return {
    name: 'ir.model.data',
    description: 'Model Data',
    order: 'module asc, model asc, name asc',
    uniques: [{ index: 'ir_model_data_module_name_uniq_index', fields: ['module', 'name'] }],
    displayName: (row) => `${String(row.module)}.${String(row.name)}`,
    fields: [
      idField,
      { name: 'name', type: 'char', string: 'External Identifier', required: true },
      { name: 'complete_name', type: 'char', string: 'Complete ID', compute: (row) => `${String(row.module)}.${String(row.name)}` },
      { name: 'model', type: 'char', string: 'Model Name', required: true },
      { name: 'module', type: 'char', string: 'Module', required: true, default: () => '' },
      { name: 'res_id', type: 'integer', string: 'Record ID' },
      { name: 'noupdate', type: 'boolean', string: 'Non Updatable' },
      ...magic(),
    ],
  };
}

function moduleModel(): ModelDef {
  return {
    name: 'ir.module.module',
    description: 'Module',
    order: 'application desc, sequence asc, name asc',
    fields: [
      idField,
      { name: 'name', type: 'char', string: 'Technical Name', required: true },
      { name: 'shortdesc', type: 'char', string: 'Module Name' },
      {
        name: 'state',
        type: 'selection',
        string: 'Status',
        selection: ['uninstallable', 'uninstalled', 'installed', 'to upgrade', 'to remove', 'to install'],
        default: () => 'uninstalled',
      },
      { name: 'latest_version', type: 'char', string: 'Installed Version' },
      { name: 'application', type: 'boolean', string: 'Application' },
      { name: 'sequence', type: 'integer', string: 'Sequence', default: () => 100 },
      ...magic(),
    ],
  };
}

function simpleModel(name: string, description: string, fields: FieldDef[], order = 'name asc'): ModelDef {
  return { name, description, order, fields: [idField, ...fields, ...magic()] };
}

function cooperatorModels(): ModelDef[] {
  return [
    simpleModel(
      'cooperative.membership',
      'Cooperative Membership',
      [
        { name: 'partner_id', type: 'many2one', string: 'Partner', relation: 'res.partner', required: true },
        { name: 'cooperator', type: 'boolean', string: 'Cooperator' },
        { name: 'member', type: 'boolean', string: 'Effective cooperator' },
        { name: 'coop_candidate', type: 'boolean', string: 'Cooperator candidate' },
        { name: 'old_member', type: 'boolean', string: 'Old cooperator' },
        { name: 'cooperator_register_number', type: 'integer', string: 'Cooperator Number' },
        { name: 'cooperator_type', type: 'selection', string: 'Cooperator Type', selection: [] },
        { name: 'effective_date', type: 'date', string: 'Effective Date' },
      ],
      'id asc',
    ),
    {
      ...simpleModel(
        'share.line',
        'Share line',
        [
          { name: 'share_number', type: 'integer', string: 'Number of Share', required: true },
          { name: 'share_unit_price', type: 'float', string: 'Share price' },
          {
            name: 'total_amount_line',
            type: 'float',
            string: 'Total amount line',
            compute: (row) => (row.share_number as number) * (row.share_unit_price as number),
          },
          { name: 'effective_date', type: 'date', string: 'Effective Date' },
          { name: 'partner_id', type: 'many2one', string: 'Cooperator', relation: 'res.partner', required: true },
        ],
        'id asc',
      ),
    },
  ];
}

/** The models of a fake server (base + contacts always; cooperator's when installed). */
export function buildModels(version: 16 | 18, modules: FakeOdooModules): ModelDef[] {
  const models: ModelDef[] = [
    partnerModel(version, modules),
    categoryModel(),
    externalIdModel(),
    moduleModel(),
    simpleModel('res.country', 'Country', [
      { name: 'name', type: 'char', string: 'Country Name', required: true },
      { name: 'code', type: 'char', string: 'Country Code' },
    ]),
    simpleModel('res.lang', 'Languages', [
      { name: 'name', type: 'char', string: 'Name', required: true },
      { name: 'code', type: 'char', string: 'Locale Code', required: true },
      { name: 'active', type: 'boolean', string: 'Active', default: () => true },
    ]),
    simpleModel('res.partner.title', 'Partner Title', [{ name: 'name', type: 'char', string: 'Title', required: true }]),
    simpleModel('res.company', 'Companies', [{ name: 'name', type: 'char', string: 'Company Name', required: true }]),
    simpleModel('res.currency', 'Currency', [
      { name: 'name', type: 'char', string: 'Currency', required: true },
      { name: 'active', type: 'boolean', string: 'Active', default: () => true },
    ]),
    simpleModel(
      'res.currency.rate',
      'Currency Rate',
      [
        { name: 'name', type: 'date', string: 'Date', required: true },
        { name: 'rate', type: 'float', string: 'Technical Rate' },
        { name: 'currency_id', type: 'many2one', string: 'Currency', relation: 'res.currency', required: true },
      ],
      'name desc',
    ),
  ];
  if (modules.cooperator) models.push(...cooperatorModels());
  return models;
}

/** Languages seeded in every fake: English and French installed (active), others known but not installed. */
export const FAKE_LANGUAGES: ReadonlyArray<{ id: number; code: string; name: string; active: boolean }> = [
  { id: 1, code: 'en_US', name: 'English (US)', active: true },
  { id: 29, code: 'fr_FR', name: 'French / Français', active: true },
  { id: 34, code: 'de_DE', name: 'German / Deutsch', active: false },
  { id: 76, code: 'nl_NL', name: 'Dutch / Nederlands', active: false },
];

/** Countries seeded in every fake (ids as in a stock Odoo database). */
export const FAKE_COUNTRIES: ReadonlyArray<{ id: number; code: string; name: string }> = [
  { id: 20, code: 'BE', name: 'Belgium' },
  { id: 43, code: 'CH', name: 'Switzerland' },
  { id: 57, code: 'DE', name: 'Germany' },
  { id: 68, code: 'ES', name: 'Spain' },
  { id: 75, code: 'FR', name: 'France' },
  { id: 109, code: 'IT', name: 'Italy' },
  { id: 133, code: 'LU', name: 'Luxembourg' },
  { id: 165, code: 'NL', name: 'Netherlands' },
  { id: 231, code: 'GB', name: 'United Kingdom' },
  { id: 233, code: 'US', name: 'United States' },
];
