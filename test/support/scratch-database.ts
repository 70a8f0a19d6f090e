import { Client } from 'pg';
import { runMigrations } from '@coop/database';

export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

let made = 0;

/**
 * A migrated database of its own on the e2e run's server, for a suite that needs one to itself (the demo's first start
 * looks at every cooperative of its database; the shared test database holds the other suites').
 */
export async function createScratchDatabase(label: string): Promise<ScratchDatabase> {
  const shared = process.env.COOP_TEST_DATABASE_URL;
  if (!shared) throw new Error('COOP_TEST_DATABASE_URL is not set: run the e2e tests through jest (global setup)');
  const name = `coop_ledger_${label}_${process.pid}_${++made}`;
  const admin = async (sql: string) => {
    const c = new Client({ connectionString: shared });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(shared);
  url.pathname = `/${name}`;
  await runMigrations(url.toString());
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
