import { isOdooError, XmlRpcOdooGateway, type OdooGateway } from '@coop/odoo';
import { FakeOdooServer } from '../support/fake-odoo';

/**
 * `res.partner.load`, Odoo's import method, through the real gateway against the fake Odoo: the semantics the sync
 * relies on (one transaction, external ids created or updated, rows named when refused).
 */
describe('load: create or update by external id, all or nothing', () => {
  let odoo: FakeOdooServer;
  let gw: OdooGateway;
  const COLUMNS = ['id', 'name', 'email', 'ref', 'is_company', 'country_id/.id', 'category_id/.id', 'active'];
  const QUIET = { context: { tracking_disable: true } };

  beforeEach(async () => {
    odoo = await FakeOdooServer.start({ version: 16 });
    gw = new XmlRpcOdooGateway({ url: odoo.url, database: odoo.database, login: 'admin', secret: 'admin' }, { timeoutMs: 2000, retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 10 } });
  });
  afterEach(() => odoo.close());

  const tag = (name: string) => odoo.db.insert('res.partner.category', { name });
  const row = (n: number, over: Partial<Record<(typeof COLUMNS)[number], string>> = {}) => {
    const r = { id: `coop_test.member_${n}`, name: `Member ${n}`, email: `m${n}@example.org`, ref: String(n), is_company: 'False', 'country_id/.id': String(odoo.countryId('FR')), 'category_id/.id': '', active: 'True', ...over };
    return COLUMNS.map((c) => r[c as keyof typeof r]);
  };
  const xmlid = (n: number) => odoo.find('ir.model.data', (r) => r.module === 'coop_test' && r.name === `member_${n}`);

  it('creates the records and their external ids in one call, ids in row order', async () => {
    const [a, b] = [tag('A'), tag('B')];
    const result = await gw.load('res.partner', COLUMNS, [row(1, { 'category_id/.id': `${a},${b}` }), row(2, { is_company: 'True' })], QUIET);
    expect(result).toMatchObject({ messages: [], nextrow: 0 });
    const ids = result.ids as number[];
    expect(ids).toHaveLength(2);
    expect(odoo.record('res.partner', ids[0])).toMatchObject({ name: 'Member 1', email: 'm1@example.org', ref: '1', is_company: false, country_id: odoo.countryId('FR'), category_id: [a, b] });
    expect(odoo.record('res.partner', ids[1])).toMatchObject({ is_company: true });
    expect(xmlid(1).map((r) => r.res_id)).toEqual([ids[0]]);
    expect(xmlid(2).map((r) => [r.model, r.res_id])).toEqual([['res.partner', ids[1]]]);
    expect(odoo.callCount('res.partner', 'load')).toBe(1);
  });

  it('the same external ids again update the same records in place: an empty cell clears, tags are replaced', async () => {
    const [a, b] = [tag('A'), tag('B')];
    const first = (await gw.load('res.partner', COLUMNS, [row(1, { 'category_id/.id': `${a},${b}` })], QUIET)).ids as number[];
    const partners = odoo.recordCount('res.partner');
    const again = await gw.load('res.partner', COLUMNS, [row(1, { email: '', 'category_id/.id': `${b}`, active: 'False' })], QUIET);
    expect(again.ids).toEqual(first);
    expect(odoo.recordCount('res.partner')).toBe(partners);
    expect(odoo.record('res.partner', first[0])).toMatchObject({ email: false, category_id: [b], active: false });
    // an archived record is still found by its external id
    expect((await gw.load('res.partner', COLUMNS, [row(1, { name: 'Renamed' })], QUIET)).ids).toEqual(first);
    expect(odoo.record('res.partner', first[0])).toMatchObject({ name: 'Renamed', active: true });
  });

  it('an external id left pointing at a deleted record: the record is created again and the external id moved to it', async () => {
    const [first] = (await gw.load('res.partner', COLUMNS, [row(1)], QUIET)).ids as number[];
    odoo.deleteRecord('res.partner', first, { keepExternalIds: true });
    const [second] = (await gw.load('res.partner', COLUMNS, [row(1)], QUIET)).ids as number[];
    expect(second).not.toBe(first);
    expect(xmlid(1).map((r) => r.res_id)).toEqual([second]);
  });

  it('a row Odoo cannot convert: nothing is written, and the message names the row, the field and the reason', async () => {
    const partners = odoo.recordCount('res.partner');
    const imd = odoo.recordCount('ir.model.data');
    const result = await gw.load('res.partner', COLUMNS, [row(1), row(2, { 'country_id/.id': '99999' }), row(3)], QUIET);
    expect(result.ids).toBe(false);
    expect(result.messages).toEqual([
      { type: 'error', record: 1, rows: { from: 1, to: 1 }, field: 'country_id', message: "No matching record found for database id '99999' in field 'Country'" },
    ]);
    expect(odoo.recordCount('res.partner')).toBe(partners);
    expect(odoo.recordCount('ir.model.data')).toBe(imd);
  });

  it('rows Odoo refuses when writing them are each named; the others are not written either', async () => {
    odoo.refuseEmails(/^refused/);
    const partners = odoo.recordCount('res.partner');
    const result = await gw.load('res.partner', COLUMNS, [row(1), row(2, { email: 'refused@example.org' }), row(3), row(4, { email: 'refused.too@example.org' })], QUIET);
    expect(result.ids).toBe(false);
    expect(result.messages.map((m) => [m.type, m.record, m.message])).toEqual([
      ['error', 1, 'This email address is not allowed.'],
      ['error', 3, 'This email address is not allowed.'],
    ]);
    expect(odoo.recordCount('res.partner')).toBe(partners);
    const rest = await gw.load('res.partner', COLUMNS, [row(1), row(3)], QUIET);
    expect(rest.ids).toHaveLength(2);
  });

  it('stops naming refused rows after more than 10 errors and more than one per 10 rows, as Odoo does', async () => {
    odoo.refuseEmails(/^bad/);
    const rows = Array.from({ length: 30 }, (_, i) => row(i + 1, { email: `bad${i}@example.org` }));
    const result = await gw.load('res.partner', COLUMNS, rows, QUIET);
    expect(result.ids).toBe(false);
    expect(result.messages.filter((m) => m.type === 'error')).toHaveLength(10);
    expect(result.messages.at(-1)).toMatchObject({ type: 'warning', message: expect.stringContaining('Found more than 10 errors') });
  });

  it('an unknown boolean is loaded as true with a warning; an unknown column is a fault, nothing written', async () => {
    const result = await gw.load('res.partner', COLUMNS, [row(1, { is_company: 'maybe' })], QUIET);
    expect(result.ids).toHaveLength(1);
    expect(result.messages).toEqual([expect.objectContaining({ type: 'warning', record: 0, field: 'is_company', message: "Unknown value 'maybe' for boolean field 'Is a Company'" })]);
    const partners = odoo.recordCount('res.partner');
    const error = await gw.load('res.partner', ['id', 'no_such_field'], [['coop_test.x', 'y']], QUIET).catch((e: unknown) => e);
    expect(isOdooError(error)).toBe(true);
    expect(odoo.recordCount('res.partner')).toBe(partners);
  });

  it('needs create for new records and write for existing ones; check_access_rights tells which the user has', async () => {
    const limited = await FakeOdooServer.start({
      version: 18,
      users: [{ uid: 7, login: 'sync', apiKeys: ['k7'], rights: { 'res.partner': ['read', 'create'], 'ir.model.data': ['read'] } }],
    });
    try {
      const lgw = new XmlRpcOdooGateway({ url: limited.url, database: limited.database, login: 'sync', secret: 'k7' }, { retry: { attempts: 1 } });
      const created = await lgw.load('res.partner', ['id', 'name'], [['coop_test.member_1', 'One']]);
      expect(created.ids).toHaveLength(1);
      expect(limited.find('ir.model.data', (r) => r.name === 'member_1')).toHaveLength(1); // written as superuser
      const updated = await lgw.load('res.partner', ['id', 'name'], [['coop_test.member_1', 'Uno']]);
      expect(updated).toMatchObject({ ids: false, messages: [{ type: 'error', record: 0, message: expect.stringContaining("You are not allowed to modify 'Contact' (res.partner) records.") }] });
      expect(await lgw.checkAccessRights('res.partner', 'create')).toBe(true);
      expect(await lgw.checkAccessRights('res.partner', 'write')).toBe(false);
      expect(await lgw.checkAccessRights('ir.model.data', 'create')).toBe(false);
      const raised = await lgw.executeKw('res.partner', 'check_access_rights', ['write']).catch((e: unknown) => e);
      expect(isOdooError(raised, 'ACCESS_DENIED')).toBe(true);
    } finally {
      await limited.close();
    }
  });

  it("refuses a row writing the cooperator module's member fields, as write does", async () => {
    const coop = await FakeOdooServer.start({ version: 16, modules: { cooperator: true } });
    try {
      const cgw = new XmlRpcOdooGateway({ url: coop.url, database: coop.database, login: 'admin', secret: 'admin' });
      const result = await cgw.load('res.partner', ['id', 'name', 'member'], [['coop_test.member_1', 'One', 'True']]);
      expect(result).toMatchObject({ ids: false, messages: [{ type: 'error', record: 0, message: expect.stringContaining('Cannot set member field') }] });
    } finally {
      await coop.close();
    }
  });

  it('a load that committed and lost its answer is sent again safely: the external ids make it an update', async () => {
    odoo.crashAfterCreate(1, 'res.partner');
    const result = await gw.load('res.partner', COLUMNS, [row(1), row(2)], { ...QUIET, idempotent: true });
    expect(result.ids).toHaveLength(2);
    expect(odoo.callCount('res.partner', 'load')).toBe(2);
    expect(odoo.find('res.partner', (p) => p.ref === '1' || p.ref === '2')).toHaveLength(2);
    odoo.crashAfterCreate(1, 'res.partner');
    const once = await gw.load('res.partner', COLUMNS, [row(3)], QUIET).catch((e: unknown) => e); // not idempotent: not resent
    expect(isOdooError(once, 'NETWORK')).toBe(true);
  });

  it('a character XML cannot carry is refused before anything is sent (UNENCODABLE, not a network error)', async () => {
    const before = odoo.httpRequests;
    const error = await gw.load('res.partner', COLUMNS, [row(1), row(2, { name: 'Tab\u000Bulated' })], QUIET).catch((e: unknown) => e);
    expect(isOdooError(error, 'UNENCODABLE')).toBe(true);
    expect(error).toMatchObject({ outcome: 'not-sent', retryable: false });
    expect((error as Error).message).toContain('the character U+000B, which XML 1.0 cannot carry, is in args[1][1][1] (at index 3)');
    expect(odoo.httpRequests).toBe(before);
  });
});
