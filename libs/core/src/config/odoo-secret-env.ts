/**
 * The environment variables an Odoo connection may read its secret from. The caller of the API chooses the URL the
 * secret is sent to, so reading any variable (DATABASE_URL…) would let it send the service's own settings away: only
 * names with this prefix hold Odoo secrets.
 */
export const ODOO_SECRET_ENV_PREFIX = 'ODOO_SECRET_';

/** The passphrase that encrypts stored secrets: it has the prefix but must never leave the service. */
const PASSPHRASE_ENV = 'ODOO_SECRET_KEY';

const NAME = new RegExp(`^${ODOO_SECRET_ENV_PREFIX}[A-Z0-9_]{1,${128 - ODOO_SECRET_ENV_PREFIX.length}}$`);

/** Why an Odoo connection may not read its secret from this environment variable, or null when it may. */
export function odooSecretEnvProblem(name: string): string | null {
  if (name === PASSPHRASE_ENV) return `secretEnv cannot be ${PASSPHRASE_ENV}: it is the passphrase that encrypts stored secrets, not an Odoo secret`;
  if (!NAME.test(name)) return `secretEnv must be an environment variable name starting with ${ODOO_SECRET_ENV_PREFIX} (e.g. ${ODOO_SECRET_ENV_PREFIX}COOP_A)`;
  return null;
}
