import 'reflect-metadata';
import { runCommand } from '@coop/bootstrap';
import { buildScenario, DEMO_NAME, DemoApi, printSummary, seedCooperative } from '@coop/demo';
import { apiRequestBodies } from '../../api/src/request-bodies';
import { createDemoContext } from './demo.module';

/**
 * `npm run seed:demo`: loads a demo SCIC, "Coop des Communs Numériques (démo)", with 300 members and their history
 * from 2019 to 2025. Same configuration as `npm start` (DATABASE_URL, or the embedded PostgreSQL in DATA_DIR; migrations
 * applied), and the same application: every write goes through the API's validation and the ledger's services, so the
 * data is what the API would have produced. Deterministic (fixed seed); does nothing if the demo cooperative exists.
 */
console.log(`coop-ledger demo seed: "${DEMO_NAME}"`);
void runCommand({
  name: 'seed:demo',
  notes: (line) => console.log(`  ${line}`),
  create: ({ config, databaseUrl, logger }) => createDemoContext({ url: databaseUrl, poolSize: config.dbPoolSize, runMigrations: config.runMigrations }, logger),
  run: (app) => seedDemo(new DemoApi(app, apiRequestBodies()), (line) => console.log(line)),
});

async function seedDemo(api: DemoApi, out: (line: string) => void): Promise<number> {
  const started = process.hrtime.bigint();
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
  const cooperativeId = await seedCooperative(api, scenario, out, () => false);
  const compliant = await printSummary(api, cooperativeId, out);
  out(`  took ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s`);
  return compliant ? 0 : 1;
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
