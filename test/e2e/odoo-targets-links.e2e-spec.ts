import { externalIdName } from '@coop/odoo-sync';
import { FakeOdooServer } from '../support/fake-odoo';
import { connectedCooperative, numbersOf, partnerOf, runOnce, snapshot, startOdooTestApp } from '../support/odoo-sync-fixture';
import { eventually } from '../support/eventually';
import type { TestApp } from '../support/test-app';

describe('pointing a cooperative at another Odoo, and linking contacts that already exist', () => {
  let t: TestApp;
  let odoo: FakeOdooServer;

  beforeAll(async () => {
    t = await startOdooTestApp();
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    odoo = await FakeOdooServer.start({ version: 16 });
  });
  afterEach(() => odoo.close());

  const connection = (server: FakeOdooServer, extra: Record<string, unknown> = {}) => ({
    url: server.url,
    database: server.database,
    login: 'admin',
    secret: 'admin',
    ...extra,
  });

  describe('targets', () => {
    it('another Odoo is a new target: said before, confirmed, then filled; the old one keeps its history and gets nothing more', async () => {
      const { f, members, base } = await connectedCooperative(t, odoo, 3);
      await runOnce(t, f);
      const odoo18 = await FakeOdooServer.start({ version: 18 });
      try {
        const preview = await t.http.post(`${base}/odoo/connection/preview`).send(connection(odoo18));
        expect(preview.status).toBe(200);
        expect(preview.body).toMatchObject({ change: 'NEW_TARGET', membersQueued: 3, needsConfirmation: true, newTarget: { url: odoo18.url } });
        expect(preview.body.effects.join(' ')).toMatch(/every member \(3\) is queued for the new target/);

        const refused = await t.http.put(`${base}/odoo/connection`).send(connection(odoo18));
        expect(refused.status).toBe(409);
        expect(refused.body).toMatchObject({ code: 'ODOO_TARGET_CHANGE_UNCONFIRMED', field: 'url', details: { preview: { change: 'NEW_TARGET' } } });
        expect((await t.http.get(`${base}/odoo/connection`)).body.url).toBe(odoo.url); // nothing changed

        const done = await t.http.put(`${base}/odoo/connection`).send(connection(odoo18, { confirmNewTarget: true }));
        expect(done.status).toBe(200);
        expect(done.body.change).toMatchObject({ change: 'NEW_TARGET' });
        expect((await t.http.get(`${base}/odoo/sync-states`)).body).toEqual({ PENDING: 3 });
        const run = await runOnce(t, f);
        expect(run).toMatchObject({ status: 'SUCCEEDED', stats: { created: 3 } });
        const refs = await numbersOf(t, base, members);
        expect(odoo18.find('res.partner', (p) => refs.includes(String(p.ref)))).toHaveLength(3);

        const oldPartner = odoo.find('res.partner', (p) => p.ref === refs[0])[0];
        await t.http.patch(`${base}/members/${members[0]}`).send({ city: 'Annecy' }).expect(200);
        await runOnce(t, f);
        expect(odoo.record('res.partner', oldPartner.id)?.city).not.toBe('Annecy');
        expect(odoo18.find('res.partner', (p) => p.ref === refs[0])[0]).toMatchObject({ city: 'Annecy' });

        const targets = (await t.http.get(`${base}/odoo/targets`)).body;
        expect(targets).toEqual([
          expect.objectContaining({ url: odoo18.url, current: true, syncedMembers: 3, retiredAt: null }),
          expect.objectContaining({ url: odoo.url, current: false, syncedMembers: 3, retiredAt: expect.any(String) }),
        ]);
      } finally {
        await odoo18.close();
      }
    });

    it('the same server under another name: a new target whose partners are found by their external ids and updated, never duplicated', async () => {
      const { f, members, base } = await connectedCooperative(t, odoo, 3);
      await runOnce(t, f);
      const same = await t.http.post(`${base}/odoo/connection/preview`).send(connection(odoo, { url: `${odoo.url}/xmlrpc/2/` }));
      expect(same.body).toMatchObject({ change: 'SAME_TARGET', membersQueued: 0, needsConfirmation: false });
      const alias = odoo.url.replace('127.0.0.1', 'localhost');
      await t.http
        .put(`${base}/odoo/connection`)
        .send(connection(odoo, { url: alias, confirmNewTarget: true }))
        .expect(200);
      const partners = odoo.recordCount('res.partner');
      expect((await runOnce(t, f)).stats).toMatchObject({ created: 0, updated: 3 });
      expect(odoo.recordCount('res.partner')).toBe(partners);
      for (const ref of await numbersOf(t, base, members)) expect(odoo.find('res.partner', (p) => p.ref === ref)).toHaveLength(1);
    });

    it('a new company moves every partner; new credentials queue nothing', async () => {
      const { f, members, base } = await connectedCooperative(t, odoo, 2);
      await runOnce(t, f);
      const company = odoo.db.insert('res.company', { name: 'SCIC A' });
      const moved = await t.http.put(`${base}/odoo/connection`).send(connection(odoo, { companyId: company }));
      expect(moved.body.change).toMatchObject({ change: 'SAME_TARGET', companyChanged: true, membersQueued: 2 });
      expect((await runOnce(t, f)).stats).toMatchObject({ updated: 2 });
      for (const m of members) expect(odoo.record('res.partner', await partnerOf(t, base, m))).toMatchObject({ company_id: company });
      const rekeyed = await t.http
        .put(`${base}/odoo/connection`)
        .send(connection(odoo, { companyId: company, secret: undefined, secretEnv: 'ODOO_SECRET_FAKE_ODOO' }));
      expect(rekeyed.body.change).toMatchObject({ change: 'SAME_TARGET', membersQueued: 0 });
      expect((await runOnce(t, f)).stats.pending).toBe(0);
    });

    it('refuses to change the target while a sync runs', async () => {
      const { base } = await connectedCooperative(t, odoo, 2);
      const release = odoo.hold(); // the run waits on Odoo, holding its lock, until released
      const started = await t.http.post(`${base}/odoo/sync-runs`).expect(202);
      const other = await t.http.put(`${base}/odoo/connection`).send(connection(odoo, { module: 'coop_other', confirmNewTarget: true }));
      expect(other.body).toMatchObject({ code: 'ODOO_SYNC_RUNNING' });
      release();
      await eventually(async () => (await t.http.get(`${base}/odoo/sync-runs/${started.body.id}`)).body.status !== 'RUNNING', 'the run finished');
      await t.http
        .put(`${base}/odoo/connection`)
        .send(connection(odoo, { module: 'coop_other', confirmNewTarget: true }))
        .expect(200);
    });

    it('the capabilities check reports the rights the sync user lacks', async () => {
      const limited = await FakeOdooServer.start({
        version: 18,
        users: [
          {
            uid: 7,
            login: 'sync',
            apiKeys: ['key-7'],
            rights: {
              'res.partner': ['read', 'create'],
              'res.partner.category': ['read', 'create'],
              'ir.model.data': ['read'],
              'res.country': ['read'],
              'res.lang': ['read'],
              'ir.module.module': ['read'],
            },
          },
        ],
      });
      try {
        const { base } = await connectedCooperative(t, limited, 1, { login: 'sync', secret: 'key-7' });
        const check = await t.http.post(`${base}/odoo/capabilities-check`);
        expect(check.status).toBe(200);
        expect(check.body).toMatchObject({ majorVersion: 18, ready: false, rights: { missing: ['res.partner: write'], linking: false } });
        expect(check.body.problems).toEqual(['the Odoo user lacks the right res.partner: write']);
      } finally {
        await limited.close();
      }
    });
  });

  describe('explicit links', () => {
    /** Contacts an Odoo held before coop-ledger: some are the members, some are not. */
    async function odooWithContacts() {
      const c = await connectedCooperative(t, odoo, 5);
      const m = async (i: number, patch: Record<string, unknown>) => t.http.patch(`${c.base}/members/${c.members[i]}`).send(patch).expect(200);
      await m(0, { email: 'alice@example.org' });
      await m(1, { firstName: 'Élise', lastName: 'Martin', postalCode: '69001', email: null });
      await m(3, { email: 'dora@example.org' });
      const [n0, , n2] = await numbersOf(t, c.base, c.members);
      const p = (values: Record<string, unknown>) => odoo.db.insert('res.partner', { active: true, ...values });
      const contacts = {
        byEmail: p({ name: 'Alice (cooperator era)', email: 'ALICE@example.org' }),
        byName: p({ name: 'MARTIN Elise', zip: '69001', email: 'elise.perso@example.org' }),
        byRef: p({ name: 'Coop member three', ref: `SOC-${n2.padStart(4, '0')}` }),
        customer: p({ name: 'A customer', ref: n0, is_company: true }),
        otherCoop: p({ name: 'Dora elsewhere', email: 'dora@example.org' }),
      };
      odoo.db.insert('ir.model.data', {
        module: 'coop_b',
        name: 'member_00000000_0000_4000_8000_000000000001',
        model: 'res.partner',
        res_id: contacts.otherCoop,
      });
      return { ...c, contacts };
    }

    it('proposes matches by email, name and postal code, and stated ref; leaves out partners of other cooperatives; writes nothing', async () => {
      const { base, members, contacts } = await odooWithContacts();
      const before = Object.values(contacts).map((id) => snapshot(odoo, id));
      const imd = odoo.recordCount('ir.model.data');
      odoo.resetCounters();
      const res = await t.http.post(`${base}/odoo/link-proposals`).send({ refFormat: 'SOC-{n:4}' });
      expect(res.status).toBe(200);
      const byMember = Object.fromEntries(
        res.body.proposals.map((p: { memberId: string; partner: { id: number }; matchedBy: string[] }) => [p.memberId, [p.partner.id, p.matchedBy]]),
      );
      expect(byMember).toEqual({
        [members[0]]: [contacts.byEmail, ['EMAIL']],
        [members[1]]: [contacts.byName, ['NAME_POSTAL_CODE']],
        [members[2]]: [contacts.byRef, ['REF']],
      });
      expect(res.body).toMatchObject({ ambiguous: [], unmatched: 2, excluded: { 'bound to a member in module coop_b (another cooperative)': 1 } });
      expect(Object.values(contacts).map((id) => snapshot(odoo, id))).toEqual(before);
      expect(odoo.recordCount('ir.model.data')).toBe(imd);
      for (const key of odoo.calls.keys()) expect(key).toMatch(/search_read$|authenticate$/);
    });

    it('confirmed links bind the contacts; the next sync writes the members on them and creates the others', async () => {
      const { f, base, members, contacts } = await odooWithContacts();
      const linked = await t.http.post(`${base}/odoo/links`).send({
        confirmedBy: 'Agnès (comptable)',
        links: [
          { memberId: members[0], partnerId: contacts.byEmail, matchedBy: ['EMAIL'] },
          { memberId: members[1], partnerId: contacts.byName, matchedBy: ['NAME_POSTAL_CODE'] },
        ],
      });
      expect(linked.status).toBe(201);
      expect(linked.body).toEqual({ linked: 2 });
      const run = await runOnce(t, f);
      expect(run.stats).toMatchObject({ updated: 2, created: 3, failed: 0 });
      expect(await partnerOf(t, base, members[0])).toBe(contacts.byEmail);
      expect(odoo.record('res.partner', contacts.byEmail)).toMatchObject({ email: 'alice@example.org', ref: (await numbersOf(t, base, [members[0]]))[0] });
      expect(odoo.record('res.partner', contacts.byName)).toMatchObject({ email: false, zip: '69001' });
      expect(odoo.record('res.partner', contacts.customer)).toMatchObject({ name: 'A customer' });
      const audit = (await t.http.get(`${base}/odoo/links`)).body;
      expect(audit).toHaveLength(2);
      expect(audit[0]).toMatchObject({ partnerId: expect.any(Number), confirmedBy: 'Agnès (comptable)' });
      // linked members are no longer proposed
      const again = (await t.http.post(`${base}/odoo/link-proposals`).send({})).body;
      expect(again.proposals.map((p: { memberId: string }) => p.memberId)).not.toContain(members[0]);
    });

    it('refuses, all or nothing, a link to another cooperative’s partner, to a missing one, to one of another company, or for a bound member', async () => {
      const { base, members, contacts, f } = await odooWithContacts();
      const imd = odoo.recordCount('ir.model.data');
      const tryLinks = (links: { memberId: string; partnerId: number }[]) => t.http.post(`${base}/odoo/links`).send({ links });
      const foreign = await tryLinks([
        { memberId: members[0], partnerId: contacts.byEmail },
        { memberId: members[3], partnerId: contacts.otherCoop },
      ]);
      expect(foreign.status).toBe(422);
      expect(foreign.body).toMatchObject({
        code: 'ODOO_LINK_INVALID',
        details: { problems: [expect.objectContaining({ memberId: members[3], problem: expect.stringContaining('coop_b') })] },
      });
      expect((await tryLinks([{ memberId: members[0], partnerId: 99999 }])).body.details.problems[0].problem).toMatch(/no such partner/);
      expect(
        (
          await tryLinks([
            { memberId: members[0], partnerId: contacts.byEmail },
            { memberId: members[1], partnerId: contacts.byEmail },
          ])
        ).body.code,
      ).toBe('ODOO_LINK_INVALID');
      expect((await tryLinks([{ memberId: '00000000-0000-4000-8000-000000000000', partnerId: contacts.byEmail }])).body.code).toBe('ODOO_LINK_INVALID');
      expect(odoo.recordCount('ir.model.data')).toBe(imd);

      // a partner of another company, once the cooperative names its own
      const elsewhere = odoo.db.insert('res.company', { name: 'Elsewhere' });
      odoo.db.write({ uid: 2, context: {} }, 'res.partner', [contacts.byRef], { company_id: elsewhere });
      await t.http
        .put(`${base}/odoo/connection`)
        .send(connection(odoo, { companyId: odoo.db.insert('res.company', { name: 'Ours' }) }))
        .expect(200);
      const otherCompany = await tryLinks([{ memberId: members[2], partnerId: contacts.byRef }]);
      expect(otherCompany.body).toMatchObject({
        code: 'ODOO_LINK_INVALID',
        details: { problems: [expect.objectContaining({ problem: expect.stringContaining('another company (Elsewhere)') })] },
      });
      expect(odoo.recordCount('ir.model.data')).toBe(imd);

      // a member bound already (the sync created its partner)
      await runOnce(t, f);
      const bound = await tryLinks([{ memberId: members[4], partnerId: contacts.byName }]);
      expect(bound.body.details.problems[0].problem).toMatch(/member is already bound/);
      expect(odoo.find('ir.model.data', (r) => r.name === externalIdName(members[4]))).toHaveLength(1);
    });
  });
});
