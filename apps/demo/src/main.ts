import 'reflect-metadata';
import { runCommand } from '@coop/bootstrap';
import { runInTenant } from '@coop/database';
import { buildScenario, DEMO_NAME, DemoApi, ensureDemoAccounts, loadDemo, printSummary } from '@coop/demo';
import { apiRequestBodies } from '../../api/src/request-bodies';
import { createDemoContext } from './demo.module';

/**
 * `npm run seed:demo`: loads a demo SCIC, "Coop des Communs Numériques (démo)", with 300 members and their history
 * from 2019 to 2025. Same configuration as `npm start` (DATABASE_URL, or the embedded PostgreSQL in DATA_DIR; migrations
 * applied), in a Nest context of its own (the database and the ledger, no HTTP): every write goes through the API's
 * validation (its DTOs) and the ledger's services, so the data is what the API would have produced. Deterministic
 * (fixed seed). Nothing to do when the demo cooperative is complete; a load that was stopped is completed.
 */
const out = (line: string) => console.log(`  ${line}`);

console.log(`coop-ledger demo seed: "${DEMO_NAME}"`);
void runCommand({
  name: 'seed:demo',
  notes: out,
  create: ({ config, databaseUrl, logger }) =>
    createDemoContext({ url: databaseUrl, poolSize: config.dbPoolSize, runMigrations: config.runMigrations }, logger),
  async run(app) {
    const started = process.hrtime.bigint();
    const scenario = buildScenario();
    const { events, people, seed } = scenario;
    out(`scenario (seed ${seed}): ${people.length} people, ${events.length} steps from ${events[0].date} to ${events[events.length - 1].date}`);
    const result = await loadDemo(app, apiRequestBodies(), { out, besideOtherCooperatives: true, scenario });
    if (result.outcome === 'complete') {
      out(`"${DEMO_NAME}" is already there, complete (id ${result.cooperativeId}): nothing to load.`);
      for (const line of await ensureDemoAccounts(app, result.cooperativeId)) out(line);
      return 0;
    }
    if (result.outcome !== 'loaded') {
      out(`not loaded: ${result.outcome === 'skipped' ? result.reason : 'the database holds other cooperatives'}`);
      return 1;
    }
    const { cooperativeId } = result;
    for (const line of await ensureDemoAccounts(app, cooperativeId)) out(line);
    const compliant = await runInTenant(cooperativeId, () => printSummary(new DemoApi(app, apiRequestBodies()), cooperativeId, (line) => console.log(line)));
    out(`took ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s`);
    return compliant ? 0 : 1;
  },
});
