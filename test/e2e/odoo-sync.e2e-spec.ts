import { DataSource } from 'typeorm';
import { systemContext } from '@coop/core';
import { OdooConnectionsService, OdooSyncService, OdooSyncWorker, externalIdName } from '@coop/odoo-sync';
import { FakeOdooServer } from '../support/fake-odoo';
import { admitMember, subscribe } from '../support/fixtures';
import { connectedCooperative, numbersOf, partnerOf, runOnce, startOdooTestApp } from '../support/odoo-sync-fixture';
import { eventually } from '../support/eventually';
import { expectError } from '../support/expect-error';
import type { TestApp } from '../support/test-app';

describe('syncing members to Odoo contacts (fake Odoo over real XML-RPC)', () => {
  let odoo: FakeOdooServer;
  let t: TestApp;

  beforeAll(async () => {
    // DATABASE_URL holds the fake Odoo's password: a connection that could read it would authenticate.
    t = await startOdooTestApp({ DATABASE_URL: 'admin' });
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    odoo = await FakeOdooServer.start({ version: 16 });
  });
  afterEach(() => odoo.close());

  const partnersWithRef = (refs: string[]) => odoo.find('res.partner', (p) => refs.includes(String(p.ref))).length;

  it('never returns the secret, and refuses bad credentials with a clear error, marking nothing synced', async () => {
    const { f, base } = await connectedCooperative(t, odoo, 3, { secret: 'wrong password' });
    const connection = (await t.http.get(`${base}/odoo/connection`)).body;
    expect(JSON.stringify(connection)).not.toContain('wrong password');
    expect(connection.secret).toBe('stored encrypted');

    const check = await t.http.post(`${base}/odoo/capabilities-check`);
    expect(check.status).toBe(502);
    expect(check.body).toMatchObject({ code: 'ODOO_AUTHENTICATION_FAILED', field: 'login' });
    expect(check.body.message).toMatch(/an API key that has expired \(on Odoo 18/);
    expect(JSON.stringify(check.body)).not.toContain('wrong password');

    const run = await runOnce(t, f);
    expect(run.status).toBe('FAILED');
    const stored = (await t.http.get(`${base}/odoo/sync-runs/${run.runId}`)).body;
    expect(stored).toMatchObject({ status: 'FAILED', error: { kind: 'AUTHENTICATION' } });
    expect((await t.http.get(`${base}/odoo/sync-states`)).body).toEqual({ PENDING: 3 });
  });

  it('first sync through the API: one contact per member (not candidates), tagged, bound by external id, one load call', async () => {
    const { members, candidate, base } = await connectedCooperative(t, odoo, 12);
    const capabilities = (await t.http.post(`${base}/odoo/capabilities-check`)).body;
    expect(capabilities).toMatchObject({
      majorVersion: 16,
      modules: { contacts: true, cooperator: false },
      ready: true,
      rights: { missing: [], linking: true },
    });
    odoo.resetCounters();

    const started = await t.http.post(`${base}/odoo/sync-runs`);
    expect(started.status).toBe(202);
    let run = started.body;
    await eventually(async () => (run = (await t.http.get(`${base}/odoo/sync-runs/${run.id}`)).body).status !== 'RUNNING', 'the run finished');
    expect(run.error).toBeNull();
    expect(run).toMatchObject({ status: 'SUCCEEDED', stats: { pending: 13, created: 12, skipped: 1, failed: 0 } });
    // authenticate, version, modules, tags (+ their creation), countries, languages, bindings, and ONE load
    expect(odoo.totalCalls).toBeLessThanOrEqual(10);
    expect(odoo.callCount('res.partner', 'load')).toBe(1);
    expect(odoo.callCount('res.partner', 'create') + odoo.callCount('res.partner', 'write') + odoo.callCount('ir.model.data', 'create')).toBe(0);

    const refs = await numbersOf(t, base, members);
    expect(partnersWithRef(refs)).toBe(12);
    const state = (await t.http.get(`${base}/odoo/sync-states/${members[0]}`)).body;
    expect(state).toMatchObject({ status: 'SYNCED', attempts: 0, lastError: null, pendingChanges: 0, warnings: [] });
    const partner = odoo.record('res.partner', state.odooPartnerId) as Record<string, unknown>;
    expect(partner).toMatchObject({ ref: refs[0], is_company: false, active: true });
    const tags = (partner.category_id as number[]).map((id) => odoo.record('res.partner.category', id)?.name).sort();
    expect(tags).toEqual(['Collège Producteurs', 'Sociétaire']);
    expect(
      odoo.find('ir.model.data', (r) => r.module === 'coop_ledger' && r.name === externalIdName(members[0]) && r.res_id === state.odooPartnerId),
    ).toHaveLength(1);
    expect((await t.http.get(`${base}/odoo/sync-states/${candidate}`)).body).toMatchObject({ status: 'NOT_SYNCED', odooPartnerId: null });
  });

  it('incremental: an unchanged member is not written; changes of many members go in one load', async () => {
    const { f, members, base } = await connectedCooperative(t, odoo, 5);
    expect((await runOnce(t, f)).stats.created).toBe(5);
    odoo.resetCounters();
    const idle = await runOnce(t, f);
    expect(idle.stats).toMatchObject({ pending: 0, created: 0, updated: 0 });
    expect(odoo.callCount('res.partner', 'load') + odoo.callCount('res.partner', 'write') + odoo.callCount('res.partner', 'create')).toBe(0);

    await t.http.patch(`${base}/members/${members[2]}`).send({ email: 'nouvelle@example.org', city: 'Lyon' }).expect(200);
    await t.http.patch(`${base}/members/${members[4]}`).send({ city: 'Brest' }).expect(200);
    await t.http
      .patch(`${base}/members/${members[3]}`)
      .send({ email: (await t.http.get(`${base}/members/${members[3]}`)).body.email })
      .expect(200);
    const partnersBefore = odoo.recordCount('res.partner');
    odoo.resetCounters();
    const run = await runOnce(t, f);
    expect(run.stats).toMatchObject({ pending: 2, updated: 2, created: 0 });
    expect(odoo.callCount('res.partner', 'load')).toBe(1);
    expect(odoo.callCount('res.partner', 'write')).toBe(0);
    expect(odoo.recordCount('res.partner')).toBe(partnersBefore);
    expect(odoo.record('res.partner', await partnerOf(t, base, members[2]))).toMatchObject({ email: 'nouvelle@example.org', city: 'Lyon' });
    expect(odoo.record('res.partner', await partnerOf(t, base, members[4]))).toMatchObject({ city: 'Brest' });
  });

  it('tags an exited member "former member", and archives (never deletes) a closed one', async () => {
    const { f, members, base } = await connectedCooperative(t, odoo, 3);
    await subscribe(t.http, f, members[1], 10, '1000.00', '2024-02-01');
    await subscribe(t.http, f, members[0], 1, '100.00', '2024-02-01');
    await runOnce(t, f);
    await t.http.post(`${base}/members/${members[0]}/exit`).send({ reason: 'RESIGNATION', effectiveDate: '2024-06-30' }).expect(201);
    await runOnce(t, f);
    const partnerId = await partnerOf(t, base, members[0]);
    const tagNames = () => ((odoo.record('res.partner', partnerId)?.category_id as number[]) ?? []).map((id) => odoo.record('res.partner.category', id)?.name);
    expect(tagNames()).toEqual(['Ancien sociétaire']);
    expect(odoo.record('res.partner', partnerId)).toMatchObject({ active: true });

    await t.http.post(`${base}/movements/redemptions`).send({ memberId: members[0], shareClassId: f.classA, shares: 1, date: '2024-07-01' }).expect(201);
    await t.http.post(`${base}/movements/refunds`).send({ memberId: members[0], shareClassId: f.classA, amount: '100.00', date: '2024-08-01' }).expect(201);
    await runOnce(t, f);
    expect(odoo.record('res.partner', partnerId)).toMatchObject({ active: false });
    expect(partnersWithRef(await numbersOf(t, base, [members[0]]))).toBe(1);
  });

  it('a country or a language Odoo does not know: written without it, and the member says so', async () => {
    const { f, members, base } = await connectedCooperative(t, odoo, 3);
    // DE is a country the fake has; de_DE is a language it knows but has not installed (as many Odoo servers).
    await t.http.patch(`${base}/members/${members[1]}`).send({ language: 'de_DE' }).expect(200);
    const deleted = odoo.countryId('LU');
    odoo.deleteRecord('res.country', deleted); // a country Odoo no longer has
    await t.http.patch(`${base}/members/${members[2]}`).send({ country: 'LU' }).expect(200);
    const run = await runOnce(t, f);
    expect(run).toMatchObject({ status: 'SUCCEEDED', stats: { created: 3, warnings: 2 } });
    expect((await t.http.get(`${base}/odoo/sync-states/${members[1]}`)).body).toMatchObject({
      status: 'SYNCED',
      warnings: [{ code: 'LANGUAGE_NOT_INSTALLED', message: expect.stringContaining('de_DE') }],
    });
    expect((await t.http.get(`${base}/odoo/sync-states/${members[2]}`)).body.warnings).toEqual([
      { code: 'COUNTRY_UNKNOWN_IN_ODOO', message: expect.stringContaining('LU') },
    ]);
    expect(odoo.record('res.partner', await partnerOf(t, base, members[2]))).toMatchObject({ country_id: false });
    expect((await t.http.get(`${base}/odoo/sync-states`)).body).toMatchObject({ SYNCED: 3, WITH_WARNINGS: 2 });
    const warned = (await t.http.get(`${base}/odoo/sync-states?withWarnings=true`)).body.map((s: { memberId: string }) => s.memberId);
    expect(warned.sort()).toEqual([members[1], members[2]].sort());
  });

  it('a member that keeps failing becomes a dead letter, visible with its error, until an accountant retries it', async () => {
    const stop = odoo.refuseEmails(/^dead/);
    try {
      const { f, members, base } = await connectedCooperative(t, odoo, 2);
      await t.http.patch(`${base}/members/${members[1]}`).send({ email: 'dead@example.org' }).expect(200);
      for (let i = 0; i < 5; i++) await runOnce(t, f);
      const dead = (await t.http.get(`${base}/odoo/dead-letters`)).body;
      expect(dead).toHaveLength(1);
      expect(dead[0]).toMatchObject({ memberId: members[1], status: 'DEAD', attempts: 5, lastError: { kind: 'VALIDATION' } });
      expect(dead[0].lastError.message).toContain('This email address is not allowed');
      expect((await runOnce(t, f)).stats.pending).toBe(0); // dead letters wait

      stop();
      expect((await t.http.post(`${base}/odoo/dead-letters/${members[1]}/retry`)).body).toEqual({ retried: 1 });
      expect((await runOnce(t, f)).stats.created).toBe(1);
      expect((await t.http.get(`${base}/odoo/dead-letters`)).body).toEqual([]);
      expect((await t.http.post(`${base}/odoo/dead-letters/${members[1]}/retry`)).status).toBe(404);
    } finally {
      stop();
    }
  });

  it('the worker syncs continuously, resumes after a restart, and on an idle cooperative notices a deleted partner', async () => {
    const { f, members, base } = await connectedCooperative(t, odoo, 3);
    const connections = t.app.get(OdooConnectionsService);
    const sync = t.app.get(OdooSyncService);
    const waitFor = eventually;
    const synced = (count: number) => async () => (await t.http.get(`${base}/odoo/sync-states`)).body.SYNCED === count;
    const first = new OdooSyncWorker(connections, sync, { intervalMs: 20, retryDelaySeconds: 0 });
    first.start();
    try {
      await waitFor(synced(3), '3 synced');
    } finally {
      await first.stop(); // a worker left running would keep the test process alive
    }
    const more = [await admitMember(t.http, f, { category: f.categories.employee }), await admitMember(t.http, f, { category: f.categories.employee })];
    expect((await t.http.get(`${base}/odoo/sync-states`)).body).toMatchObject({ SYNCED: 3 });
    const gone = await partnerOf(t, base, members[0]);
    odoo.deleteRecord('res.partner', gone); // in Odoo's UI: the external id goes with it
    const second = new OdooSyncWorker(connections, sync, { intervalMs: 20, retryDelaySeconds: 0, reconcileIntervalMs: 0 });
    second.start();
    try {
      await waitFor(synced(5), '5 synced');
      await waitFor(async () => (await partnerOf(t, base, members[0])) !== gone, 'the deleted partner recreated');
    } finally {
      await second.stop();
    }
    expect(partnersWithRef(await numbersOf(t, base, [...members, ...more]))).toBe(5);
  });

  it('with the OCA cooperator module, never writes its member fields; the secret can live in the environment', async () => {
    const coopOdoo = await FakeOdooServer.start({ version: 16, modules: { cooperator: true } });
    try {
      const { f, members, base } = await connectedCooperative(t, coopOdoo, 2, { url: coopOdoo.url, secret: undefined, secretEnv: 'ODOO_SECRET_FAKE_ODOO' });
      expect((await t.http.get(`${base}/odoo/connection`)).body.secret).toBe('from environment variable ODOO_SECRET_FAKE_ODOO');
      const run = await runOnce(t, f);
      expect(run).toMatchObject({ status: 'SUCCEEDED', stats: { created: 2 } });
      const writes = coopOdoo.log.filter((e) => e.model === 'res.partner' && ['create', 'write', 'load'].includes(e.odooMethod ?? ''));
      expect(writes.length).toBeGreaterThan(0);
      for (const w of writes) expect(w.body).not.toMatch(/<string>(cooperator|member|coop_candidate|cooperator_register_number|effective_date)<\/string>/);
      expect((await t.http.get(`${base}/odoo/connection`)).body.capabilities).toMatchObject({ modules: { cooperator: true } });
      expect(coopOdoo.find('res.partner', (p) => p.ref === '1' || p.ref === '2')).toHaveLength(members.length);
    } finally {
      await coopOdoo.close();
    }
  });

  it('reads a secret only from an ODOO_SECRET_ variable: others are refused by the API and the service, and a stored one is never read', async () => {
    const { f, base } = await connectedCooperative(t, odoo, 1);
    const body = (secretEnv: string) => ({ url: odoo.url, database: odoo.database, login: 'admin', secretEnv });
    for (const name of ['DATABASE_URL', 'ODOO_SECRET_KEY', 'ODOO_SECRET_']) {
      const put = await t.http.put(`${base}/odoo/connection`).send(body(name));
      expectError(put, 400, 'VALIDATION_FAILED', 'secretEnv');
      expect(put.body.message).toContain(name === 'ODOO_SECRET_KEY' ? 'passphrase' : 'starting with ODOO_SECRET_');
      expectError(await t.http.post(`${base}/odoo/connection/preview`).send(body(name)), 400, 'VALIDATION_FAILED', 'secretEnv');
    }
    // Behind the API, the service holds the same rule for any other caller.
    const connections = t.app.get(OdooConnectionsService);
    await expect(connections.upsert(systemContext(f.cooperativeId, 'test'), body('DATABASE_URL'))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'secretEnv',
    });
    expect((await t.http.get(`${base}/odoo/connection`)).body.secret).toBe('stored encrypted');

    // A connection stored before the rule: its variable is not read, so nothing reaches Odoo.
    await t.app
      .get(DataSource)
      .query(`UPDATE odoo_connection SET secret_ciphertext = NULL, secret_env = 'DATABASE_URL' WHERE cooperative_id = $1`, [f.cooperativeId]);
    odoo.resetCounters();
    const why = /DATABASE_URL .*is not read.*starting with ODOO_SECRET_/;
    await expect(runOnce(t, f)).rejects.toMatchObject({ code: 'ODOO_SECRET_UNAVAILABLE', field: 'secretEnv', message: expect.stringMatching(why) });
    const started = await t.http.post(`${base}/odoo/sync-runs`);
    expectError(started, 409, 'ODOO_SECRET_UNAVAILABLE', 'secretEnv');
    expect(started.body.message).toMatch(why);
    expectError(await t.http.post(`${base}/odoo/capabilities-check`), 409, 'ODOO_SECRET_UNAVAILABLE', 'secretEnv');
    expect(odoo.httpRequests).toBe(0);

    // What the error says to do works.
    await t.http.put(`${base}/odoo/connection`).send(body('ODOO_SECRET_FAKE_ODOO')).expect(200);
    expect(await runOnce(t, f)).toMatchObject({ status: 'SUCCEEDED', stats: { created: 1 } });
  });

  it('refuses a connection without exactly one of secret and secretEnv, and a second run at the same time', async () => {
    const { base } = await connectedCooperative(t, odoo, 1);
    const both = await t.http
      .put(`${base}/odoo/connection`)
      .send({ url: odoo.url, database: odoo.database, login: 'admin', secret: 'a', secretEnv: 'ODOO_SECRET_B' });
    expect(both.body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'secret' });
    const none = await t.http.put(`${base}/odoo/connection`).send({ url: odoo.url, database: odoo.database, login: 'admin' });
    expect(none.status).toBe(400);
    const bad = await t.http.put(`${base}/odoo/connection`).send({ url: 'ftp://x', database: 'd', login: 'l', secret: 's' });
    expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'url' });
    const company = await t.http.put(`${base}/odoo/connection`).send({ url: odoo.url, database: odoo.database, login: 'admin', secret: 'admin', companyId: 0 });
    expect(company.body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'companyId' });
    const release = odoo.hold(); // the first run waits on Odoo, holding its lock, until released
    const [a, b] = await Promise.all([t.http.post(`${base}/odoo/sync-runs`), t.http.post(`${base}/odoo/sync-runs`)]);
    expect([a.status, b.status].sort()).toEqual([202, 409]);
    expect([a.body.code, b.body.code]).toContain('ODOO_SYNC_RUNNING');
    release();
    const runId = (a.status === 202 ? a : b).body.id;
    await eventually(async () => (await t.http.get(`${base}/odoo/sync-runs/${runId}`)).body.status !== 'RUNNING', 'the run finished');
    const unknown = await t.http.get(`/api/cooperatives/00000000-0000-4000-8000-000000000000/odoo/connection`);
    expect(unknown.body.code).toBe('COOPERATIVE_NOT_FOUND');
  });
});
