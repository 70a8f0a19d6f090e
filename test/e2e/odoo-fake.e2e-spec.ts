import Decimal from 'decimal.js';
/**
 * The fake Odoo's own semantics beyond the recorded exchanges (which odoo-transcripts.e2e-spec.ts replays byte for
 * byte): domains, x2many commands, wrong types, transactions, edits by hand, counters. Through real XML-RPC calls.
 */
import { OdooCommand, OdooError, XmlRpcOdooGateway, type OdooErrorKind } from '@coop/odoo';
import * as xmlrpc from 'xmlrpc';
import { FakeOdooServer, OdooFault } from '../support/fake-odoo';

async function kindOf(promise: Promise<unknown>): Promise<{ kind: OdooErrorKind; odooMessage?: string; faultCode?: number | string }> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof OdooError) return { kind: e.kind, odooMessage: e.odooMessage, faultCode: e.faultCode };
    throw e;
  }
  throw new Error('the call succeeded');
}

describe('the fake Odoo', () => {
  let fake: FakeOdooServer;
  let odoo: XmlRpcOdooGateway;

  beforeAll(async () => {
    fake = await FakeOdooServer.start({ version: 16, database: 'fake', modules: { contacts: true, cooperator: true } });
    odoo = new XmlRpcOdooGateway({ url: fake.url, database: 'fake', login: 'admin', secret: 'admin' }, { retry: { attempts: 1 } });
  });
  afterAll(() => fake.close());

  it('evaluates domains: prefix operators, in / not in, like / ilike / =ilike, comparisons, dotted paths, offset and order', async () => {
    const be = fake.countryId('BE');
    const fr = fake.countryId('FR');
    const ids = await odoo.create('res.partner', [
      { name: 'Dom Anna', email: 'anna@dom.example', country_id: be, color: 1 },
      { name: 'Dom Bert', email: 'bert@dom.example', country_id: fr, color: 2 },
      { name: 'Dom Carla', email: 'CARLA@DOM.EXAMPLE', color: 3 },
      { name: 'Dom Dirk', email: false, color: 4 },
    ]);
    const [a, b, c, d] = ids as [number, number, number, number];
    const q = (domain: unknown[], order = 'id asc') => odoo.search('res.partner', domain as never, { order });
    expect(await q([['name', '=like', 'Dom %']])).toEqual([a, b, c, d]);
    expect(await q([['email', '=ilike', '%@dom.example']])).toEqual([a, b, c]);
    expect(await q([['email', 'like', 'dom.example']])).toEqual([a, b]);
    expect(
      await q([
        ['name', 'like', 'Dom'],
        ['email', '=', false],
      ]),
    ).toEqual([d]);
    expect(
      await q([
        ['name', 'like', 'Dom'],
        ['email', '!=', false],
      ]),
    ).toEqual([a, b, c]);
    expect(await q([['id', 'in', [a, c, 99_999]]])).toEqual([a, c]);
    expect(
      await q([
        ['name', 'like', 'Dom'],
        ['id', 'not in', [a, c]],
      ]),
    ).toEqual([b, d]);
    expect(await q(['|', ['country_id', '=', be], ['country_id', '=', fr]])).toEqual([a, b]);
    expect(await q(['&', ['name', 'like', 'Dom'], '!', ['country_id', '=', false]])).toEqual([a, b]);
    expect(await q([['country_id.code', '=', 'FR']])).toEqual([b]);
    expect(await q([['country_id', 'ilike', 'belg']])).toEqual([a]);
    expect(
      await q([
        ['name', 'like', 'Dom'],
        ['color', '>', 2],
      ]),
    ).toEqual([c, d]);
    expect(
      await q(
        [
          ['name', 'like', 'Dom'],
          ['color', '<=', 2],
        ],
        'color desc',
      ),
    ).toEqual([b, a]);
    expect(await odoo.search('res.partner', [['name', 'like', 'Dom']], { order: 'name desc', offset: 1, limit: 2 })).toEqual([c, b]);
    expect(await odoo.searchCount('res.partner', [['name', 'like', 'Dom ']])).toBe(4);
    expect((await kindOf(q([['name', 'bogus', 'x']]))).kind).toBe('VALIDATION');
  });

  it('writes many2many with every command, refuses links to missing records, and rolls an inline create back', async () => {
    const [t1, t2, t3] = await odoo.create('res.partner.category', [{ name: 'Tag 1' }, { name: 'Tag 2' }, { name: 'Tag 3' }]);
    const [p] = await odoo.create('res.partner', [{ name: 'Tagged', category_id: [OdooCommand.set([t1!, t2!])] }]);
    const tags = async () => (await odoo.read('res.partner', [p!], ['category_id']))[0]!.category_id;
    expect(await tags()).toEqual([t1, t2]);
    await odoo.write('res.partner', [p!], { category_id: [OdooCommand.link(t3!), OdooCommand.unlink(t1!)] });
    expect(await tags()).toEqual([t2, t3]);
    await odoo.write('res.partner', [p!], { category_id: [OdooCommand.clear(), OdooCommand.create({ name: 'Tag Inline' })] });
    const [inline] = (await tags()) as number[];
    expect(fake.record('res.partner.category', inline!)?.name).toBe('Tag Inline');
    const categoriesBefore = fake.recordCount('res.partner.category');
    const e = await kindOf(odoo.write('res.partner', [p!], { category_id: [OdooCommand.create({ name: 'Tag Lost' }), OdooCommand.link(99_999)] }));
    expect(e.kind).toBe('VALIDATION');
    expect(e.odooMessage).toContain('another model requires the record being deleted');
    expect(fake.recordCount('res.partner.category')).toBe(categoriesBefore); // the inline create was rolled back
    expect(await tags()).toEqual([inline]);
  });

  it('converts and refuses values as Odoo does', async () => {
    const [p] = await odoo.create('res.partner', [{ name: 'Types', is_company: 'maybe', color: '7', partner_latitude: '50.5' }]);
    expect(await odoo.read('res.partner', [p!], ['is_company', 'company_type', 'color', 'partner_latitude'])).toEqual([
      { id: p, is_company: true, company_type: 'company', color: 7, partner_latitude: new Decimal('50.5') },
    ]);
    expect(await kindOf(odoo.write('res.partner', [p!], { color: 'abc' }))).toMatchObject({
      kind: 'VALIDATION',
      odooMessage: "invalid literal for int() with base 10: 'abc'",
    });
    expect(await kindOf(odoo.write('res.partner', [p!], { country_id: 'BE' }))).toMatchObject({
      kind: 'VALIDATION',
      odooMessage: 'invalid input syntax for type integer: "BE"',
    });
    expect(await kindOf(odoo.write('res.partner', [p!], { birthdate_date: '17/05/1990' }))).toMatchObject({ kind: 'VALIDATION' });
    expect(await kindOf(odoo.write('res.partner', [p!], { color: 2 ** 31 }))).toMatchObject({ kind: 'VALIDATION', odooMessage: 'integer out of range' });
    expect(await kindOf(odoo.create('res.partner.category', [{ color: 1 }]))).toMatchObject({ kind: 'VALIDATION', faultCode: 2 });
    expect(await kindOf(odoo.write('res.partner', [p!], { country_id: 99_999 }))).toMatchObject({ kind: 'VALIDATION', faultCode: 2 });
  });

  it('unlink removes the external ids; a delete "by SQL" leaves them dangling; a merge moves them', async () => {
    const [a, b, c, keep] = await odoo.create('res.partner', [{ name: 'Del A' }, { name: 'Del B' }, { name: 'Merge C' }, { name: 'Merge Keep' }]);
    await odoo.create('ir.model.data', [
      { module: 'coop', name: 'del_a', model: 'res.partner', res_id: a! },
      { module: 'coop', name: 'del_b', model: 'res.partner', res_id: b! },
      { module: 'coop', name: 'merge_c', model: 'res.partner', res_id: c! },
      { module: 'coop', name: 'merge_keep', model: 'res.partner', res_id: keep! },
    ]);
    const xmlIds = async () =>
      Object.fromEntries(
        (await odoo.searchRead<{ id: number; name: string; res_id: number }>('ir.model.data', [['module', '=', 'coop']], { fields: ['name', 'res_id'] })).map(
          (r) => [r.name, r.res_id],
        ),
      );
    await odoo.executeKw('res.partner', 'unlink', [[a!]]);
    fake.deleteRecord('res.partner', b!, { keepExternalIds: true });
    fake.mergePartners([c!], keep!);
    expect(await xmlIds()).toEqual({ del_b: b, merge_c: keep, merge_keep: keep });
    expect(await odoo.read('res.partner', [a!, b!, c!, keep!], ['name'])).toEqual([{ id: keep, name: 'Merge Keep' }]);
    expect((await kindOf(odoo.executeKw('res.partner', 'unlink', [[a!]]))).kind).toBe('MISSING_RECORD');
  });

  it('copies (an int on Odoo 16), creates from a dict (an int) or a list (ids), and answers execute as execute_kw', async () => {
    const [p] = await odoo.create('res.partner', [{ name: 'Copied', email: 'c@copy.example' }]);
    const copy = await odoo.executeKw<number>('res.partner', 'copy', [p!, { email: 'copy@copy.example' }]);
    expect(fake.record('res.partner', copy)).toMatchObject({ name: 'Copied (copy)', email: 'copy@copy.example' });
    expect(typeof (await odoo.executeKw('res.partner', 'create', [{ name: 'One dict' }]))).toBe('number');
    expect(await odoo.executeKw('res.partner', 'create', [[]])).toEqual([]);
    expect(await odoo.executeKw('res.partner', 'name_create', ['Named <named@create.example>'])).toEqual([expect.any(Number), 'Named']);
    const client = xmlrpc.createClient({ host: '127.0.0.1', port: fake.port, path: '/xmlrpc/2/object' });
    const viaExecute = await new Promise((resolve, reject) =>
      client.methodCall('execute', ['fake', 2, 'admin', 'res.partner', 'search', [['id', '=', p]]], (err, value) => (err ? reject(err) : resolve(value))),
    );
    expect(viaExecute).toEqual([p]);
  });

  it('counts calls and records', async () => {
    fake.resetCounters();
    await odoo.searchCount('res.partner', []);
    await odoo.searchCount('res.partner', []);
    await odoo.searchRead('res.partner.category', [], { fields: ['name'] });
    expect(fake.callCount('res.partner', 'search_count')).toBe(2);
    expect(fake.callCount('res.partner')).toBe(2);
    expect(fake.callCount('res.partner.category')).toBe(1);
    expect(fake.totalCalls).toBe(3);
    expect(fake.recordCount('res.partner', { activeOnly: true })).toBeLessThan(fake.recordCount('res.partner'));
    expect(fake.log.at(-1)).toMatchObject({ model: 'res.partner.category', odooMethod: 'search_read' });
    expect(fake.log.at(-1)!.body).toContain('<value><string>***</string></value>'); // the password, redacted in the log
  });
});

