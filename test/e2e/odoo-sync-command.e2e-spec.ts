import { XmlRpcOdooGateway } from '@coop/odoo';
import { runSyncCommand } from '../../apps/odoo-worker/src/sync-command';
import { FakeOdooServer } from '../support/fake-odoo';
import { admitMember, createScic } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

/** `npm run odoo:sync`: the command's work (runSyncCommand) on the real application, against a fake Odoo. */
describe('the odoo:sync command', () => {
  let t: TestApp;
  let odoo: FakeOdooServer;

  beforeAll(async () => {
    t = await startTestApp({
      odoo: {
        gatewayFactory: (c) => new XmlRpcOdooGateway(c, { timeoutMs: 1500, retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 10 } }),
        env: { ODOO_SECRET_KEY: 'test key for odoo secrets, 32+ chars' },
      },
    });
    odoo = await FakeOdooServer.start({ version: 16, modules: { cooperator: true } });
  });
  afterAll(async () => {
    await odoo.close();
    await t.close();
  });

  async function connected(members: number, secret = 'admin') {
    const f = await createScic(t.http);
    for (let i = 0; i < members; i++) await admitMember(t.http, f, { category: f.categories.beneficiary, college: f.colleges[i % 3] });
    await t.http
      .put(`/api/cooperatives/${f.cooperativeId}/odoo/connection`)
      .send({ url: odoo.url, database: odoo.database, login: 'admin', secret })
      .expect(200);
    return f.cooperativeId;
  }

  async function command(cooperativeId: string, isTTY = false) {
    const printed: string[] = [];
    let progress = '';
    const succeeded = await runSyncCommand(t.app, { cooperativeId, print: (l) => printed.push(l), progress: { isTTY, write: (text) => (progress += text) } });
    return { succeeded, printed: printed.join('\n'), progress };
  }

  it('syncs with a progress display, a summary and what the server has; a second run finds nothing to do', async () => {
    const cooperativeId = await connected(4);
    const first = await command(cooperativeId);
    expect(first.succeeded).toBe(true);
    expect(first.printed).toMatch(
      new RegExp(`^${cooperativeId}: SUCCEEDED in \\d+\\.\\d s — 4 pending, 0 repaired, 4 created, 0 updated, 0 recreated, 0 unchanged, 0 skipped`),
    );
    expect(first.printed).toContain("  Odoo 16.0-20221214: contacts 16.0.1.0, account no, cooperator 16.0.1.1.1 (cooperator's member fields, never written:");
    const phases = first.progress
      .trim()
      .split('\n')
      .map((line) => line.split(/\s+/)[1]);
    expect(phases).toEqual(['connecting', 'lookups', 'syncing', 'done']);
    expect(first.progress).toContain('4/4 (100%)  created 4');

    const again = await command(cooperativeId, true);
    expect(again.printed).toContain('SUCCEEDED');
    expect(again.printed).toContain('0 pending, 0 repaired, 0 created, 0 updated');
    expect(again.progress).toMatch(/^\r.*\x1b\[K/); // a terminal gets one line, rewritten
    expect(again.progress.endsWith('\n')).toBe(true);
    expect(odoo.find('res.partner', (p) => p.ref !== false && typeof p.ref === 'string').length).toBe(4);
  });

  it('says why a run failed, and reports failure', async () => {
    const cooperativeId = await connected(1, 'not the password');
    const run = await command(cooperativeId);
    expect(run.succeeded).toBe(false);
    expect(run.printed).toContain(`${cooperativeId}: FAILED`);
    expect(run.printed).toMatch(/error: Odoo common\.authenticate failed \[AUTHENTICATION\]: login 'admin' refused on database 'odoo'/);
    expect(run.printed).not.toContain('not the password');
  });

  it('names a cooperative without an Odoo connection, and reports failure', async () => {
    const f = await createScic(t.http);
    const run = await command(f.cooperativeId);
    expect(run.succeeded).toBe(false);
    expect(run.printed).toContain(`${f.cooperativeId}: NOT RUN — ODOO_NOT_CONFIGURED`);
  });

  it('over every cooperative: one whose connection cannot be used does not stop the others, and the summary names it', async () => {
    const broken = await createScic(t.http);
    await t.http
      .put(`/api/cooperatives/${broken.cooperativeId}/odoo/connection`)
      .send({ url: odoo.url, database: odoo.database, login: 'admin', secretEnv: 'ODOO_SECRET_NOT_SET' })
      .expect(200);
    const fine = await connected(2);
    const printed: string[] = [];
    const succeeded = await runSyncCommand(t.app, { print: (l) => printed.push(l), progress: { write: () => true } });
    const text = printed.join('\n');
    expect(succeeded).toBe(false);
    expect(text).toContain(`${fine}: SUCCEEDED`);
    expect(text).toMatch(
      new RegExp(
        `cooperative\\(s\\) not synced:[\\s\\S]*${broken.cooperativeId}: not run — ODOO_SECRET_UNAVAILABLE: the environment variable ODOO_SECRET_NOT_SET`,
      ),
    );
  });
});
