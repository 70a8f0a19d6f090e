/**
 * The XML-RPC gateway against the fake Odoo, over real HTTP: happy paths, every error kind, timeouts that really
 * abort, retries (only when safe), no undefined on the wire, dates as UTC strings, no secret in any error, and the
 * capabilities check on an Odoo 16 with cooperator and an Odoo 18 without.
 */
import { inspect } from 'node:util';
import * as xmlrpc from 'xmlrpc';
import {
  detectOdooCapabilities,
  OdooCommand,
  OdooError,
  stripReadOnlyPartnerFields,
  XmlRpcOdooGateway,
  type OdooErrorKind,
  type OdooRecord,
  type OdooRetryEvent,
  type XmlRpcOdooGatewayOptions,
} from '@coop/odoo';
import { eventually } from '../support/eventually';
import { FAKE_ODOO_TLS, FakeOdooServer, OdooFault, RecordingOdooServer } from '../support/fake-odoo';

const API_KEY = '5f0c2e9a7b1d4c3e8f6a0b9c2d1e4f7a8b3c6d5e';
const DATABASE = 'coop';

async function failure(promise: Promise<unknown>, kind: OdooErrorKind): Promise<OdooError> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof OdooError)) throw error;
    expect({ kind: error.kind, message: error.message }).toEqual({ kind, message: expect.any(String) });
    return error;
  }
  throw new Error(`expected an OdooError of kind ${kind}, the call succeeded`);
}

function startFake(version: 16 | 18, cooperator: boolean): Promise<FakeOdooServer> {
  return FakeOdooServer.start({
    version,
    database: DATABASE,
    modules: { contacts: true, account: cooperator, cooperator },
    users: [
      { uid: 7, login: 'sync', password: 'sync-password', apiKeys: [API_KEY] },
      { uid: 8, login: 'reader', password: 'reader-password', rights: { 'res.partner': ['read'], 'ir.module.module': ['read'] } },
    ],
  });
}

