import * as path from 'node:path';
import { ConfigError, loadConfig, ODOO_SECRET_KEY_MIN_LENGTH, odooSecretKeyProblem } from './app-config';

describe('loadConfig', () => {
  it('has working defaults: the embedded database in ./data, port 3000', () => {
    expect(loadConfig({})).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: null,
      dataDir: path.resolve('data'),
      embeddedDbPort: 54329,
      runMigrations: true,
      logFormat: 'json',
      logLevels: ['fatal', 'error', 'warn', 'log'],
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://u:p@db:5432/ledger',
      DATA_DIR: '/var/lib/coop',
      EMBEDDED_DB_PORT: '6000',
      MIGRATIONS_RUN: 'false',
      DB_POOL_SIZE: '5',
      LOG_FORMAT: 'text',
      LOG_LEVEL: 'warn',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      databaseUrl: 'postgres://u:p@db:5432/ledger',
      dataDir: '/var/lib/coop',
      embeddedDbPort: 6000,
      runMigrations: false,
      dbPoolSize: 5,
      logFormat: 'text',
    });
    expect(config.logLevels).toEqual(['fatal', 'error', 'warn']);
  });

  it('refuses an ODOO_SECRET_KEY shorter than 16 characters (one rule: odooSecretKeyProblem), accepts it unset', () => {
    expect(() => loadConfig({ ODOO_SECRET_KEY: 'fifteen chars..' })).toThrow('ODOO_SECRET_KEY must be at least 16 characters');
    expect(() => loadConfig({ ODOO_SECRET_KEY: 'sixteen chars...' })).not.toThrow();
    expect(() => loadConfig({ ODOO_SECRET_KEY: '' })).not.toThrow();
    expect(odooSecretKeyProblem('x'.repeat(ODOO_SECRET_KEY_MIN_LENGTH))).toBeNull();
    expect(odooSecretKeyProblem('x'.repeat(ODOO_SECRET_KEY_MIN_LENGTH - 1))).toBe('ODOO_SECRET_KEY must be at least 16 characters');
  });

  it('refuses bad values, listing every problem at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: '70000', DATABASE_URL: 'mysql://x', MIGRATIONS_RUN: 'maybe', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(4);
    for (const name of ['PORT', 'DATABASE_URL', 'MIGRATIONS_RUN', 'LOG_LEVEL']) expect(problems.some((p) => p.startsWith(name))).toBe(true);
    expect(problems.find((p) => p.startsWith('PORT'))).toContain('"70000"');
  });
});
