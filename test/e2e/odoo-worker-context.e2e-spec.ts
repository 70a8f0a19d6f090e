import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { HttpAdapterHost, ModulesContainer } from '@nestjs/core';
import { createLogger } from '@coop/bootstrap';
import { LedgerModule, MembersService } from '@coop/ledger';
import { XmlRpcOdooGateway } from '@coop/odoo';
import { OdooSyncService } from '@coop/odoo-sync';
import { OdooController } from '../../apps/api/src/odoo/odoo.controller';
import { createWorkerContext } from '../../apps/odoo-worker/src/odoo-worker.module';
import { runSyncCommand } from '../../apps/odoo-worker/src/sync-command';
import { FakeOdooServer } from '../support/fake-odoo';
import { connectedCooperative, ODOO_SECRET_KEY, startOdooTestApp } from '../support/odoo-sync-fixture';
import type { TestApp } from '../support/test-app';

/** Controllers registered in a Nest container, every module counted. */
const controllersOf = (app: INestApplicationContext) => [...app.get(ModulesContainer).values()].reduce((n, m) => n + m.controllers.size, 0);

/**
 * `npm run odoo:worker` and `npm run odoo:sync` boot the worker's own module (the database and the Odoo bridge) as a
 * Nest application context: no HTTP server, no controller. The API (the HTTP test app) writes the members and the
 * connection; the worker's context, on the same database, syncs them.
 */
describe("the Odoo worker's application context", () => {
  let api: TestApp;
  let odoo: FakeOdooServer;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    api = await startOdooTestApp();
    odoo = await FakeOdooServer.start({ version: 16 });
    worker = await createWorkerContext({
      database: { url: process.env.COOP_TEST_DATABASE_URL!, poolSize: 5, runMigrations: false },
      odoo: {
        gatewayFactory: (c) => new XmlRpcOdooGateway(c, { timeoutMs: 1500, retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 10 } }),
        env: { ODOO_SECRET_KEY },
      },
      logger: createLogger('json', ['fatal', 'error']),
    });
  });
  afterAll(async () => {
    await worker?.close();
    await odoo.close();
    await api.close();
  });

  it('boots without the HTTP application: no HTTP server, no controller, none of the ledger', () => {
    expect(controllersOf(api.app)).toBeGreaterThanOrEqual(12); // the API has its controllers, so that 0 below means something
    expect(controllersOf(worker)).toBe(0);
    expect(() => worker.get(OdooController)).toThrow(/OdooController/);
    expect((worker as Partial<INestApplication>).getHttpServer).toBeUndefined();
    expect(worker.get(HttpAdapterHost).httpAdapter).toBeFalsy(); // an application context has no HTTP adapter
    expect([...worker.get(ModulesContainer).values()].some((m) => m.metatype === LedgerModule)).toBe(false);
    expect(() => worker.get(MembersService)).toThrow(/MembersService/);
    expect(worker.get(OdooSyncService)).toBeInstanceOf(OdooSyncService);
  });

  it('runs the odoo:sync command against the fake Odoo; the API then shows the members synced', async () => {
    const { f, base } = await connectedCooperative(api, odoo, 3);
    const printed: string[] = [];
    let progress = '';
    const succeeded = await runSyncCommand(worker, {
      cooperativeId: f.cooperativeId,
      print: (l) => printed.push(l),
      progress: { write: (text) => (progress += text) },
    });

    expect(succeeded).toBe(true);
    expect(printed[0]).toMatch(new RegExp(`^${f.cooperativeId}: SUCCEEDED in \\d+\\.\\d s — 4 pending, 0 repaired, 3 created, 0 updated`));
    expect(
      progress
        .trim()
        .split('\n')
        .map((line) => line.split(/\s+/)[1]),
    ).toEqual(['connecting', 'lookups', 'syncing', 'done']);
    expect(odoo.find('res.partner', (p) => typeof p.ref === 'string').length).toBe(3);
    expect((await api.http.get(`${base}/odoo/sync-states`)).body).toMatchObject({ SYNCED: 3 });
  });
});
