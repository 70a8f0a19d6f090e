import 'reflect-metadata';
import { runService } from '@coop/bootstrap';
import { loadDemoAtFirstStart } from '@coop/demo';
import { OdooConnectionsService, OdooSyncService, OdooSyncWorker, workerOptions } from '@coop/odoo-sync';
import { createApp } from './app-factory';
import { appOptionsFrom } from './app-options';
import { apiRequestBodies } from './request-bodies';

/** `npm start`: the HTTP API (and, with ODOO_WORKER=true, the Odoo sync worker in the same process). */
void runService({
  name: 'coop-ledger',
  create: ({ config, databaseUrl, logger }) => createApp(appOptionsFrom(config, databaseUrl, logger)),
  async start(app, { config, log }) {
    // A newcomer's first start shows something at once; a first start stopped while loading the demo completes it.
    if (config.seedDemo) await loadDemoAtFirstStart(app, apiRequestBodies(), (line) => log.log(line));
    await app.listen(config.port, config.host);
    log.log(`listening on http://${config.host}:${config.port} (API under /api, OpenAPI at /docs, health at /health)`);
    if (!config.odooWorker) return;
    const worker = new OdooSyncWorker(app.get(OdooConnectionsService), app.get(OdooSyncService), workerOptions(config));
    worker.start();
    log.log(`Odoo sync worker on: every ${config.odooSyncIntervalMs / 1000} s`);
    return () => worker.stop();
  },
});
