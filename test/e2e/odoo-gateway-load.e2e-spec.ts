/**
 * `load` (Odoo's import method) through the real XML-RPC gateway against the fake Odoo 16 and 18: external ids that
 * create or update in place, all-or-nothing answers with one message per refused row, Odoo's cap on errors, cell
 * conversions, access rights, the cooperator's read-only fields, and a load whose answer is lost.
 */
import { OdooError, XmlRpcOdooGateway, type OdooErrorKind, type OdooLoadResult } from '@coop/odoo';
import { FakeOdooServer } from '../support/fake-odoo';

const DATABASE = 'coop';
const FIELDS = ['id', 'name', 'email', 'ref', 'is_company', 'country_id/.id', 'category_id/.id', 'active'];

async function failure(promise: Promise<unknown>, kind: OdooErrorKind): Promise<OdooError> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof OdooError)) throw error;
    expect({ kind: error.kind }).toEqual({ kind });
    return error;
  }
  throw new Error(`expected an OdooError of kind ${kind}, the call succeeded`);
}

/** The rows that were refused, as `record: message`. */
function refusals(result: OdooLoadResult): string[] {
  return result.messages.filter((m) => m.type === 'error').map((m) => `${m.record}: ${m.message}`);
}

describe.each([16, 18] as const)('load through the gateway, Odoo %i', (version) => {
  let fake: FakeOdooServer;
  let odoo: XmlRpcOdooGateway;
  let tags: number[];
  const gatewayAs = (login: string) =>
    new XmlRpcOdooGateway({ url: fake.url, database: DATABASE, login, secret: `${login}-key` }, { retry: { attempts: 1 }, timeoutMs: 5000 });

  beforeAll(async () => {
    fake = await FakeOdooServer.start({
      version,
      database: DATABASE,
      modules: { contacts: true, cooperator: version === 16 },
      users: [
        {
          uid: 7,
          login: 'sync',
          apiKeys: ['sync-key'],
          rights: { 'res.partner': ['read', 'write', 'create'], 'res.country': ['read'], 'res.partner.category': ['read'] },
        },
        {
          uid: 8,
          login: 'editor',
          apiKeys: ['editor-key'],
          rights: { 'res.partner': ['read', 'write'], 'res.country': ['read'], 'res.partner.category': ['read'] },
        },
        {
          uid: 9,
          login: 'creator',
          apiKeys: ['creator-key'],
          rights: { 'res.partner': ['read', 'create'], 'res.country': ['read'], 'res.partner.category': ['read'] },
        },
        { uid: 10, login: 'blind', apiKeys: ['blind-key'], rights: { 'res.partner': ['read', 'write', 'create'] } },
      ],
    });
    odoo = gatewayAs('sync');
    tags = [];
    for (const name of ['Load Tag A', 'Load Tag B', 'Load Tag C']) tags.push(fake.db.insert('res.partner.category', { name }));
  });
  afterAll(() => fake.close());
  afterEach(() => fake.clearInjections());

  const row = (xmlId: string, name: string, extra: Partial<Record<(typeof FIELDS)[number], string>> = {}) =>
    FIELDS.map((f) =>
      f === 'id'
        ? xmlId
        : f === 'name'
          ? name
          : (extra[f] ?? { email: `${xmlId.split('.').pop()}@load.example`, is_company: 'False', active: 'True' }[f] ?? ''),
    );
  const imd = (module: string, name: string) => fake.find('ir.model.data', (r) => r.module === module && r.name === name);

  it('creates new records and their external ids in one call, then updates them in place', async () => {
    fake.resetCounters();
    const fr = String(fake.countryId('FR'));
    const first = await odoo.load(
      'res.partner',
      FIELDS,
      [
        row('coop_ledger.m_1', 'Load One', { ref: 'M-1', country_id: fr, 'country_id/.id': fr, 'category_id/.id': `${tags[0]},${tags[1]}` }),
        row('coop_ledger.m_2', 'Load Two', { is_company: 'True' }),
        row('m_3', 'Load Three'), // no module: __import__
      ],
      { context: { tracking_disable: true } },
    );
    expect(first).toMatchObject({ messages: [], nextrow: 0 });
    const ids = first.ids as number[];
    expect(ids).toHaveLength(3);
    expect(fake.callCount('res.partner', 'load')).toBe(1);
    expect(fake.log.at(-1)).toMatchObject({ odooMethod: 'load', kwargs: { context: { tracking_disable: true } } });
    expect(fake.record('res.partner', ids[0]!)).toMatchObject({
      name: 'Load One',
      ref: 'M-1',
      country_id: fake.countryId('FR'),
      category_id: [tags[0], tags[1]],
      is_company: false,
    });
    expect(fake.record('res.partner', ids[1]!)).toMatchObject({ is_company: true, email: 'm_2@load.example' });
    expect(imd('coop_ledger', 'm_1')).toEqual([expect.objectContaining({ model: 'res.partner', res_id: ids[0], noupdate: false })]);
    expect(imd('__import__', 'm_3')).toEqual([expect.objectContaining({ res_id: ids[2] })]);

    const partners = fake.recordCount('res.partner');
    const again = await odoo.load('res.partner', FIELDS, [
      row('coop_ledger.m_1', 'Load One Renamed', { 'category_id/.id': String(tags[2]) }),
      row('coop_ledger.m_2', 'Load Two', { email: '', active: 'False' }),
      row('__import__.m_3', 'Load Three'),
    ]);
    expect(again).toEqual({ ids, messages: [], nextrow: 0 });
    expect(fake.recordCount('res.partner')).toBe(partners);
    // many2many: Command.set (the set is replaced); empty cells clear (email, country, tags)
    expect(fake.record('res.partner', ids[0]!)).toMatchObject({ name: 'Load One Renamed', category_id: [tags[2]], country_id: false });
    expect(fake.record('res.partner', ids[1]!)).toMatchObject({ email: false, active: false, category_id: [] });
    expect(imd('coop_ledger', 'm_1')).toHaveLength(1);
  });

  it('takes the module and noupdate of the context, and external ids of tags', async () => {
    fake.db.insert('ir.model.data', { module: 'coop_ledger', name: 'tag_founders', model: 'res.partner.category', res_id: tags[1] });
    const result = await odoo.load('res.partner', ['id', 'name', 'category_id/id'], [['m_ctx', 'Load Context', 'coop_ledger.tag_founders']], {
      context: { module: 'coop_ctx', noupdate: true },
    });
    expect(result.messages).toEqual([]);
    expect(imd('coop_ctx', 'm_ctx')).toEqual([expect.objectContaining({ res_id: (result.ids as number[])[0], noupdate: true })]);
    expect(fake.record('res.partner', (result.ids as number[])[0]!)?.category_id).toEqual([tags[1]]);
  });

  it('recreates the record of an external id left dangling by a delete in SQL', async () => {
    const [id] = (await odoo.load('res.partner', ['id', 'name'], [['coop_ledger.m_dangling', 'Load Dangling']])).ids as number[];
    fake.deleteRecord('res.partner', id!, { keepExternalIds: true });
    const { ids } = await odoo.load('res.partner', ['id', 'name'], [['coop_ledger.m_dangling', 'Load Dangling']]);
    expect(ids).toEqual([expect.any(Number)]);
    expect((ids as number[])[0]).not.toBe(id);
    expect(imd('coop_ledger', 'm_dangling')).toEqual([expect.objectContaining({ res_id: (ids as number[])[0] })]);
  });

  it('updates by database id (.id); an unknown one is an error naming the row', async () => {
    const [id] = (await odoo.load('res.partner', ['name'], [['Load By Id']])).ids as number[];
    expect(await odoo.load('res.partner', ['.id', 'city'], [[String(id), 'Gent']])).toEqual({ ids: [id], messages: [], nextrow: 0 });
    expect(fake.record('res.partner', id!)?.city).toBe('Gent');
    // Odoo then creates the row as new (and refuses it without a name): the name keeps this test to the id.
    const unknown = await odoo.load(
      'res.partner',
      ['.id', 'name', 'city'],
      [
        [String(id), 'Load By Id', 'Liège'],
        ['99999', 'Load Unknown', 'Namur'],
      ],
    );
    expect(unknown.ids).toBe(false);
    expect(unknown.messages).toEqual([{ type: 'error', record: 1, rows: { from: 1, to: 1 }, field: '.id', message: "Unknown database identifier '99999'" }]);
    expect(fake.record('res.partner', id!)?.city).toBe('Gent');
  });

  it('refuses the whole call for one bad row: ids false, nothing written, the row and field named', async () => {
    await odoo.load('res.partner', ['id', 'name', 'city'], [['coop_ledger.m_tx', 'Load Tx', 'Gent']]);
    const partners = fake.recordCount('res.partner');
    const externalIds = fake.recordCount('ir.model.data');
    const result = await odoo.load(
      'res.partner',
      ['id', 'name', 'city', 'country_id/.id'],
      [
        ['coop_ledger.m_tx', 'Load Tx', 'Brugge', ''],
        ['coop_ledger.m_tx_new', 'Load Tx New', 'Gent', '999'],
        ['coop_ledger.m_tx_other', 'Load Tx Other', 'Gent', String(fake.countryId('BE'))],
      ],
    );
    expect(result.ids).toBe(false);
    expect(result.messages).toEqual([
      {
        type: 'error',
        record: 1,
        rows: { from: 1, to: 1 },
        field: 'country_id',
        fieldLabel: 'Country',
        message: "No matching record found for database id '999' in field 'Country'",
      },
    ]);
    expect(fake.recordCount('res.partner')).toBe(partners);
    expect(fake.recordCount('ir.model.data')).toBe(externalIds);
    expect(fake.find('res.partner', (r) => r.name === 'Load Tx').map((r) => r.city)).toEqual(['Gent']);
  });

  it('refuses the rows a constraint refuses, through the record-by-record retry (Odoo 18 also blames row 0)', async () => {
    const stop = fake.refuseEmails(/^refused/, 'Refused by the coop rules.');
    try {
      const result = await odoo.load(
        'res.partner',
        ['id', 'name', 'email'],
        [
          ['coop_ledger.m_ok', 'Load Ok', 'ok@load.example'],
          ['coop_ledger.m_refused', 'Load Refused', 'refused@load.example'],
        ],
      );
      expect(result.ids).toBe(false);
      expect(refusals(result)).toEqual(version === 16 ? ['1: Refused by the coop rules.'] : ['0: Refused by the coop rules.', '1: Refused by the coop rules.']);
      expect(imd('coop_ledger', 'm_ok')).toEqual([]);
    } finally {
      stop();
    }
  });

  it('stops after 10 errors when they are more than one per 10 records, with Odoo warning', async () => {
    const stop = fake.refuseEmails(/^bad/);
    try {
      const dense = await odoo.load(
        'res.partner',
        ['name', 'email'],
        Array.from({ length: 25 }, (_, i) => [`Load Bad ${i}`, `bad${i}@load.example`]),
      );
      expect(dense.ids).toBe(false);
      expect(dense.messages.filter((m) => m.type === 'error').map((m) => m.record)).toEqual(
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], // Odoo 18's batch message equals row 0's: not repeated
      );
      expect(dense.messages.at(-1)).toEqual({
        type: 'warning',
        message: 'Found more than 10 errors and more than one error per 10 records, interrupted to avoid showing too many errors.',
      });
      // One bad row in 20: all 15 reported, no warning.
      const sparse = await odoo.load(
        'res.partner',
        ['name', 'email'],
        Array.from({ length: 300 }, (_, i) => [`Load Sparse ${i}`, i % 20 === 19 ? `bad${i}@load.example` : `ok${i}@load.example`]),
      );
      expect(sparse.ids).toBe(false);
      expect(sparse.messages.filter((m) => m.record !== 0 && m.type === 'error')).toHaveLength(15);
      expect(sparse.messages.some((m) => m.type === 'warning')).toBe(false);
    } finally {
      stop();
    }
  });

  it('converts cells as ir.fields.converter does; what it cannot read is an error message', async () => {
    const ok = await odoo.load(
      'res.partner',
      ['name', 'is_company', 'color', 'partner_latitude', 'type'],
      [
        ['Load Cells 1', 'yes', ' 12 ', '50.5', 'Invoice'],
        ['Load Cells 2', 'NO', '', '', 'delivery'],
      ],
    );
    const [a, b] = ok.ids as number[];
    expect(fake.record('res.partner', a!)).toMatchObject({ is_company: true, color: 12, partner_latitude: 50.5, type: 'invoice' });
    expect(fake.record('res.partner', b!)).toMatchObject({ is_company: false, color: 0, partner_latitude: 0, type: 'delivery' });
    const bad = await odoo.load(
      'res.partner',
      ['name', 'is_company', 'color', 'partner_latitude', 'type'],
      [['Load Cells 3', 'maybe', '1.5', 'north', 'nonsense']],
    );
    expect(bad.ids).toBe(false);
    expect(bad.messages.map((m) => [m.field, m.message, m.moreinfo])).toEqual([
      ['is_company', "Unknown value 'maybe' for boolean field 'Is a Company'", "Use '1' for yes and '0' for no"],
      ['color', "'1.5' does not seem to be an integer for field 'Color Index'", undefined],
      ['partner_latitude', "'north' does not seem to be a number for field 'Geo Latitude'", undefined],
      ['type', "Value 'nonsense' not found in selection field 'Address Type'", undefined],
    ]);
  });

  it('faults on an unknown column (UNKNOWN_FIELD), as Odoo does before reading any row', async () => {
    const e = await failure(odoo.load('res.partner', ['id', 'no_such_field'], [['coop_ledger.m_x', 'x']]), 'UNKNOWN_FIELD');
    expect(e).toMatchObject({ field: 'no_such_field', exceptionClass: version === 16 ? 'KeyError' : 'ValueError', outcome: 'rolled-back' });
  });

  it('refuses an external id of another model', async () => {
    fake.db.insert('ir.model.data', { module: 'coop_ledger', name: 'not_a_partner', model: 'res.partner.category', res_id: tags[0] });
    const result = await odoo.load('res.partner', ['id', 'name'], [['coop_ledger.not_a_partner', 'Load Wrong Model']]);
    expect(refusals(result).at(-1)).toMatch(
      /^0: For external id coop_ledger\.not_a_partner when trying to create\/update a record of model res\.partner found record of different model res\.partner\.category \(\d+\)$/,
    );
  });

  it('needs create and write on the model, not rights on ir.model.data; a lookup the user cannot read faults', async () => {
    const [existing] = (await odoo.load('res.partner', ['id', 'name'], [['coop_ledger.m_rights', 'Load Rights']])).ids as number[];
    const editor = await gatewayAs('editor').load(
      'res.partner',
      ['id', 'name'],
      [
        ['coop_ledger.m_rights', 'Load Rights Edited'],
        ['coop_ledger.m_rights_new', 'Load New'],
      ],
    );
    const cannotCreate = /^\d: You are not allowed to create 'Contact' \(res\.partner\) records\./;
    // Odoo 18 puts the batch's error first, attributed to the batch's first row (here an update that went through).
    expect(refusals(editor).map((r) => r.slice(0, 2))).toEqual(version === 16 ? ['1:'] : ['0:', '1:']);
    expect(refusals(editor).every((r) => cannotCreate.test(r))).toBe(true);
    expect((await gatewayAs('editor').load('res.partner', ['id', 'name'], [['coop_ledger.m_rights', 'Load Rights Edited']])).ids).toEqual([existing]);
    const creator = await gatewayAs('creator').load('res.partner', ['id', 'name'], [['coop_ledger.m_rights', 'Load Rights Again']]);
    expect(refusals(creator)).toEqual([expect.stringMatching(/^0: You are not allowed to modify 'Contact' \(res\.partner\) records\./)]);
    await failure(gatewayAs('blind').load('res.partner', ['name', 'country_id/.id'], [['Load Blind', String(fake.countryId('BE'))]]), 'ACCESS_DENIED');
    // The sync user cannot write external ids itself, yet its loads wrote them (Odoo does it as superuser).
    await failure(odoo.create('ir.model.data', [{ module: 'coop_ledger', name: 'm_direct', model: 'res.partner', res_id: existing! }]), 'ACCESS_DENIED');
    expect(imd('coop_ledger', 'm_rights')).toHaveLength(1);
  });

  it('counts loads, and a crash after a committed load loses the answer: sent again, it updates (no duplicate)', async () => {
    const rows = [row('coop_ledger.m_crash_1', 'Load Crash 1'), row('coop_ledger.m_crash_2', 'Load Crash 2')];
    fake.crashAfterCreate(1, 'res.partner');
    fake.resetCounters();
    const e = await failure(odoo.load('res.partner', FIELDS, rows), 'NETWORK');
    expect(e).toMatchObject({ mayHaveCommitted: true, attempts: 1 });
    expect(fake.callCount('res.partner', 'load')).toBe(1);
    const created = fake.find('res.partner', (r) => String(r.name).startsWith('Load Crash')).map((r) => r.id);
    expect(created).toHaveLength(2);
    const { ids } = await odoo.load('res.partner', FIELDS, rows, { idempotent: true });
    expect([...(ids as number[])].sort()).toEqual([...created].sort());
    expect(fake.find('res.partner', (r) => String(r.name).startsWith('Load Crash'))).toHaveLength(2);
  });

  if (version === 16) {
    it("fails like write on the cooperator module's read-only member fields", async () => {
      const result = await odoo.load('res.partner', ['id', 'name', 'member'], [['coop_ledger.m_member', 'Load Member', 'True']]);
      expect(result.ids).toBe(false);
      expect(refusals(result)).toEqual([expect.stringMatching(/^0: Cannot set member field on res\.partner\(\d+,\): cooperative_membership_id is not set$/)]);
    });
  }
});