describe.each([16, 18] as const)('the fake Odoo %i: load and access rights, as Odoo answers them', (version) => {
  let fake: FakeOdooServer;
  let admin: XmlRpcOdooGateway;
  let reader: XmlRpcOdooGateway;
  const raw = (method: string, args: unknown[], kwargs?: Record<string, unknown>, gateway = admin) =>
    gateway.executeKw<Record<string, unknown>>('res.partner', method, args as never, kwargs as never);

  beforeAll(async () => {
    fake = await FakeOdooServer.start({ version, database: 'fake', users: [{ uid: 8, login: 'reader', password: 'r', rights: { 'res.partner': ['read'] } }] });
    admin = new XmlRpcOdooGateway({ url: fake.url, database: 'fake', login: 'admin', secret: 'admin' }, { retry: { attempts: 1 } });
    reader = new XmlRpcOdooGateway({ url: fake.url, database: 'fake', login: 'reader', secret: 'r' }, { retry: { attempts: 1 } });
  });
  afterAll(() => fake.close());

  it('check_access_rights: a boolean with raise_exception=False; AccessError when denied; Odoo 18 answers None when granted', async () => {
    expect(await admin.checkAccessRights('res.partner', 'create')).toBe(true);
    expect(await reader.checkAccessRights('res.partner', 'read')).toBe(true);
    expect(await reader.checkAccessRights('res.partner', 'create')).toBe(false);
    expect(await raw('check_access_rights', ['unlink'], { raise_exception: false }, reader)).toBe(false);
    expect((await kindOf(raw('check_access_rights', ['write'], undefined, reader))).kind).toBe('ACCESS_DENIED');
    if (version === 16) expect(await raw('check_access_rights', ['read'], undefined, reader)).toBe(true);
    else expect((await kindOf(raw('check_access_rights', ['read'], undefined, reader))).kind).toBe('MARSHAL_NONE');
    expect(await kindOf(raw('check_access_rights', ['delete'], { raise_exception: false }))).toMatchObject({
      kind: 'FAULT',
      odooMessage: 'Invalid access mode',
    });
    if (version === 18) expect(await raw('has_access', [[], 'write'], undefined, reader)).toBe(false);
  });

  it('answers {ids, messages, nextrow} in that order, with the message of a missing id as Odoo writes it', async () => {
    fake.resetCounters();
    const result = await raw('load', [['name', 'country_id/.id'], [['Raw Load', '999']]]);
    expect([fake.callCount('res.partner', 'load'), fake.log.at(-1)!.odooMethod]).toEqual([1, 'load']);
    expect(Object.keys(result)).toEqual(['ids', 'messages', 'nextrow']);
    expect(result).toEqual({
      ids: false,
      messages: [
        {
          rows: { from: 0, to: 0 },
          type: 'error',
          record: 0,
          field: 'country_id',
          message: "No matching record found for database id '999' in field 'Country'",
          moreinfo: {
            name: 'Possible Values',
            type: 'ir.actions.act_window',
            target: 'new',
            view_mode: version === 16 ? 'tree,form' : 'list,form',
            views: [
              [false, 'list'],
              [false, 'form'],
            ],
            context: { create: false },
            help: 'See all possible values',
            res_model: 'ir.model.data',
            domain: [['model', '=', 'res.country']],
          },
          field_name: 'Country',
        },
      ],
      nextrow: 0,
    });
    expect(Object.keys((result.messages as Array<Record<string, unknown>>)[0]!)).toEqual([
      'rows',
      'type',
      'record',
      'field',
      'message',
      'moreinfo',
      'field_name',
    ]);
  });

  it('finds archived records by external id but not by database id (a search); an unknown external id is named', async () => {
    const tag = fake.db.insert('res.partner.category', { name: 'Raw Archived Tag', active: false });
    fake.db.insert('ir.model.data', { module: 'raw', name: 'archived_tag', model: 'res.partner.category', res_id: tag });
    const byXmlId = await raw('load', [['name', 'category_id/id'], [['Raw Tagged', 'raw.archived_tag']]]);
    expect(fake.record('res.partner', (byXmlId.ids as number[])[0]!)?.category_id).toEqual([tag]);
    const messages = async (column: string, cell: string) =>
      ((await raw('load', [['name', column], [['Raw Tagged', cell]]])).messages as Array<{ message: string }>).map((m) => m.message);
    expect(await messages('category_id/.id', String(tag))).toEqual([`No matching record found for database id '${tag}' in field 'Tags'`]);
    expect(await messages('category_id/id', 'raw.nothing')).toEqual(["No matching record found for external id 'raw.nothing' in field 'Tags'"]);
  });

  it('writes the batch first when a row refers to an external id the batch creates; a repeated new id updates its first record', async () => {
    const result = await raw('load', [
      ['id', 'name', 'is_company', 'parent_id/id'],
      [
        ['acme', 'Acme', '1', ''],
        ['jane', 'Jane', '0', 'acme'],
        ['jane', 'Jane Again', '0', 'acme'],
      ],
    ]);
    const [acme, jane, again] = result.ids as number[];
    expect(again).toBe(jane);
    expect(fake.record('res.partner', jane!)).toMatchObject({ name: 'Jane Again', parent_id: acme });
    expect(fake.find('ir.model.data', (r) => r.module === '__import__').map((r) => [r.name, r.res_id])).toEqual([
      ['acme', acme],
      ['jane', jane],
    ]);
  });

  it("words PostgreSQL's refusals and other exceptions as load does", async () => {
    const tags = await admin.executeKw<Record<string, unknown>>('res.partner.category', 'load', [['name', 'color'], [['', '3']]]);
    expect(tags.messages).toEqual([
      { rows: { from: 0, to: 0 }, record: 0, type: 'error', message: "Missing required value for the field 'Tag Name' (name)", field: 'name' },
    ]);
    const big = await raw('load', [['name', 'color'], [['Raw Big', '2147483648']]]);
    expect(big.messages).toEqual([{ rows: { from: 0, to: 0 }, record: 0, type: 'error', message: 'integer out of range\n' }]);
    const stop = fake.addConstraint('res.partner', (row) => {
      if (row.name === 'Raw Crash') throw OdooFault.python('ZeroDivisionError: division by zero');
      return undefined;
    });
    try {
      const crash = await raw('load', [['name'], [['Raw Crash']]]);
      expect(crash.messages).toEqual([
        {
          rows: { from: 0, to: 0 },
          record: 0,
          type: 'error',
          message: "Unknown error during import: <class 'ZeroDivisionError'>: division by zero",
          moreinfo: 'Resolve other errors first',
        },
      ]);
    } finally {
      stop();
    }
    if (version === 18) {
      const noName = await raw('load', [['email'], [['no.name@raw.example']]]);
      expect(noName.messages).toEqual([{ rows: { from: 0, to: 0 }, record: 0, type: 'error', message: "'Contacts require a name'" }]);
    }
  });
});
