import { XmlRpcOdooGateway } from '@coop/odoo';
import { OdooConnectionsService, OdooSyncService, OdooSyncWorker, externalIdName } from '@coop/odoo-sync';
import { FakeOdooServer } from '../support/fake-odoo';
import { admitMember, createScic, subscribe, type ScicFixture } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

const SECRET_KEY = 'test key for odoo secrets, 32+ chars';

describe('syncing members to Odoo contacts (fake Odoo over real XML-RPC)', () => {
  let odoo: FakeOdooServer;
  let t: TestApp;
  let sync: OdooSyncService;

  beforeAll(async () => {
    t = await startTestApp({
      odoo: {
        gatewayFactory: (c) => new XmlRpcOdooGateway(c, { timeoutMs: 1500, retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 } }),
        env: { ODOO_SECRET_KEY: SECRET_KEY, FAKE_ODOO_KEY: 'admin' },
      },
    });
    sync = t.app.get(OdooSyncService);
  });
  afterAll(() => t.close());
  // One Odoo per cooperative, as in real life (member numbers, hence refs, start at 1 in each cooperative).
  beforeEach(async () => {
    odoo = await FakeOdooServer.start({ version: 16 });
  });
  afterEach(() => odoo.close());

  /** A cooperative connected to the fake Odoo, with `n` admitted members and one candidate. */
  async function connectedCooperative(n: number, connection: Record<string, unknown> = {}) {
    const f = await createScic(t.http);
    const members: string[] = [];
    for (let i = 0; i < n; i++) members.push(await admitMember(t.http, f, { category: f.categories.beneficiary, college: f.colleges[i % 3] }));
    const candidate = (await t.http.post(`/api/cooperatives/${f.cooperativeId}/members`).send({ personType: 'NATURAL', firstName: 'Claude', lastName: 'Candidat', categoryId: f.categories.supporter, collegeId: f.colleges[0] })).body.id;
    const res = await t.http
      .put(`/api/cooperatives/${f.cooperativeId}/odoo/connection`)
      .send({ url: odoo.url, database: odoo.database, login: 'admin', secret: 'admin', ...connection });
    expect(res.status).toBe(200);
    return { f, members, candidate, base: `/api/cooperatives/${f.cooperativeId}` };
  }

  const partnersWithRef = (refs: string[]) => odoo.find('res.partner', (p) => refs.includes(String(p.ref))).length;
  const numbersOf = async (base: string, ids: string[]) =>
    Promise.all(ids.map(async (id) => String((await t.http.get(`${base}/members/${id}`)).body.memberNumber)));
  const runOnce = (f: ScicFixture) => sync.run(f.cooperativeId, { trigger: 'COMMAND', retryDelaySeconds: 0 });

  it('never returns the secret, and refuses bad credentials with a clear error, marking nothing synced', async () => {
    const { f, base } = await connectedCooperative(3, { secret: 'wrong password' });
    const connection = (await t.http.get(`${base}/odoo/connection`)).body;
    expect(JSON.stringify(connection)).not.toContain('wrong password');
    expect(connection.secret).toBe('stored encrypted');

    const check = await t.http.post(`${base}/odoo/capabilities-check`);
    expect(check.status).toBe(502);
    expect(check.body).toMatchObject({ code: 'ODOO_AUTHENTICATION_FAILED', field: 'login' });
    expect(JSON.stringify(check.body)).not.toContain('wrong password');

    const run = await runOnce(f);
    expect(run.status).toBe('FAILED');
    const stored = (await t.http.get(`${base}/odoo/sync-runs/${run.runId}`)).body;
    expect(stored).toMatchObject({ status: 'FAILED', error: { kind: 'AUTHENTICATION' } });
    expect((await t.http.get(`${base}/odoo/sync-states`)).body).toEqual({ PENDING: 3 });
  });

  it('first sync through the API: one contact per member (not candidates), tagged, bound by external id, in a few calls', async () => {
    const { members, candidate, base } = await connectedCooperative(12);
    const capabilities = (await t.http.post(`${base}/odoo/capabilities-check`)).body;
    expect(capabilities).toMatchObject({ majorVersion: 16, modules: { contacts: true, cooperator: false } });
    odoo.resetCounters();

    const started = await t.http.post(`${base}/odoo/sync-runs`);
    expect(started.status).toBe(202);
    let run = started.body;
    for (let i = 0; i < 100 && run.status === 'RUNNING'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      run = (await t.http.get(`${base}/odoo/sync-runs/${run.id}`)).body;
    }
    expect(run.error).toBeNull();
    expect((await t.http.get(`${base}/odoo/sync-states?status=FAILED`)).body.slice(0, 1)).toEqual([]);
    expect(run).toMatchObject({ status: 'SUCCEEDED', stats: { pending: 13, created: 12, skipped: 1, failed: 0 } });
    expect(odoo.totalCalls).toBeLessThanOrEqual(12); // authenticate, capabilities, tags, countries, languages, bindings, create, bind
    expect(odoo.callCount('res.partner', 'create')).toBe(1);

    const refs = await numbersOf(base, members);
    expect(partnersWithRef(refs)).toBe(12);
    const state = (await t.http.get(`${base}/odoo/sync-states/${members[0]}`)).body;
    expect(state).toMatchObject({ status: 'SYNCED', attempts: 0, lastError: null, pendingChanges: 0 });
    const partner = odoo.record('res.partner', state.odooPartnerId) as Record<string, unknown>;
    expect(partner).toMatchObject({ ref: refs[0], is_company: false, active: true });
    const tags = (partner.category_id as number[]).map((id) => odoo.record('res.partner.category', id)?.name).sort();
    expect(tags).toEqual(['Collège Producteurs', 'Sociétaire']);
    expect(odoo.find('ir.model.data', (r) => r.module === 'coop_ledger' && r.name === externalIdName(members[0]))).toHaveLength(1);
    expect((await t.http.get(`${base}/odoo/sync-states/${candidate}`)).body).toMatchObject({ status: 'SYNCED', odooPartnerId: null });
  });

  it('incremental: an unchanged member is not written; a change writes only that member', async () => {
    const { f, members, base } = await connectedCooperative(5);
    expect((await runOnce(f)).stats.created).toBe(5);
    odoo.resetCounters();
    const idle = await runOnce(f);
    expect(idle.stats).toMatchObject({ pending: 0, created: 0, updated: 0 });
    expect(odoo.callCount('res.partner', 'write') + odoo.callCount('res.partner', 'create')).toBe(0);

    await t.http.patch(`${base}/members/${members[2]}`).send({ email: 'nouvelle@example.org', city: 'Lyon' }).expect(200);
    await t.http.patch(`${base}/members/${members[3]}`).send({ email: (await t.http.get(`${base}/members/${members[3]}`)).body.email }).expect(200);
    odoo.resetCounters();
    const run = await runOnce(f);
    expect(run.stats).toMatchObject({ pending: 1, updated: 1, created: 0 });
    expect(odoo.callCount('res.partner', 'write')).toBe(1);
    const partnerId = (await t.http.get(`${base}/odoo/sync-states/${members[2]}`)).body.odooPartnerId;
    expect(odoo.record('res.partner', partnerId)).toMatchObject({ email: 'nouvelle@example.org', city: 'Lyon' });
  });

  it('tags an exited member "former member", and archives (never deletes) a closed one', async () => {
    const { f, members, base } = await connectedCooperative(3);
    await subscribe(t.http, f, members[1], 10, '1000.00', '2024-02-01');
    await subscribe(t.http, f, members[0], 1, '100.00', '2024-02-01');
    await runOnce(f);
    await t.http.post(`${base}/members/${members[0]}/exit`).send({ reason: 'RESIGNATION', effectiveDate: '2024-06-30' }).expect(201);
    await runOnce(f);
    const partnerId = (await t.http.get(`${base}/odoo/sync-states/${members[0]}`)).body.odooPartnerId;
    const tagNames = () => ((odoo.record('res.partner', partnerId)?.category_id as number[]) ?? []).map((id) => odoo.record('res.partner.category', id)?.name);
    expect(tagNames()).toEqual(['Ancien sociétaire']);
    expect(odoo.record('res.partner', partnerId)).toMatchObject({ active: true });

    await t.http.post(`${base}/movements/redemptions`).send({ memberId: members[0], shareClassId: f.classA, shares: 1, date: '2024-07-01' }).expect(201);
    await t.http.post(`${base}/movements/refunds`).send({ memberId: members[0], shareClassId: f.classA, amount: '100.00', date: '2024-08-01' }).expect(201);
    await runOnce(f);
    expect(odoo.record('res.partner', partnerId)).toMatchObject({ active: false });
    expect(partnersWithRef(await numbersOf(base, [members[0]]))).toBe(1);
  });

  describe('no duplicates, whatever fails', () => {
    it('Odoo down: the run fails, nothing is marked synced, the next run catches up', async () => {
      const { f, members, base } = await connectedCooperative(4);
      await odoo.down();
      try {
        const run = await runOnce(f);
        expect(run.status).toBe('FAILED');
        expect((await t.http.get(`${base}/odoo/sync-runs/${run.runId}`)).body.error.kind).toBe('NETWORK');
        expect((await t.http.get(`${base}/odoo/sync-states`)).body).toEqual({ PENDING: 4 });
      } finally {
        await odoo.up();
      }
      expect((await runOnce(f)).stats.created).toBe(4);
      expect(partnersWithRef(await numbersOf(base, members))).toBe(4);
    });

    it('Odoo going down in the middle of a run of many batches: what it accepted is recorded, the rest caught up once', async () => {
      const { f, members, base } = await connectedCooperative(8);
      let cut = false;
      const run = await sync.run(f.cooperativeId, {
        trigger: 'COMMAND',
        batchSize: 2,
        retryDelaySeconds: 0,
        onProgress: (p) => {
          // The first batch is recorded: the next ones are being planned or sent when Odoo goes away.
          if (p.phase === 'syncing' && !cut) {
            cut = true;
            void odoo.down();
          }
        },
      });
      await odoo.up();
      expect(run.status).toBe('FAILED');
      const states = (await t.http.get(`${base}/odoo/sync-states`)).body;
      expect(states.SYNCED).toBeGreaterThanOrEqual(2);
      expect(states.PENDING).toBeGreaterThan(0);
      // Nothing marked synced that Odoo does not hold.
      for (const id of members) {
        const state = (await t.http.get(`${base}/odoo/sync-states/${id}`)).body;
        if (state.status === 'SYNCED') expect(odoo.record('res.partner', state.odooPartnerId)).toMatchObject({ ref: String((await t.http.get(`${base}/members/${id}`)).body.memberNumber) });
      }
      const again = await sync.run(f.cooperativeId, { trigger: 'COMMAND', batchSize: 2, retryDelaySeconds: 0 });
      expect(again.status).toBe('SUCCEEDED');
      expect((await t.http.get(`${base}/odoo/sync-states`)).body).toEqual({ SYNCED: 8 }); // the candidate has no member number yet
      const refs = await numbersOf(base, members);
      for (const r of refs) expect(partnersWithRef([r])).toBe(1);
    });

    it('a crash after create and before the external id: the next run adopts the partners by ref', async () => {
      const { f, members, base } = await connectedCooperative(6);
      odoo.crashAfterCreate(1, 'res.partner');
      expect((await runOnce(f)).status).toBe('FAILED');
      const refs = await numbersOf(base, members);
      expect(partnersWithRef(refs)).toBe(6); // created in Odoo, unbound
      const run = await runOnce(f);
      expect(run.stats).toMatchObject({ adopted: 6, created: 0, failed: 0 });
      expect(partnersWithRef(refs)).toBe(6);
      expect(odoo.find('ir.model.data', (r) => r.module === 'coop_ledger' && members.map(externalIdName).includes(String(r.name)))).toHaveLength(6);
      expect((await runOnce(f)).stats.pending).toBe(0);
    });

    it('a crash after the partners and before the answer of the binding call: still one partner each', async () => {
      const { f, members, base } = await connectedCooperative(3);
      odoo.crashAfterCreate(1, 'ir.model.data');
      expect((await runOnce(f)).status).toBe('FAILED');
      await runOnce(f);
      expect(partnersWithRef(await numbersOf(base, members))).toBe(3);
      expect((await t.http.get(`${base}/odoo/sync-states`)).body).toEqual({ SYNCED: 3 });
    });

    it('an HTML error page from a proxy and a slow answer are retried or timed out, then caught up', async () => {
      const { f, members, base } = await connectedCooperative(2);
      odoo.html(1, 502);
      expect((await runOnce(f)).status).toBe('SUCCEEDED');
      await t.http.patch(`${base}/members/${members[0]}`).send({ phone: '+33 1 23 45 67 89' }).expect(200);
      odoo.slow(3000);
      const slow = await runOnce(f);
      expect(slow.status).toBe('FAILED');
      expect((await t.http.get(`${base}/odoo/sync-runs/${slow.runId}`)).body.error.kind).toBe('TIMEOUT');
      odoo.clearInjections();
      expect((await runOnce(f)).stats.updated).toBe(1);
      expect(partnersWithRef(await numbersOf(base, members))).toBe(2);
    });

    it('Odoo refusing one record in the middle of a batch: the rest goes through, the refused member carries the error', async () => {
      const stop = odoo.refuseEmails(/^refused/);
      try {
        const { f, members, base } = await connectedCooperative(8);
        await t.http.patch(`${base}/members/${members[5]}`).send({ email: 'refused@example.org' }).expect(200);
        // Batches of 3: the refused member is in the second one, planned while Odoo works on the first.
        const run = await sync.run(f.cooperativeId, { trigger: 'COMMAND', batchSize: 3, retryDelaySeconds: 0 });
        expect(run).toMatchObject({ status: 'PARTIAL', stats: { created: 7, failed: 1, processed: 9 } });
        const state = (await t.http.get(`${base}/odoo/sync-states/${members[5]}`)).body;
        expect(state).toMatchObject({ status: 'FAILED', attempts: 1, odooPartnerId: null, lastError: { kind: 'VALIDATION' } });
        expect(state.lastError.message).toContain('This email address is not allowed');
        expect(partnersWithRef(await numbersOf(base, members))).toBe(7);
        expect((await t.http.get(`${base}/odoo/sync-states?status=FAILED`)).body.map((s: { memberId: string }) => s.memberId)).toEqual([members[5]]);

        await t.http.patch(`${base}/members/${members[5]}`).send({ email: 'fixed@example.org' }).expect(200);
        expect((await runOnce(f)).stats).toMatchObject({ created: 1, failed: 0 });
        expect(partnersWithRef(await numbersOf(base, members))).toBe(8);
      } finally {
        stop();
      }
    });
  });

  it('a member that keeps failing becomes a dead letter, visible with its error, until an accountant retries it', async () => {
    const stop = odoo.refuseEmails(/^dead/);
    try {
      const { f, members, base } = await connectedCooperative(2);
      await t.http.patch(`${base}/members/${members[1]}`).send({ email: 'dead@example.org' }).expect(200);
      for (let i = 0; i < 5; i++) await runOnce(f);
      const dead = (await t.http.get(`${base}/odoo/dead-letters`)).body;
      expect(dead).toHaveLength(1);
      expect(dead[0]).toMatchObject({ memberId: members[1], status: 'DEAD', attempts: 5, lastError: { kind: 'VALIDATION' } });
      expect((await runOnce(f)).stats.pending).toBe(0); // dead letters wait

      stop();
      expect((await t.http.post(`${base}/odoo/dead-letters/${members[1]}/retry`)).body).toEqual({ retried: 1 });
      expect((await runOnce(f)).stats.created).toBe(1);
      expect((await t.http.get(`${base}/odoo/dead-letters`)).body).toEqual([]);
      expect((await t.http.post(`${base}/odoo/dead-letters/${members[1]}/retry`)).status).toBe(404);
    } finally {
      stop();
    }
  });

  it('partners merged in Odoo by hand: both members are flagged, neither overwrites the other', async () => {
    const { f, members, base } = await connectedCooperative(2);
    await runOnce(f);
    const [a, b] = await Promise.all(members.map(async (m) => (await t.http.get(`${base}/odoo/sync-states/${m}`)).body.odooPartnerId));
    odoo.mergePartners([b], a);
    await t.http.patch(`${base}/members/${members[0]}`).send({ city: 'Nantes' }).expect(200);
    await t.http.patch(`${base}/members/${members[1]}`).send({ city: 'Brest' }).expect(200);
    const run = await runOnce(f);
    expect(run).toMatchObject({ status: 'PARTIAL', stats: { failed: 2 } });
    expect((await t.http.get(`${base}/odoo/sync-states/${members[0]}`)).body.lastError).toMatchObject({ kind: 'MERGED_PARTNER' });
    expect(odoo.record('res.partner', a)?.city).not.toBe('Brest');
  });

  it('the worker syncs continuously and resumes after a restart', async () => {
    const { f, members, base } = await connectedCooperative(3);
    const connections = t.app.get(OdooConnectionsService);
    const first = new OdooSyncWorker(connections, sync, { intervalMs: 20, retryDelaySeconds: 0 });
    first.start();
    const waitSynced = async (count: number) => {
      for (let i = 0; i < 200; i++) {
        if ((await t.http.get(`${base}/odoo/sync-states`)).body.SYNCED === count) return;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`not ${count} synced`);
    };
    try {
      await waitSynced(3);
    } finally {
      await first.stop(); // a worker left running would keep the test process alive
    }
    const more = [await admitMember(t.http, f, { category: f.categories.employee }), await admitMember(t.http, f, { category: f.categories.employee })];
    expect((await t.http.get(`${base}/odoo/sync-states`)).body).toMatchObject({ SYNCED: 3 });
    const second = new OdooSyncWorker(connections, sync, { intervalMs: 20, retryDelaySeconds: 0 });
    second.start();
    try {
      await waitSynced(5);
    } finally {
      await second.stop();
    }
    expect(partnersWithRef(await numbersOf(base, [...members, ...more]))).toBe(5);
  });

  it('with the OCA cooperator module, never writes its member fields; the secret can live in the environment', async () => {
    const coopOdoo = await FakeOdooServer.start({ version: 16, modules: { cooperator: true } });
    try {
      const { f, members, base } = await connectedCooperative(2, { url: coopOdoo.url, secret: undefined, secretEnv: 'FAKE_ODOO_KEY' });
      expect((await t.http.get(`${base}/odoo/connection`)).body.secret).toBe('from environment variable FAKE_ODOO_KEY');
      const run = await runOnce(f);
      expect(run).toMatchObject({ status: 'SUCCEEDED', stats: { created: 2 } });
      const writes = coopOdoo.log.filter((e) => e.model === 'res.partner' && (e.odooMethod === 'create' || e.odooMethod === 'write'));
      expect(writes.length).toBeGreaterThan(0);
      for (const w of writes) expect(w.body).not.toMatch(/<name>(cooperator|member|coop_candidate|cooperator_register_number|effective_date)<\/name>/);
      expect((await t.http.get(`${base}/odoo/connection`)).body.capabilities).toMatchObject({ modules: { cooperator: true } });
      expect(coopOdoo.find('res.partner', (p) => p.ref === '1' || p.ref === '2')).toHaveLength(members.length);
    } finally {
      await coopOdoo.close();
    }
  });

  it('refuses a connection without exactly one of secret and secretEnv, and a second run at the same time', async () => {
    const { base } = await connectedCooperative(1);
    const both = await t.http.put(`${base}/odoo/connection`).send({ url: odoo.url, database: odoo.database, login: 'admin', secret: 'a', secretEnv: 'B' });
    expect(both.body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'secret' });
    const none = await t.http.put(`${base}/odoo/connection`).send({ url: odoo.url, database: odoo.database, login: 'admin' });
    expect(none.status).toBe(400);
    const bad = await t.http.put(`${base}/odoo/connection`).send({ url: 'ftp://x', database: 'd', login: 'l', secret: 's' });
    expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'url' });
    odoo.slow(300);
    const [a, b] = await Promise.all([t.http.post(`${base}/odoo/sync-runs`), t.http.post(`${base}/odoo/sync-runs`)]);
    expect([a.status, b.status].sort()).toEqual([202, 409]);
    expect([a.body.code, b.body.code]).toContain('ODOO_SYNC_RUNNING');
    odoo.clearInjections();
    const runId = (a.status === 202 ? a : b).body.id;
    for (let i = 0; i < 100 && (await t.http.get(`${base}/odoo/sync-runs/${runId}`)).body.status === 'RUNNING'; i++) await new Promise((r) => setTimeout(r, 50));
    const unknown = await t.http.get(`/api/cooperatives/00000000-0000-4000-8000-000000000000/odoo/connection`);
    expect(unknown.body.code).toBe('COOPERATIVE_NOT_FOUND');
    const created = await createScic(t.http);
    expect((await t.http.get(`/api/cooperatives/${created.cooperativeId}/odoo/connection`)).body.code).toBe('ODOO_NOT_CONFIGURED');
  });
});
