import * as path from 'node:path';
import { register } from 'tsconfig-paths';

// Jest's moduleNameMapper does not apply to the global setup: resolve the @coop/* aliases here.
register({
  baseUrl: path.resolve(__dirname, '../..'),
  paths: {
    '@coop/core': ['libs/core/src/index.ts'],
    '@coop/database': ['libs/database/src/index.ts'],
    '@coop/ledger': ['libs/ledger/src/index.ts'],
    '@coop/odoo': ['libs/odoo/src/index.ts'],
    '@coop/odoo-sync': ['libs/odoo-sync/src/index.ts'],
  },
});

/** One database for the whole e2e run, migrated once. Suites stay apart by creating their own cooperatives. */
export default async function globalSetup(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the aliases are registered
  const { createTestDatabase } = require('./test-database') as typeof import('./test-database');
  const db = await createTestDatabase();
  (globalThis as { __COOP_TEST_DB__?: { dispose(): Promise<void> } }).__COOP_TEST_DB__ = db;
  process.env.COOP_TEST_DATABASE_URL = db.url;
}
