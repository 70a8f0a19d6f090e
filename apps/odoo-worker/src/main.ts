import 'reflect-metadata';
import { runService } from '@coop/bootstrap';
import { OdooConnectionsService, OdooSyncService, OdooSyncWorker, workerOptions } from '@coop/odoo-sync';
import { createWorkerContext } from './odoo-worker.module';

/**
 * The Odoo sync worker as a process of its own (`npm run odoo:worker`): syncs every enabled cooperative continuously.
 * It shares the API's database, so it needs DATABASE_URL (the embedded database belongs to one process: with it, run
 * the worker inside the API with ODOO_WORKER=true instead). A small pool: one run at a time.
 */
void runService({
  name: 'odoo-worker',
  create: ({ config, databaseUrl, logger }) =>
    createWorkerContext({
      database: { url: databaseUrl, poolSize: 5, runMigrations: config.runMigrations },
      odoo: { batchSize: config.odooBatchSize },
      logger,
    }),
  async start(app, { config, log }) {
    const worker = new OdooSyncWorker(app.get(OdooConnectionsService), app.get(OdooSyncService), workerOptions(config));
    worker.start();
    log.log(`syncing enabled cooperatives every ${config.odooSyncIntervalMs / 1000} s`);
    // On SIGINT/SIGTERM: finish the current run, then stop.
    return () => worker.stop();
  },
});
