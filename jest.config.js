/** Two projects: pure unit tests (no database) and e2e tests through HTTP against a real PostgreSQL. */
const moduleNameMapper = {
  '^@coop/auth$': '<rootDir>/libs/auth/src/index.ts',
  '^@coop/bootstrap$': '<rootDir>/libs/bootstrap/src/index.ts',
  '^@coop/certificates$': '<rootDir>/libs/certificates/src/index.ts',
  '^@coop/core$': '<rootDir>/libs/core/src/index.ts',
  '^@coop/database$': '<rootDir>/libs/database/src/index.ts',
  '^@coop/demo$': '<rootDir>/libs/demo/src/index.ts',
  '^@coop/ledger$': '<rootDir>/libs/ledger/src/index.ts',
  '^@coop/mail$': '<rootDir>/libs/mail/src/index.ts',
  '^@coop/odoo$': '<rootDir>/libs/odoo/src/index.ts',
  '^@coop/odoo-sync$': '<rootDir>/libs/odoo-sync/src/index.ts',
};
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] };
// Every property test runs with a fixed seed (FC_SEED=random to explore): see test/support/jest-fast-check.ts.
const setupFiles = ['<rootDir>/test/support/jest-fast-check.ts'];
const common = { rootDir: __dirname, moduleFileExtensions: ['ts', 'js', 'json'], testEnvironment: 'node', transform, moduleNameMapper, setupFiles };

module.exports = {
  // Jest reads testTimeout from the global configuration only: set in the e2e project, it was ignored and the e2e tests
  // had the default 5 s, which a busy machine's PostgreSQL overruns (a budget, not a wait: a passing test never uses it).
  testTimeout: 60000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts', '<rootDir>/test/repo/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/jest-global-setup.ts',
      globalTeardown: '<rootDir>/test/support/jest-global-teardown.ts',
    },
  ],
};
