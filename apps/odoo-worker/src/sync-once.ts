import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfig } from '@coop/core';
import { openDatabase } from '@coop/database';
import { OdooConnectionsService, OdooSyncService, type SyncProgress } from '@coop/odoo-sync';
import { createApp, createLogger } from '../../api/src/app-factory';

/**
 * `npm run odoo:sync [-- --cooperative <id>] [--batch-size 500]`: one sync of the cooperative (or of every enabled one),
 * with a progress display and a summary. Exit code 0 when every run succeeded (or only some members were refused).
 */
function argument(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

function progressLine(cooperativeId: string) {
  const tty = process.stderr.isTTY;
  let lastPrinted = '';
  return (p: SyncProgress) => {
    const pct = p.total ? Math.floor((100 * p.done) / p.total) : 100;
    const line = `${cooperativeId.slice(0, 8)} ${p.phase.padEnd(14)} ${String(p.done).padStart(6)}/${p.total} (${pct}%)  created ${p.stats.created}, updated ${p.stats.updated}, adopted ${p.stats.adopted}, unchanged ${p.stats.unchanged}, failed ${p.stats.failed}, calls ${p.stats.calls}`;
    if (tty) process.stderr.write(`\r${line}\x1b[K${p.phase === 'done' ? '\n' : ''}`);
    else if (p.phase !== 'syncing' || line.slice(0, 30) !== lastPrinted.slice(0, 30)) process.stderr.write(`${line}\n`);
    lastPrinted = line;
  };
}

async function main() {
  const config = loadConfig();
  Logger.overrideLogger(createLogger(config.logFormat, ['fatal', 'error']));
  const db = await openDatabase(config, () => undefined);
  const app = await createApp({ databaseUrl: db.url, poolSize: 5, runMigrations: config.runMigrations, logger: createLogger(config.logFormat, ['fatal', 'error']) });
  let failed = false;
  try {
    await app.init();
    const sync = app.get(OdooSyncService);
    const only = argument('cooperative');
    const cooperatives = only ? [only] : await app.get(OdooConnectionsService).enabledCooperatives();
    if (!cooperatives.length) console.log('no cooperative has an Odoo connection: PUT /api/cooperatives/:id/odoo/connection first');
    const batchSize = argument('batch-size') ? Number(argument('batch-size')) : undefined;
    for (const cooperativeId of cooperatives) {
      const started = Date.now();
      const result = await sync.run(cooperativeId, { trigger: 'COMMAND', batchSize, onProgress: progressLine(cooperativeId) });
      const s = result.stats;
      console.log(
        `${cooperativeId}: ${result.status} in ${((Date.now() - started) / 1000).toFixed(1)} s — ${s.pending} pending, ${s.created} created, ${s.updated} updated, ` +
          `${s.adopted} adopted, ${s.unchanged} unchanged, ${s.skipped} skipped (candidates), ${s.failed} failed (${s.dead} now dead letters), ${s.calls} calls to Odoo` +
          (result.error ? `\n  error: ${result.error}` : ''),
      );
      if (result.status === 'FAILED') failed = true;
    }
  } finally {
    await app.close();
    await db.embedded?.stop();
  }
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e instanceof Error && !process.env.DEBUG ? `odoo:sync failed: ${e.message}` : e);
  process.exit(1);
});
