import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfig } from '@coop/core';
import { openDatabase } from '@coop/database';
import { OdooConnectionsService, OdooSyncService, OdooSyncWorker, workerOptions } from '@coop/odoo-sync';
import { createApp, createLogger } from '../../api/src/app-factory';

/**
 * The Odoo sync worker as a process of its own (`npm run odoo:worker`): syncs every enabled cooperative continuously.
 * It shares the API's database, so it needs DATABASE_URL (the embedded database belongs to one process: with it, run
 * the worker inside the API with ODOO_WORKER=true instead).
 */
async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logFormat, config.logLevels);
  Logger.overrideLogger(logger);
  const log = new Logger('odoo-worker');
  const db = await openDatabase(config, (m) => log.log(m), (m) => log.debug(m));
  const app = await createApp({ databaseUrl: db.url, poolSize: 5, runMigrations: config.runMigrations, logger, odoo: { batchSize: config.odooBatchSize } });
  await app.init();
  const worker = new OdooSyncWorker(app.get(OdooConnectionsService), app.get(OdooSyncService), workerOptions(config));
  worker.start();
  log.log(`syncing enabled cooperatives every ${config.odooSyncIntervalMs / 1000} s`);
  const stop = async (signal: string) => {
    log.log(`${signal}: finishing the current run, then stopping`);
    await worker.stop();
    await app.close();
    await db.embedded?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e) => {
  console.error(e instanceof Error && !process.env.DEBUG ? `odoo-worker cannot start: ${e.message}` : e);
  process.exit(1);
});
