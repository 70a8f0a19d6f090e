/** Two projects: pure unit tests (no database) and e2e tests through HTTP against a real PostgreSQL. */
const moduleNameMapper = {
  '^@coop/core$': '<rootDir>/libs/core/src/index.ts',
  '^@coop/database$': '<rootDir>/libs/database/src/index.ts',
  '^@coop/ledger$': '<rootDir>/libs/ledger/src/index.ts',
  '^@coop/odoo$': '<rootDir>/libs/odoo/src/index.ts',
  '^@coop/odoo-sync$': '<rootDir>/libs/odoo-sync/src/index.ts',
};
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] };
const common = { rootDir: __dirname, moduleFileExtensions: ['ts', 'js', 'json'], testEnvironment: 'node', transform, moduleNameMapper };

module.exports = {
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
  // Jest reads testTimeout from the global configuration only: inside a project it was ignored, and the e2e tests
  // (an initdb, a sync against the fake Odoo) ran with the default 5 s, failing on a busy machine.
  testTimeout: 60000,
};
