import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfig } from '@coop/core';
import { openDatabase } from '@coop/database';
import { OdooConnectionsService, OdooSyncService, OdooSyncWorker } from '@coop/odoo-sync';
import { createApp, createLogger } from './app-factory';

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
  }).catch(async (e) => {
    await db.embedded?.stop();
    throw e;
  });
  const worker = config.odooWorker
    ? new OdooSyncWorker(app.get(OdooConnectionsService), app.get(OdooSyncService), { intervalMs: config.odooSyncIntervalMs })
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
  await app.listen(config.port, config.host);
  log.log(`listening on http://${config.host}:${config.port} (API under /api, OpenAPI at /docs, health at /health)`);
  if (worker) {
    worker.start();
    log.log(`Odoo sync worker on: every ${config.odooSyncIntervalMs / 1000} s`);
  }
}

main().catch((e) => {
  // Known start-up problems (configuration, a busy data folder, a taken port) read best as one line.
  console.error(e instanceof Error && !process.env.DEBUG ? `coop-ledger cannot start: ${e.message}` : e);
  process.exit(1);
});
