import 'reflect-metadata';
import { runCommand } from '@coop/bootstrap';
import { runSyncCommand } from './sync-command';
import { createWorkerContext } from './odoo-worker.module';

/**
 * `npm run odoo:sync [-- --cooperative <id>] [--batch-size 500]`: one sync of the cooperative (or of every enabled one),
 * with a progress display and a summary. Exit code 0 when every run succeeded (or only some members were refused).
 */
function argument(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

/** The bounds of ODOO_BATCH_SIZE; a typo fails with one line instead of syncing with NaN. */
function batchSizeArgument(): number | undefined {
  const raw = argument('batch-size');
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 5000) throw new Error(`--batch-size must be a whole number from 1 to 5000 (got "${raw}")`);
  return Number(raw);
}

void runCommand({
  name: 'odoo:sync',
  // The progress display and the summary are the output: only the framework's errors besides them.
  logLevels: () => ['fatal', 'error'],
  create: ({ config, databaseUrl, logger }) =>
    createWorkerContext({
      database: { url: databaseUrl, poolSize: 5, runMigrations: config.runMigrations },
      odoo: { batchSize: config.odooBatchSize },
      logger,
    }),
  async run(app) {
    const batchSize = batchSizeArgument();
    const succeeded = await runSyncCommand(app, {
      cooperativeId: argument('cooperative'),
      batchSize,
      print: (line) => console.log(line),
      progress: process.stderr,
    });
    return succeeded ? 0 : 1;
  },
});
