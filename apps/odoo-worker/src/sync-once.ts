import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfig } from '@coop/core';
import { openDatabase } from '@coop/database';
import { createApp, createLogger } from '../../api/src/app-factory';
import { runSyncCommand } from './sync-command';

/**
 * `npm run odoo:sync [-- --cooperative <id>] [--batch-size 500]`: one sync of the cooperative (or of every enabled one),
 * with a progress display and a summary. Exit code 0 when every run succeeded (or only some members were refused).
 */
function argument(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

async function main() {
  const config = loadConfig();
  Logger.overrideLogger(createLogger(config.logFormat, ['fatal', 'error']));
  const db = await openDatabase(config, () => undefined);
  const app = await createApp({ databaseUrl: db.url, poolSize: 5, runMigrations: config.runMigrations, logger: createLogger(config.logFormat, ['fatal', 'error']), odoo: { batchSize: config.odooBatchSize } });
  let succeeded = false;
  try {
    await app.init();
    const batchSize = argument('batch-size') ? Number(argument('batch-size')) : undefined;
    succeeded = await runSyncCommand(app, { cooperativeId: argument('cooperative'), batchSize, print: (line) => console.log(line), progress: process.stderr });
  } finally {
    await app.close();
    await db.embedded?.stop();
  }
  process.exit(succeeded ? 0 : 1);
}

main().catch((e) => {
  console.error(e instanceof Error && !process.env.DEBUG ? `odoo:sync failed: ${e.message}` : e);
  process.exit(1);
});
