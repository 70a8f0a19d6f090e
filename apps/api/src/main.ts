import 'reflect-metadata';
import type { INestApplication, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { runService } from '@coop/bootstrap';
import { buildScenario, DemoApi, seedCooperative } from '@coop/demo';
import { OdooConnectionsService, OdooSyncService, OdooSyncWorker, workerOptions } from '@coop/odoo-sync';
import { createApp } from './app-factory';
import { apiRequestBodies } from './request-bodies';

/** `npm start`: the HTTP API (and, with ODOO_WORKER=true, the Odoo sync worker in the same process). */
void runService({
  name: 'coop-ledger',
  create: ({ config, databaseUrl, logger }) =>
    createApp({ databaseUrl, poolSize: config.dbPoolSize, runMigrations: config.runMigrations, logger, odoo: { batchSize: config.odooBatchSize } }),
  async start(app, { config, log }) {
    if (config.seedDemo) await seedDemoIfEmpty(app, log);
    await app.listen(config.port, config.host);
    log.log(`listening on http://${config.host}:${config.port} (API under /api, OpenAPI at /docs, health at /health)`);
    if (!config.odooWorker) return;
    const worker = new OdooSyncWorker(app.get(OdooConnectionsService), app.get(OdooSyncService), workerOptions(config));
    worker.start();
    log.log(`Odoo sync worker on: every ${config.odooSyncIntervalMs / 1000} s`);
    return () => worker.stop();
  },
});

/** A newcomer's first `npm start` shows something at once: the demo SCIC, loaded through the services, when the database is empty. */
async function seedDemoIfEmpty(app: INestApplication, log: Logger): Promise<void> {
  const [{ empty }] = await app.get(DataSource).query('SELECT NOT EXISTS (SELECT 1 FROM cooperative) AS empty');
  if (!empty) return;
  log.log('empty database: loading the demo cooperative (SEED_DEMO=false to skip)');
  await seedCooperative(new DemoApi(app, apiRequestBodies()), buildScenario(), (line) => log.log(line.trim()), () => false);
}
