import 'reflect-metadata';
import { Logger, type INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { loadConfig } from '@coop/core';
import { openDatabase } from '@coop/database';
import { OdooConnectionsService, OdooSyncService, OdooSyncWorker, workerOptions } from '@coop/odoo-sync';
import { createApp, createLogger } from './app-factory';
import { DemoApi } from './demo/demo-api';
import { buildScenario } from './demo/scenario';
import { seedCooperative } from './demo/seed-cooperative';

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logFormat, config.logLevels);
  Logger.overrideLogger(logger);
  const log = new Logger('coop-ledger');
  const db = await openDatabase(config, (m) => log.log(m), (m) => log.debug(m));
  let stopping = false;
  const app = await createApp({
    databaseUrl: db.url,
    poolSize: config.dbPoolSize,
    runMigrations: config.runMigrations,
    logger,
    odoo: { batchSize: config.odooBatchSize },
  }).catch(async (e) => {
    await db.embedded?.stop();
    throw e;
  });
  const worker = config.odooWorker
    ? new OdooSyncWorker(app.get(OdooConnectionsService), app.get(OdooSyncService), workerOptions(config))
    : null;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.log(`${signal}: stopping`);
    await worker?.stop();
    await app.close();
    await db.embedded?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  await app.init();
  if (config.seedDemo) await seedDemoIfEmpty(app, log);
  await app.listen(config.port, config.host);
  log.log(`listening on http://${config.host}:${config.port} (API under /api, OpenAPI at /docs, health at /health)`);
  if (worker) {
    worker.start();
    log.log(`Odoo sync worker on: every ${config.odooSyncIntervalMs / 1000} s`);
  }
}

/** A newcomer's first `npm start` shows something at once: the demo SCIC, loaded through the services, when the database is empty. */
async function seedDemoIfEmpty(app: INestApplication, log: Logger): Promise<void> {
  const [{ empty }] = await app.get(DataSource).query('SELECT NOT EXISTS (SELECT 1 FROM cooperative) AS empty');
  if (!empty) return;
  log.log('empty database: loading the demo cooperative (SEED_DEMO=false to skip)');
  await seedCooperative(new DemoApi(app), buildScenario(), (line) => log.log(line.trim()), () => false);
}

main().catch((e) => {
  // Known start-up problems (configuration, a busy data folder, a taken port) read best as one line.
  console.error(e instanceof Error && !process.env.DEBUG ? `coop-ledger cannot start: ${e.message}` : e);
  process.exit(1);
});
