import 'reflect-metadata';
import { Logger, type INestApplication } from '@nestjs/common';
import { ConfigError, loadConfig } from '@coop/core';
import { openDatabase } from '@coop/database';
import { createApp, createLogger } from './app-factory';
import { DemoApi } from './demo/demo-api';
import { DEMO_NAME } from './demo/demo-setup';
import { buildScenario } from './demo/scenario';
import { seedCooperative, SeedInterrupted } from './demo/seed-cooperative';
import { printSummary } from './demo/summary';

/**
 * `npm run seed:demo`: loads a demo SCIC, "Coop des Communs Numériques (démo)", with 300 members and their history
 * from 2019 to 2025. Same configuration as `npm start` (DATABASE_URL, or the embedded PostgreSQL in DATA_DIR; migrations
 * applied), and the same application: every write goes through the API's validation and the ledger's services, so the
 * data is what the API would have produced. Deterministic (fixed seed); does nothing if the demo cooperative exists.
 */
async function main(): Promise<number> {
  const started = process.hrtime.bigint();
  const config = loadConfig();
  // Progress goes to stdout; the framework's routine logs would drown it: only warnings and errors (and debug if asked).
  const logger = createLogger(config.logFormat, config.logLevels.filter((level) => level !== 'log'));
  Logger.overrideLogger(logger);
  const out = (line: string) => console.log(line);

  let stopRequested = false;
  const onSignal = (signal: string) => {
    if (stopRequested) return;
    stopRequested = true;
    out(`${signal}: stopping after the current step`);
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));

  out(`coop-ledger demo seed: "${DEMO_NAME}"`);
  const db = await openDatabase(config, (m) => out(`  ${m}`), (m) => logger.debug?.(m, 'postgres'));
  let app: INestApplication | undefined;
  try {
    app = await createApp({ databaseUrl: db.url, poolSize: config.dbPoolSize, runMigrations: config.runMigrations, logger });
    await app.init(); // no HTTP server: the services only
    const api = new DemoApi(app);

    const scenario = buildScenario();
    const existing = await findCooperative(api, DEMO_NAME);
    if (existing) {
      out(`  "${DEMO_NAME}" is already there (id ${existing}): nothing to do.`);
      const recorded = (await api.capital.capital(existing)).lastMovementNumber;
      const planned = scenario.events.filter((e) => MOVEMENT_STEPS.has(e.type)).length;
      if (recorded < planned) {
        out(`  note: its journal has ${recorded} of the demo's ${planned} movements (an earlier run was interrupted?); the journal is append-only: seed a fresh database to get the whole demo.`);
      }
      return 0;
    }

    out(`  scenario (seed ${scenario.seed}): ${scenario.people.length} people, ${scenario.events.length} steps from ${scenario.events[0].date} to ${scenario.events[scenario.events.length - 1].date}`);
    let cooperativeId: string;
    try {
      cooperativeId = await seedCooperative(api, scenario, out, () => stopRequested);
    } catch (e) {
      if (e instanceof SeedInterrupted) {
        out(`  interrupted: the demo cooperative is incomplete. The journal is append-only, so start again on a fresh database (or DATA_DIR).`);
        return 130;
      }
      throw e;
    }
    const compliant = await printSummary(api, cooperativeId, out);
    out(`  took ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s`);
    return compliant ? 0 : 1;
  } finally {
    await app?.close().catch((e: unknown) => console.error(`closing the application: ${String(e)}`));
    await db.embedded?.stop();
  }
}

const MOVEMENT_STEPS = new Set(['subscription', 'payment', 'transfer', 'redemption', 'refund', 'reversal']);

/** The id of the cooperative with this name, looked up the way `GET /api/cooperatives` pages through them. */
async function findCooperative(api: DemoApi, name: string): Promise<string | null> {
  let cursor: string | undefined;
  do {
    const page = await api.cooperatives.list(500, cursor);
    const found = page.items.find((c) => c.name === name);
    if (found) return found.id;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return null;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof ConfigError ? e.message : e instanceof Error ? `seed:demo failed: ${e.message}` : e);
    process.exit(1);
  },
);