describe('XmlRpcOdooGateway against the fake Odoo', () => {
  let fake: FakeOdooServer;
  let fake18: FakeOdooServer;

  const gatewayFor = (server: FakeOdooServer, options: XmlRpcOdooGatewayOptions = {}, secret = API_KEY, login = 'sync') =>
    new XmlRpcOdooGateway(
      { url: server.url, database: DATABASE, login, secret },
      { timeoutMs: 3000, retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 40 }, ...options },
    );

  beforeAll(async () => {
    fake = await startFake(16, true);
    fake18 = await startFake(18, false);
  });
  afterAll(async () => {
    await fake.close();
    await fake18.close();
  });
  afterEach(async () => {
    fake.clearInjections();
    fake18.clearInjections();
    await fake.up();
  });

  describe('common: version and authenticate', () => {
    it('reads the version without authenticating', async () => {
      fake.resetCounters();
      expect(await gatewayFor(fake).version()).toEqual({
        serverVersion: '16.0-20221214',
        serverVersionInfo: [16, 0, 0, 'final', 0, ''],
        serverSerie: '16.0',
        protocolVersion: 1,
        majorVersion: 16,
      });
      expect((await gatewayFor(fake18).version()).majorVersion).toBe(18);
      expect(fake.callCount('common', 'authenticate')).toBe(0);
    });

    it('authenticates with an API key or a password, and caches the uid', async () => {
      const withKey = gatewayFor(fake);
      expect(withKey.uid).toBeUndefined();
      expect(await withKey.authenticate()).toBe(7);
      expect(withKey.uid).toBe(7);
      expect(await gatewayFor(fake, {}, 'sync-password').authenticate()).toBe(7);
      expect(await gatewayFor(fake, {}, 'admin', 'admin').authenticate()).toBe(2);
    });

    it('turns a false answer into an AUTHENTICATION error, sent once (never retried)', async () => {
      fake.resetCounters();
      const error = await failure(gatewayFor(fake, {}, 'wrong-secret').authenticate(), 'AUTHENTICATION');
      expect(error).toMatchObject({ method: 'authenticate', retryable: false, outcome: 'rolled-back' });
      expect(error.message).toContain("login 'sync' refused on database 'coop'");
      expect(error.message).toContain('API key that has expired');
      expect(fake.callCount('common', 'authenticate')).toBe(1);
      await failure(gatewayFor(fake, {}, API_KEY, 'nobody').authenticate(), 'AUTHENTICATION');
    });

    it('reports an unknown database as UNKNOWN_DATABASE', async () => {
      const gateway = new XmlRpcOdooGateway(
        { url: fake.url, database: 'nosuchdb', login: 'sync', secret: API_KEY },
        { retry: { attempts: 3, baseDelayMs: 1 } },
      );
      fake.resetCounters();
      const error = await failure(gateway.authenticate(), 'UNKNOWN_DATABASE');
      expect(error).toMatchObject({ faultCode: 1, exceptionClass: 'psycopg2.OperationalError', retryable: false });
      expect(error.odooMessage).toContain('database "nosuchdb" does not exist');
      expect(fake.callCount('common', 'authenticate')).toBe(1);
    });
  });

  describe('execute_kw and the typed helpers', () => {
    it('creates a batch in one call, then reads, searches, counts and writes', async () => {
      const gateway = gatewayFor(fake);
      fake.resetCounters();
      const ids = await gateway.create('res.partner', [
        { name: 'Gw Alpha', email: 'alpha@gw.example', country_id: fake.countryId('BE'), is_company: false },
        { name: 'Gw Beta', email: 'beta@gw.example', city: 'Gent' },
        { name: 'Gw Gamma', email: 'gamma@gw.example', ref: 'M-3' },
      ]);
      expect(ids).toHaveLength(3);
      expect(fake.callCount('res.partner', 'create')).toBe(1);
      expect(fake.callCount('common', 'authenticate')).toBe(1);

      const found = await gateway.searchRead<OdooRecord & { name: string; country_id: [number, string] | false; city: string | false }>(
        'res.partner',
        [['email', '=ilike', '%@gw.example']],
        { fields: ['name', 'country_id', 'city'], order: 'id desc', limit: 2 },
      );
      expect(found).toEqual([
        { id: ids[2], name: 'Gw Gamma', country_id: false, city: false },
        { id: ids[1], name: 'Gw Beta', country_id: false, city: 'Gent' },
      ]);
      expect(await gateway.search('res.partner', ['|', ['ref', '=', 'M-3'], ['city', '=', 'Gent']], { order: 'id asc' })).toEqual([ids[1], ids[2]]);
      expect(await gateway.searchCount('res.partner', [['email', 'ilike', 'gw.example']])).toBe(3);
      // read: in the order of the ids given; a missing id is dropped, not an error
      const read = await gateway.read('res.partner', [ids[0]!, 99_999_999], ['name', 'country_id']);
      expect(read).toEqual([{ id: ids[0], name: 'Gw Alpha', country_id: [fake.countryId('BE'), 'Belgium'] }]);
      expect(await gateway.write('res.partner', [ids[0]!, ids[1]!], { phone: '+32 9 000 00 00' })).toBe(true);
      expect(fake.record('res.partner', ids[1]!)?.phone).toBe('+32 9 000 00 00');
      // empty batches make no call
      fake.resetCounters();
      expect(await gateway.create('res.partner', [])).toEqual([]);
      expect(await gateway.read('res.partner', [], ['name'])).toEqual([]);
      expect(await gateway.write('res.partner', [], { name: 'x' })).toBe(true);
      expect(fake.totalCalls).toBe(0);
    });

    it('writes many2many with commands and external ids in ir.model.data', async () => {
      const gateway = gatewayFor(fake);
      const [college, founders] = await gateway.create('res.partner.category', [{ name: 'Gw College A' }, { name: 'Gw Founders' }]);
      const [partner] = await gateway.create('res.partner', [{ name: 'Gw Tagged', category_id: [OdooCommand.set([college!])] }]);
      await gateway.write('res.partner', [partner!], { category_id: [OdooCommand.link(founders!)] });
      expect((await gateway.read('res.partner', [partner!], ['category_id']))[0]!.category_id).toEqual([college, founders]);
      await gateway.write('res.partner', [partner!], { category_id: [OdooCommand.unlink(college!)] });
      expect((await gateway.read('res.partner', [partner!], ['category_id']))[0]!.category_id).toEqual([founders]);

      const [imd] = await gateway.create('ir.model.data', [{ module: 'coop_ledger', name: `member_${partner}`, model: 'res.partner', res_id: partner! }]);
      expect(imd).toEqual(expect.any(Number));
      const refs = await gateway.searchRead(
        'ir.model.data',
        [
          ['module', '=', 'coop_ledger'],
          ['name', 'in', [`member_${partner}`, 'member_missing']],
        ],
        {
          fields: ['name', 'res_id', 'model'],
        },
      );
      expect(refs).toEqual([{ id: imd, name: `member_${partner}`, res_id: partner, model: 'res.partner' }]);
      const duplicate = await failure(
        gateway.create('ir.model.data', [{ module: 'coop_ledger', name: `member_${partner}`, model: 'res.partner', res_id: partner! }]),
        'VALIDATION',
      );
      expect(duplicate.constraint).toBe('ir_model_data_module_name_uniq_index');
    });

    it('hides archived records from searches unless context active_test is false; read still returns them', async () => {
      const gateway = gatewayFor(fake);
      const [id] = await gateway.create('res.partner', [{ name: 'Gw Archived', email: 'archived@gw.example' }]);
      await gateway.write('res.partner', [id!], { active: false });
      expect(await gateway.search('res.partner', [['id', '=', id!]])).toEqual([]);
      expect(await gateway.search('res.partner', [['id', '=', id!]], { context: { active_test: false } })).toEqual([id]);
      expect(
        await gateway.search('res.partner', [
          ['id', '=', id!],
          ['active', '=', false],
        ]),
      ).toEqual([id]);
      expect(await gateway.read('res.partner', [id!], ['active'])).toEqual([{ id, active: false }]);
    });

    it('authenticates once for concurrent first calls', async () => {
      const gateway = gatewayFor(fake);
      fake.resetCounters();
      await Promise.all(Array.from({ length: 6 }, () => gateway.searchCount('res.partner', [])));
      expect(fake.callCount('common', 'authenticate')).toBe(1);
      expect(fake.callCount('res.partner', 'search_count')).toBe(6);
    });
  });

  describe('every error kind', () => {
    it('AUTHENTICATION on execute_kw: a wrong key (fault 3) or an unknown uid (fault 2); the uid is then forgotten', async () => {
      const wrongKey = gatewayFor(fake, { uid: 7 }, 'not-the-key');
      const e1 = await failure(wrongKey.searchCount('res.partner', []), 'AUTHENTICATION');
      expect(e1).toMatchObject({ faultCode: 3, odooMessage: 'Access Denied', model: 'res.partner', method: 'search_count' });
      expect(e1.message).toContain('API key that has expired');
      expect(wrongKey.uid).toBeUndefined();
      const unknownUid = gatewayFor(fake, { uid: 987_654 });
      const e2 = await failure(unknownUid.searchCount('res.partner', []), 'AUTHENTICATION');
      expect(e2.faultCode).toBe(2);
      // the next call authenticates again, and works
      expect(await unknownUid.searchCount('res.partner', [['id', '=', 1]])).toBe(1);
      expect(unknownUid.uid).toBe(7);
    });

    it('ACCESS_DENIED: no write right on the model (fault 4), or a private method', async () => {
      const reader = gatewayFor(fake, {}, 'reader-password', 'reader');
      const e = await failure(reader.write('res.partner', [1], { phone: '1' }), 'ACCESS_DENIED');
      expect(e).toMatchObject({ faultCode: 4, exceptionClass: 'odoo.exceptions.AccessError' });
      expect(e.odooMessage).toContain("You are not allowed to modify 'Contact' (res.partner) records.");
      await failure(reader.create('ir.model.data', [{ module: 'm', name: 'n', model: 'res.partner', res_id: 1 }]), 'ACCESS_DENIED');
      await failure(gatewayFor(fake).executeKw('res.partner', '_compute_display_name', [[1]]), 'ACCESS_DENIED');
    });

    it('VALIDATION: wrong selection, missing name, a business constraint, a cooperator member field', async () => {
      const gateway = gatewayFor(fake);
      const selection = await failure(gateway.create('res.partner', [{ name: 'X', type: 'nonsense' }]), 'VALIDATION');
      expect(selection.message).toContain("ValueError: Wrong value for res.partner.type: 'nonsense'");
      await failure(gateway.create('res.partner', [{ email: 'no.name@gw.example' }]), 'VALIDATION');
      await failure(gatewayFor(fake18).create('res.partner', [{ email: 'no.name@gw.example' }]), 'VALIDATION');
      const remove = fake.refuseEmails(/@refused\.example$/, 'Emails of refused.example are not accepted.');
      try {
        const refused = await failure(gateway.create('res.partner', [{ name: 'R', email: 'r@refused.example' }]), 'VALIDATION');
        expect(refused.odooMessage).toBe('Emails of refused.example are not accepted.');
      } finally {
        remove();
      }
      const [id] = await gateway.create('res.partner', [{ name: 'Gw Not A Member' }]);
      const member = await failure(gateway.write('res.partner', [id!], { member: true }), 'VALIDATION');
      expect(member.odooMessage).toBe(`Cannot set member field on res.partner(${id},): cooperative_membership_id is not set`);
    });

    it('MISSING_RECORD: a write on a partner deleted by hand', async () => {
      const gateway = gatewayFor(fake);
      const [id] = await gateway.create('res.partner', [{ name: 'Gw Deleted' }]);
      fake.deleteRecord('res.partner', id!);
      const e = await failure(gateway.write('res.partner', [id!], { city: 'Gent' }), 'MISSING_RECORD');
      expect(e).toMatchObject({ missingModel: 'res.partner', missingIds: [id], retryable: false });
      expect(await gateway.read('res.partner', [id!], ['name'])).toEqual([]);
    });

    it('UNKNOWN_MODEL, UNKNOWN_FIELD, UNKNOWN_METHOD', async () => {
      await failure(gatewayFor(fake).searchCount('x.nonexistent', []), 'UNKNOWN_MODEL');
      await failure(gatewayFor(fake18).searchCount('share.line', []), 'UNKNOWN_MODEL'); // cooperator not installed
      const field = await failure(gatewayFor(fake).create('res.partner', [{ name: 'F', no_such_field: 'x' }]), 'UNKNOWN_FIELD');
      expect(field.field).toBe('no_such_field');
      const leaf = await failure(gatewayFor(fake18).search('res.partner', [['no_such_field', '=', 1]]), 'UNKNOWN_FIELD');
      expect(leaf.field).toBe('no_such_field');
      await failure(gatewayFor(fake18).executeKw('res.partner', 'name_get', [[1]]), 'UNKNOWN_METHOD');
      expect(await gatewayFor(fake).executeKw('res.partner', 'name_get', [[1]])).toEqual([[1, 'YourCompany']]);
    });

    it('MARSHAL_NONE: the method committed, then its None result faulted', async () => {
      const gateway = gatewayFor(fake);
      const [id] = await gateway.create('res.partner', [{ name: 'Gw To Archive' }]);
      fake.resetCounters();
      const e = await failure(gateway.executeKw('res.partner', 'action_archive', [[id!]]), 'MARSHAL_NONE');
      expect(e).toMatchObject({ outcome: 'committed', mayHaveCommitted: true, retryable: false });
      expect(fake.callCount('res.partner', 'action_archive')).toBe(1);
      expect(fake.record('res.partner', id!)?.active).toBe(false);
    });

    it('FAULT: a call Odoo cannot bind (unexpected keyword argument)', async () => {
      const e = await failure(gatewayFor(fake).executeKw('res.partner', 'search_read', [[]], { fields: ['name'], bogus: 1 }), 'FAULT');
      expect(e.odooMessage).toBe("BaseModel.search_read() got an unexpected keyword argument 'bogus'");
    });

    it('NETWORK: connection refused, never sent (retried, then reported)', async () => {
      await fake.down();
      const events: OdooRetryEvent[] = [];
      const e = await failure(gatewayFor(fake, { onRetry: (ev) => events.push(ev) }).version(), 'NETWORK');
      expect(e).toMatchObject({ networkCode: 'ECONNREFUSED', outcome: 'not-sent', retryable: true, attempts: 3 });
      expect(events.map((ev) => ev.attempt)).toEqual([1, 2]);
    });

    it('BAD_RESPONSE: an HTML error page (retryable when 5xx), a 404 on a wrong URL (not retryable)', async () => {
      fake.html(5, 502);
      const html = await failure(gatewayFor(fake).version(), 'BAD_RESPONSE');
      expect(html).toMatchObject({ httpStatus: 502, retryable: true, attempts: 3 });
      expect(html.message).toMatch(/Unknown XML-RPC tag/);
      expect(html.message).toContain('502 Bad Gateway');
      fake.clearInjections();
      const wrongPath = new XmlRpcOdooGateway(
        { url: `${fake.url}/not-odoo`, database: DATABASE, login: 'sync', secret: API_KEY },
        { retry: { attempts: 3, baseDelayMs: 1 } },
      );
      const notFound = await failure(wrongPath.version(), 'BAD_RESPONSE');
      expect(notFound).toMatchObject({ httpStatus: 404, retryable: false, attempts: 1 });
    });

    it('SERVER: HTTP 503 with an empty body', async () => {
      fake.httpError(5, 503);
      const e = await failure(gatewayFor(fake).version(), 'SERVER');
      expect(e).toMatchObject({ httpStatus: 503, retryable: true, attempts: 3 });
    });

    it('ABORTED: the caller aborts (shutdown)', async () => {
      const release = fake.hold(); // Odoo never answers until released: only the caller's abort can end the call
      try {
        fake.resetCounters();
        const controller = new AbortController();
        const call = failure(gatewayFor(fake).version({ signal: controller.signal }), 'ABORTED');
        await eventually(() => fake.httpRequests === 1, 'the request reached Odoo');
        controller.abort();
        const e = await call;
        expect(e.retryable).toBe(false);
        expect(fake.callCount('common', 'version')).toBe(0); // ended before Odoo processed it
      } finally {
        release();
      }
    });
  });

  describe('timeouts really abort', () => {
    it('fires when the answer is late, and closes the connection', async () => {
      const release = fake.hold(); // Odoo never answers until released: only the timeout can end the call
      try {
        fake.resetCounters();
        const started = performance.now();
        const e = await failure(gatewayFor(fake, { timeoutMs: 200, retry: { attempts: 1 } }).version(), 'TIMEOUT');
        expect(performance.now() - started).toBeGreaterThanOrEqual(195); // not before its time (a lower bound holds whatever the load)
        expect(e).toMatchObject({ retryable: true, outcome: 'unknown' });
        expect(fake.callCount('common', 'version')).toBe(0);
        await eventually(() => fake.openConnections === 0, 'the connection closed');
      } finally {
        release();
      }
    });

    it('fires when the answer stalls in the middle of its body', async () => {
      fake.stallMidBody(120_000); // half the answer, then nothing for longer than the test may last: only the timeout ends it
      await failure(gatewayFor(fake, { timeoutMs: 300, retry: { attempts: 1 } }).searchCount('res.partner', []), 'TIMEOUT');
      await eventually(() => fake.openConnections === 0, 'the connection closed');
    });

    it('a timed-out create is not sent again (it may have committed): the record exists once', async () => {
      const gateway = gatewayFor(fake, { timeoutMs: 250 });
      await gateway.authenticate();
      fake.slow(120_000); // processed at once, answered after the test
      fake.resetCounters();
      const e = await failure(gateway.create('res.partner', [{ name: 'Gw Slow Create' }]), 'TIMEOUT');
      expect(e).toMatchObject({ attempts: 1, mayHaveCommitted: true });
      expect(fake.callCount('res.partner', 'create')).toBe(1);
      expect(fake.find('res.partner', (r) => r.name === 'Gw Slow Create')).toHaveLength(1);
    });

    it('the per-call timeout overrides the default', async () => {
      fake.slow(600, { beforeProcessing: true });
      await failure(gatewayFor(fake, { timeoutMs: 5000, retry: { attempts: 1 } }).version({ timeoutMs: 150 }), 'TIMEOUT');
      expect((await gatewayFor(fake, { timeoutMs: 150 }).version({ timeoutMs: 3000 })).majorVersion).toBe(16);
    });
  });

  describe('retries', () => {
    it('on a server that comes back: connection refused, then up', async () => {
      await fake.down();
      const events: OdooRetryEvent[] = [];
      // Odoo comes back during the first wait; the next attempts (each after at least 30 ms) find it listening.
      const onRetry = (e: OdooRetryEvent) => events.push(e) === 1 && void fake.up();
      const gateway = gatewayFor(fake, { retry: { attempts: 8, baseDelayMs: 40, maxDelayMs: 200 }, onRetry });
      expect((await gateway.version()).majorVersion).toBe(16);
      expect(events.length).toBeGreaterThanOrEqual(1);
      expect(events.every((e) => e.error.kind === 'NETWORK')).toBe(true);
    });

    it('on 5xx and HTML pages, then succeeds', async () => {
      const gateway = gatewayFor(fake, { retry: { attempts: 4, baseDelayMs: 5 } });
      await gateway.authenticate();
      fake.resetCounters();
      fake.httpError(1, 503);
      fake.html(2, 502);
      expect(await gateway.searchCount('res.partner', [['id', '=', 1]])).toBe(1);
      expect(fake.httpRequests).toBe(4);
      expect(fake.callCount('res.partner', 'search_count')).toBe(1); // the 3 failures never reached Odoo
    });

    it('on a reset connection (read), then succeeds', async () => {
      const gateway = gatewayFor(fake);
      await gateway.authenticate();
      fake.resetConnections(1);
      expect(await gateway.searchCount('res.partner', [['id', '=', 1]])).toBe(1);
    });

    it('backs off exponentially with jitter', async () => {
      fake.httpError(3, 503);
      const delays: number[] = [];
      await gatewayFor(fake, {
        retry: { attempts: 4, baseDelayMs: 100, maxDelayMs: 300 },
        random: () => 0.5,
        onRetry: (e) => delays.push(e.delayMs),
      }).version();
      // equal jitter: half fixed, half random (0.5 here): 0.75 × 100, 0.75 × 200, 0.75 × 300 (capped)
      expect(delays).toEqual([75, 150, 225]);
    });

    it('a create is retried when it was never sent (connection refused)', async () => {
      // Odoo comes back during the first wait; the next attempts (each after at least 30 ms) find it listening.
      let retries = 0;
      const gateway = gatewayFor(fake, { retry: { attempts: 8, baseDelayMs: 40, maxDelayMs: 200 }, onRetry: () => ++retries === 1 && void fake.up() });
      await gateway.authenticate();
      await fake.down();
      const [id] = await gateway.create('res.partner', [{ name: 'Gw After Restart' }]);
      expect(retries).toBeGreaterThanOrEqual(1);
      expect(fake.find('res.partner', (r) => r.name === 'Gw After Restart').map((r) => r.id)).toEqual([id]);
    });

    it('a create is NOT retried after an ambiguous failure (a proxy 502), unless the caller says it is idempotent', async () => {
      const gateway = gatewayFor(fake);
      await gateway.authenticate();
      fake.html(1, 502);
      fake.resetCounters();
      const e = await failure(gateway.create('res.partner', [{ name: 'Gw Ambiguous' }]), 'BAD_RESPONSE');
      expect(e).toMatchObject({ attempts: 1, retryable: true, mayHaveCommitted: true });
      fake.html(1, 502);
      const [id] = await gateway.create('res.partner', [{ name: 'Gw Ambiguous' }], { idempotent: true });
      expect(id).toEqual(expect.any(Number));
      expect(fake.httpRequests).toBe(3);
    });

    it('crash after create: the records exist, the caller sees a NETWORK error, nothing is sent twice', async () => {
      const gateway = gatewayFor(fake);
      await gateway.authenticate();
      fake.crashAfterCreate(1, 'res.partner');
      fake.resetCounters();
      const e = await failure(gateway.create('res.partner', [{ name: 'Gw Crash A' }, { name: 'Gw Crash B' }]), 'NETWORK');
      expect(e).toMatchObject({ outcome: 'unknown', mayHaveCommitted: true, attempts: 1 });
      expect(fake.callCount('res.partner', 'create')).toBe(1);
      expect(fake.find('res.partner', (r) => typeof r.name === 'string' && r.name.startsWith('Gw Crash ')).length).toBe(2);
    });

    it('never on business faults: one call each', async () => {
      const gateway = gatewayFor(fake, { retry: { attempts: 5, baseDelayMs: 1 } });
      await gateway.authenticate();
      fake.resetCounters();
      fake.failNthCall(1);
      await failure(gateway.searchRead('res.partner', [], { fields: ['name'], limit: 1 }), 'VALIDATION');
      await failure(gateway.create('res.partner', [{ name: 'x', type: 'nonsense' }]), 'VALIDATION');
      await failure(gateway.write('res.partner', [99_999_999], { name: 'x' }), 'MISSING_RECORD');
      expect(fake.callCount('res.partner', 'search_read')).toBe(1);
      expect(fake.callCount('res.partner', 'create')).toBe(1);
      expect(fake.callCount('res.partner', 'write')).toBe(1);
    });

    it('a fault in the middle of a batch of calls, and a record that fails a whole create (rolled back, ids consumed)', async () => {
      const gateway = gatewayFor(fake);
      await gateway.authenticate();
      fake.failNthCall(3, OdooFault.user('Odoo refused call 3'));
      const outcomes: Array<number | string> = [];
      for (let i = 1; i <= 5; i++) {
        try {
          outcomes.push((await gateway.create('res.partner', [{ name: `Gw Batch ${i}` }]))[0]!);
        } catch (e) {
          outcomes.push((e as OdooError).kind);
        }
      }
      expect(outcomes[2]).toBe('VALIDATION');
      expect(outcomes.filter((o) => typeof o === 'number')).toHaveLength(4);

      const remove = fake.refuseEmails(/^bad@/);
      try {
        const before = fake.recordCount('res.partner');
        const nextId = fake.db.nextId('res.partner');
        await failure(
          gateway.create('res.partner', [
            { name: 'Gw Ok 1', email: 'ok1@gw.example' },
            { name: 'Gw Bad', email: 'bad@gw.example' },
            { name: 'Gw Ok 2', email: 'ok2@gw.example' },
          ]),
          'VALIDATION',
        );
        expect(fake.recordCount('res.partner')).toBe(before);
        expect(fake.db.nextId('res.partner')).toBe(nextId + 3);
      } finally {
        remove();
      }
    });
  });

  describe('values on the wire', () => {
    it('never sends undefined: the field is absent, not blanked', async () => {
      const gateway = gatewayFor(fake);
      fake.resetCounters();
      const [id] = await gateway.create('res.partner', [{ name: 'Gw Undefined', email: 'u@gw.example', phone: undefined, street: undefined }]);
      const sent = fake.log.find((e) => e.odooMethod === 'create')!;
      expect((sent.args as Array<Array<Record<string, unknown>>>)[0]![0]).toEqual({ name: 'Gw Undefined', email: 'u@gw.example' });
      expect(sent.body).not.toContain('<name>phone</name>');
      expect(fake.record('res.partner', id!)?.phone).toBe(false);
      await gateway.write('res.partner', [id!], { phone: '+32 1', street: 'Rue 1' });
      await gateway.write('res.partner', [id!], { phone: undefined, city: 'Namur' });
      expect(fake.record('res.partner', id!)).toMatchObject({ phone: '+32 1', street: 'Rue 1', city: 'Namur' });
    });

    it('(the trap it avoids: the bare xmlrpc client sends undefined as an empty string, which blanks the field)', async () => {
      const gateway = gatewayFor(fake);
      const [id] = await gateway.create('res.partner', [{ name: 'Gw Trap', phone: '+32 2' }]);
      const client = xmlrpc.createClient({ host: '127.0.0.1', port: fake.port, path: '/xmlrpc/2/object' });
      await new Promise<void>((resolve, reject) =>
        client.methodCall('execute_kw', [DATABASE, 7, API_KEY, 'res.partner', 'write', [[id], { phone: undefined }]], (err) => (err ? reject(err) : resolve())),
      );
      expect(fake.record('res.partner', id!)?.phone).toBe('');
    });

    it('sends a Date as a UTC string, whatever the process time zone', async () => {
      const gateway = gatewayFor(fake);
      const [id] = await gateway.create('res.partner', [{ name: 'Gw Dates' }]);
      const before = process.env.TZ;
      process.env.TZ = 'Pacific/Kiritimati'; // UTC+14: a local rendering would be the next day
      try {
        const instant = new Date(Date.UTC(1990, 4, 17, 23, 30, 15, 900));
        fake.resetCounters();
        await gateway.write('res.partner', [id!], { ref: instant, birthdate_date: instant });
        const body = fake.log.find((e) => e.odooMethod === 'write')!.body;
        expect(body).not.toContain('dateTime.iso8601');
        expect(body).toContain('1990-05-17 23:30:15');
        // a char field keeps the string; a date field keeps the date part (as Odoo's Date.to_date does)
        expect(fake.record('res.partner', id!)).toMatchObject({ ref: '1990-05-17 23:30:15', birthdate_date: '1990-05-17' });
      } finally {
        if (before === undefined) delete process.env.TZ;
        else process.env.TZ = before;
      }
    });

    it('UNENCODABLE: a character XML cannot carry is refused before any I/O, named by its path and code point', async () => {
      const gateway = gatewayFor(fake);
      fake.resetCounters();
      const e = await failure(
        gateway.load(
          'res.partner',
          ['id', 'name'],
          [
            ['coop.m_1', 'Ann'],
            ['coop.m_2', 'Bob\u0001by'],
          ],
        ),
        'UNENCODABLE',
      );
      expect(e).toMatchObject({
        outcome: 'not-sent',
        retryable: false,
        mayHaveCommitted: false,
        unencodable: { path: 'args[1][1][1]', index: 3, codePoint: 1 },
      });
      expect(e.message).toContain('args[1][1][1] holds U+0001 at index 3');
      expect(e.message).not.toContain('Bob');
      await failure(gateway.write('res.partner', [1], { comment: 'ok', context: 'x\uFFFF' }), 'UNENCODABLE');
      await failure(gateway.searchRead('res.partner', [], { fields: ['name'], context: { lang: '\u001F' } }), 'UNENCODABLE');
      expect(fake.httpRequests).toBe(0); // not even the authentication
      // the secret is never shown, even when it is the culprit
      const secret = 'a-secret-key\u0007-with-a-bell';
      const bad = await failure(new XmlRpcOdooGateway({ url: fake.url, database: DATABASE, login: 'sync', secret }).authenticate(), 'UNENCODABLE');
      expect(bad.message).toContain('secret holds U+0007 at index 12');
      expect([bad.message, JSON.stringify(bad), inspect(bad)].join('\n')).not.toContain('a-secret-key');
      expect(fake.httpRequests).toBe(0);
    });

    it('refuses, before any I/O, an undefined inside a domain leaf', async () => {
      fake.resetCounters();
      await expect(gatewayFor(fake).search('res.partner', [['email', '=', undefined]])).rejects.toThrow(TypeError);
      expect(fake.httpRequests).toBe(0);
    });
  });

  describe('the secret never appears', () => {
    const SECRET = 'Sup3r-Secret-Key-For-The-Sync-User-0042';

    it('in errors of any kind, their JSON, their inspection, nor in the gateway itself', async () => {
      fake.users.set(9, { uid: 9, login: 'secretive', apiKeys: [SECRET] });
      const gateway = new XmlRpcOdooGateway(
        { url: fake.url, database: DATABASE, login: 'secretive', secret: SECRET },
        { timeoutMs: 200, retry: { attempts: 1 } },
      );
      const errors: OdooError[] = [];
      const collect = async (p: Promise<unknown>) => {
        try {
          await p;
        } catch (e) {
          errors.push(e as OdooError);
        }
      };
      await collect(new XmlRpcOdooGateway({ url: fake.url, database: DATABASE, login: 'secretive', secret: `${SECRET}-wrong` }).authenticate());
      await collect(
        new XmlRpcOdooGateway({ url: fake.url, database: 'nosuchdb', login: 'secretive', secret: SECRET }, { retry: { attempts: 1 } }).authenticate(),
      );
      await collect(gateway.create('res.partner', [{ name: 'S', type: 'nonsense' }]));
      await collect(gateway.create('res.partner', [{ name: 'S', no_such_field: SECRET }]));
      fake.failNthCall(1, OdooFault.python(`Exception: the server echoed ${SECRET}`));
      await collect(gateway.searchCount('res.partner', []));
      fake.html(1);
      await collect(gateway.searchCount('res.partner', []));
      fake.slow(1000, { beforeProcessing: true });
      await collect(gateway.searchCount('res.partner', []));
      fake.clearInjections();
      await fake.down();
      await collect(gateway.searchCount('res.partner', []));
      await fake.up();
      await collect(
        new XmlRpcOdooGateway({ url: fake.url, database: DATABASE, login: 'secretive', secret: SECRET }, { uid: 987_654 }).searchCount('res.partner', []),
      );

      expect(errors.map((e) => e.kind).sort()).toEqual(
        ['AUTHENTICATION', 'AUTHENTICATION', 'BAD_RESPONSE', 'FAULT', 'NETWORK', 'TIMEOUT', 'UNKNOWN_DATABASE', 'UNKNOWN_FIELD', 'VALIDATION'].sort(),
      );
      for (const e of errors) {
        const dump = [e.message, String(e), e.stack, JSON.stringify(e), inspect(e, { showHidden: true, depth: 10 }), e.faultString, e.odooMessage].join('\n');
        expect(dump).not.toContain(SECRET);
      }
      expect(errors.find((e) => e.kind === 'FAULT')!.odooMessage).toBe('the server echoed [redacted]');
      const gatewayDump = [String(gateway), JSON.stringify(gateway), inspect(gateway, { showHidden: true, depth: 10 }), `${gateway}`].join('\n');
      expect(gatewayDump).not.toContain(SECRET);
      expect(gatewayDump).toContain('secretive');
    });
  });

  describe('https and unusual answers', () => {
    it('talks to an https Odoo, trusting its certificate through `tls.ca`, and refuses an untrusted one (not retried)', async () => {
      const secure = await FakeOdooServer.start({
        version: 18,
        database: DATABASE,
        users: [{ uid: 7, login: 'sync', apiKeys: [API_KEY] }],
        tls: FAKE_ODOO_TLS,
      });
      try {
        expect(secure.url).toMatch(/^https:/);
        const trusted = gatewayFor(secure, { tls: { ca: FAKE_ODOO_TLS.cert } });
        expect((await trusted.version()).majorVersion).toBe(18);
        expect(await trusted.searchCount('res.partner', [['id', '=', 1]])).toBe(1);
        secure.resetCounters();
        const e = await failure(gatewayFor(secure).version(), 'NETWORK');
        expect(e).toMatchObject({ retryable: false, outcome: 'not-sent', attempts: 1 });
        expect(e.networkCode).toMatch(/SELF_SIGNED|CERT|UNABLE_TO_VERIFY/);
      } finally {
        await secure.close();
      }
    });

    it('ids that come back as <i8> strings become numbers; one beyond 2^53 is refused rather than rounded', async () => {
      const recording = await RecordingOdooServer.start();
      const answer = (value: string) =>
        recording.answer({
          id: 'synthetic/i8',
          file: '',
          version: 16,
          number: '00',
          name: 'i8',
          method: 'POST',
          path: '/xmlrpc/2/object',
          status: 200,
          statusText: 'OK',
          headers: [['Content-Type', 'text/xml; charset=utf-8']],
          request: Buffer.alloc(0),
          response: Buffer.from(`<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n${value}</param>\n</params>\n</methodResponse>\n`),
          tracebackCut: false,
        });
      try {
        const gateway = new XmlRpcOdooGateway({ url: recording.url, database: DATABASE, login: 'sync', secret: API_KEY }, { uid: 7, retry: { attempts: 1 } });
        answer('<value><array><data>\n<value><i8>28943</i8></value>\n<value><int>28944</int></value>\n</data></array></value>\n');
        expect(await gateway.search('res.partner', [])).toEqual([28943, 28944]);
        expect(await gateway.executeKw('res.partner', 'search', [[]])).toEqual(['28943', 28944]); // raw: as the package decodes it
        answer('<value><array><data>\n<value><i8>9007199254740993</i8></value>\n</data></array></value>\n');
        const e = await failure(gateway.search('res.partner', []), 'BAD_RESPONSE');
        expect(e.message).toContain('9007199254740993');
      } finally {
        await recording.close();
      }
    });
  });

  describe('capabilities', () => {
    it('on an Odoo 16 with cooperator: version, modules, and the member fields not to write', async () => {
      const gateway = gatewayFor(fake);
      const caps = await detectOdooCapabilities(gateway);
      expect(caps).toMatchObject({
        majorVersion: 16,
        serverVersion: '16.0-20221214',
        modules: { contacts: true, account: true, cooperator: true },
        hasNameGet: true,
      });
      expect(caps.readOnlyPartnerFields).toEqual(
        expect.arrayContaining(['cooperator', 'member', 'coop_candidate', 'cooperator_register_number', 'number_of_share', 'effective_date', 'share_ids']),
      );
      // stripping them makes the write succeed
      const [id] = await gateway.create('res.partner', [{ name: 'Gw Stripped' }]);
      const { values, stripped } = stripReadOnlyPartnerFields({ name: 'Gw Stripped 2', member: true, effective_date: '2026-01-01' }, caps);
      expect(stripped).toEqual(['member', 'effective_date']);
      expect(await gateway.write('res.partner', [id!], values)).toBe(true);
    });

    it('on an Odoo 18 without cooperator nor account', async () => {
      const caps = await detectOdooCapabilities(gatewayFor(fake18));
      expect(caps).toEqual({
        majorVersion: 18,
        serverVersion: '18.0-20250506',
        modules: { contacts: true, account: false, cooperator: false },
        moduleVersions: { contacts: '18.0.1.0', account: null, cooperator: null },
        readOnlyPartnerFields: [],
        hasNameGet: false,
      });
    });

    it('with a user who can only read', async () => {
      const caps = await detectOdooCapabilities(gatewayFor(fake, {}, 'reader-password', 'reader'));
      expect(caps.modules.cooperator).toBe(true);
    });
  });
});
