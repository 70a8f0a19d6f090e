import type { INestApplicationContext } from '@nestjs/common';
import { DomainError, systemContext } from '@coop/core';
import { runInTenant } from '@coop/database';
import { CAPABILITY_MODULES, type OdooCapabilities } from '@coop/odoo';
import { OdooConnectionsService, OdooSyncService, type SyncProgress } from '@coop/odoo-sync';

export interface SyncCommandOptions {
  /** One cooperative; every enabled one without it. */
  cooperativeId?: string;
  batchSize?: number;
  /** The summary lines. */
  print: (line: string) => void;
  /** Where the progress goes; a terminal gets one line rewritten in place, anything else a line per change. */
  progress: { write(text: string): unknown; isTTY?: boolean };
}

function progressLine(cooperativeId: string, output: SyncCommandOptions['progress']) {
  let lastPrinted = '';
  return (p: SyncProgress) => {
    const pct = p.total ? Math.floor((100 * p.done) / p.total) : 100;
    const line =
      `${cooperativeId.slice(0, 8)} ${p.phase.padEnd(14)} ${String(p.done).padStart(6)}/${p.total} (${pct}%)  created ${p.stats.created}, ` +
      `updated ${p.stats.updated}, recreated ${p.stats.recreated}, unchanged ${p.stats.unchanged}, failed ${p.stats.failed}, calls ${p.stats.calls}`;
    if (output.isTTY) output.write(`\r${line}\x1b[K${p.phase === 'done' ? '\n' : ''}`);
    else if (p.phase !== 'syncing' || line.slice(0, 30) !== lastPrinted.slice(0, 30)) output.write(`${line}\n`);
    lastPrinted = line;
  };
}

/** "16.0-20221214: contacts 16.0.1.0, account no, cooperator no". */
function describeCapabilities(c: OdooCapabilities): string {
  const modules = CAPABILITY_MODULES.map((m) => `${m} ${c.modules[m] ? (c.moduleVersions[m] ?? 'yes') : 'no'}`);
  const readOnly = c.readOnlyPartnerFields.length ? ` (cooperator's member fields, never written: ${c.readOnlyPartnerFields.join(', ')})` : '';
  return `${c.serverVersion}: ${modules.join(', ')}${readOnly}`;
}

/**
 * What `npm run odoo:sync` does once the application is up: one run per cooperative, with its progress, a summary
 * and what was found on the Odoo server. A cooperative whose run cannot start (a missing secret, another run going) or
 * fails as a whole does not stop the others: every one gets its run, and the last lines name each failure.
 * Returns false when any run failed as a whole or could not start.
 */
export async function runSyncCommand(app: INestApplicationContext, options: SyncCommandOptions): Promise<boolean> {
  const sync = app.get(OdooSyncService);
  const connections = app.get(OdooConnectionsService);
  const cooperatives = options.cooperativeId ? [options.cooperativeId] : await connections.enabledCooperatives();
  if (!cooperatives.length) options.print('no cooperative has an Odoo connection: PUT /api/cooperatives/:id/odoo/connection first');
  const failures: string[] = [];
  for (const cooperativeId of cooperatives) {
    // Each cooperative's run in its tenant scope (row-level security), as the service itself.
    const failure = await runInTenant(cooperativeId, () => syncOne(sync, connections, cooperativeId, options));
    if (failure) failures.push(failure);
  }
  if (failures.length) options.print(`${failures.length} of ${cooperatives.length} cooperative(s) not synced:\n  ${failures.join('\n  ')}`);
  return failures.length === 0;
}

/** One cooperative's run, its summary and its Odoo; the failure to report, if any. */
async function syncOne(sync: OdooSyncService, connections: OdooConnectionsService, cooperativeId: string, options: SyncCommandOptions): Promise<string | null> {
  const ctx = systemContext(cooperativeId, 'odoo-worker');
  const started = Date.now();
  let result;
  try {
    result = await sync.run(ctx, { trigger: 'COMMAND', batchSize: options.batchSize, onProgress: progressLine(cooperativeId, options.progress) });
  } catch (e) {
    const reason = e instanceof DomainError ? `${e.code}: ${e.message}` : (e as Error).message;
    options.print(`${cooperativeId}: NOT RUN — ${reason}`);
    return `${cooperativeId}: not run — ${reason}`;
  }
  const s = result.stats;
  options.print(
    `${cooperativeId}: ${result.status} in ${((Date.now() - started) / 1000).toFixed(1)} s — ${s.pending} pending, ${s.repaired} repaired, ` +
      `${s.created} created, ` +
      `${s.updated} updated, ${s.recreated} recreated, ${s.unchanged} unchanged, ${s.skipped} skipped (candidates), ${s.failed} failed (${s.dead} ` +
      `now dead letters), ` +
      `${s.warnings} with warnings, ${s.calls} calls to Odoo` +
      (result.error ? `\n  error: ${result.error}` : ''),
  );
  const { capabilities } = await connections.get(ctx);
  if (capabilities) options.print(`  Odoo ${describeCapabilities(capabilities)}`);
  return result.status === 'FAILED' ? `${cooperativeId}: run failed — ${result.error}` : null;
}
