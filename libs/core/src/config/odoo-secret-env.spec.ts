import fc from 'fast-check';
import { ODOO_SECRET_ENV_PREFIX, odooSecretEnvProblem } from './odoo-secret-env';

describe('odooSecretEnvProblem', () => {
  it.each(['ODOO_SECRET_COOP_A', 'ODOO_SECRET_1', 'ODOO_SECRET_KEY_COOP_B', `ODOO_SECRET_${'X'.repeat(116)}`])('accepts %s', (name) => {
    expect(odooSecretEnvProblem(name)).toBeNull();
  });

  it('refuses the passphrase itself, naming why', () => {
    expect(odooSecretEnvProblem('ODOO_SECRET_KEY')).toMatch(/passphrase/);
  });

  it.each(['DATABASE_URL', 'ODOO_SECRET_', 'ODOO_SECRET', 'odoo_secret_coop', 'ODOO_SECRET_coop', 'X_ODOO_SECRET_A', 'ODOO_SECRET_A-B', ' ODOO_SECRET_A', ''])(
    'refuses %j, naming the prefix',
    (name) => {
      expect(odooSecretEnvProblem(name)).toContain(ODOO_SECRET_ENV_PREFIX);
    },
  );

  it('refuses a name longer than 128 characters', () => {
    expect(odooSecretEnvProblem(`ODOO_SECRET_${'X'.repeat(117)}`)).not.toBeNull();
  });

  it('accepts nothing without the prefix', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !s.startsWith(ODOO_SECRET_ENV_PREFIX)),
        (name) => odooSecretEnvProblem(name) !== null,
      ),
    );
  });
});
