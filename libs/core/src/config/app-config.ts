import * as path from 'node:path';

/** Settings read from the environment once, at start. Invalid values stop the start with every problem listed. */
export interface AppConfig {
  port: number;
  /** Interface to listen on: loopback by default; 0.0.0.0 behind a TLS proxy (README, Deploying). */
  host: string;
  /** null: run the embedded PostgreSQL in `dataDir`. */
  databaseUrl: string | null;
  dataDir: string;
  embeddedDbPort: number;
  runMigrations: boolean;
  dbPoolSize: number;
  logFormat: 'json' | 'text';
  logLevels: ('fatal' | 'error' | 'warn' | 'log' | 'debug' | 'verbose')[];
  /** Load the demo SCIC at start when the database has no cooperative (default: only on the embedded database). */
  seedDemo: boolean;
  /** Run the Odoo sync worker inside the API process. */
  odooWorker: boolean;
  odooSyncIntervalMs: number;
  /** Members per `res.partner.load` call of the Odoo sync. */
  odooBatchSize: number;
  /** A cooperative without pending changes still gets a sync this often (deleted partners are noticed); 0: never. */
  odooReconcileIntervalMs: number;
  /** Signs access tokens; null: a key made at the first start and kept in the database. */
  authJwtSecret: string | null;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  argon2MemoryKib: number;
  argon2Iterations: number;
  operatorRequiresSecondFactor: boolean;
  /** Login, refresh and password-reset requests per minute and client address. */
  loginRateLimitPerMinute: number;
  /** Origins a browser may call the API from; empty: none (CORS closed). */
  corsOrigins: string[];
  /** Express's `trust proxy` (hops or addresses of the TLS proxy in front), so that the audit and the rate limit see the client's address. */
  trustProxy: string | null;
  /** Days after a member's closure before their personal data may be pseudonymised. */
  personalDataRetentionDays: number;
}

export const AUTH_JWT_SECRET_MIN_LENGTH = 32;

/** ODOO_SECRET_KEY, the passphrase that encrypts stored Odoo secrets: its one rule, checked at start and wherever it is used. */
export const ODOO_SECRET_KEY_MIN_LENGTH = 16;

/** Why this passphrase cannot encrypt Odoo secrets, or null when it can. */
export function odooSecretKeyProblem(key: string): string | null {
  return key.length < ODOO_SECRET_KEY_MIN_LENGTH ? `ODOO_SECRET_KEY must be at least ${ODOO_SECRET_KEY_MIN_LENGTH} characters` : null;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** `extraProblems`: what other libraries found wrong in the same environment (the mail settings), listed with the rest. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, extraProblems: string[] = []): AppConfig {
  const problems: string[] = [...extraProblems];
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
    return value;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!['true', 'false', '1', '0'].includes(raw)) problems.push(`${name} must be true or false (got "${raw}")`);
    return raw === 'true' || raw === '1';
  };
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\/.+/.test(databaseUrl)) problems.push('DATABASE_URL must be a postgres:// URL');
  const logFormat = (env.LOG_FORMAT ?? 'json') as AppConfig['logFormat'];
  if (!['json', 'text'].includes(logFormat)) problems.push(`LOG_FORMAT must be json or text (got "${logFormat}")`);
  const LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
  const level = (env.LOG_LEVEL ?? 'log') as (typeof LEVELS)[number];
  if (!LEVELS.includes(level)) problems.push(`LOG_LEVEL must be one of ${LEVELS.join(', ')} (got "${level}")`);
  const config: AppConfig = {
    port: int('PORT', 3000, 1, 65535),
    host: env.HOST?.trim() || '127.0.0.1',
    databaseUrl,
    dataDir: path.resolve(env.DATA_DIR?.trim() || 'data'),
    embeddedDbPort: int('EMBEDDED_DB_PORT', 54329, 1024, 65535),
    runMigrations: bool('MIGRATIONS_RUN', true),
    dbPoolSize: int('DB_POOL_SIZE', 20, 1, 500),
    logFormat,
    logLevels: LEVELS.slice(0, Math.max(1, LEVELS.indexOf(level) + 1)),
    seedDemo: bool('SEED_DEMO', !databaseUrl),
    odooWorker: bool('ODOO_WORKER', false),
    odooSyncIntervalMs: int('ODOO_SYNC_INTERVAL_SECONDS', 30, 1, 86_400) * 1000,
    odooBatchSize: int('ODOO_BATCH_SIZE', 500, 1, 5000),
    odooReconcileIntervalMs: int('ODOO_RECONCILE_INTERVAL_SECONDS', 3600, 0, 604_800) * 1000,
    authJwtSecret: env.AUTH_JWT_SECRET || null,
    accessTokenTtlSeconds: int('ACCESS_TOKEN_TTL_SECONDS', 900, 60, 86_400),
    refreshTokenTtlDays: int('REFRESH_TOKEN_TTL_DAYS', 30, 1, 365),
    argon2MemoryKib: int('ARGON2_MEMORY_KIB', 65_536, 8_192, 1_048_576),
    argon2Iterations: int('ARGON2_ITERATIONS', 2, 1, 10),
    operatorRequiresSecondFactor: bool('OPERATOR_REQUIRE_SECOND_FACTOR', false),
    loginRateLimitPerMinute: int('LOGIN_RATE_LIMIT_PER_MINUTE', 10, 1, 100_000),
    corsOrigins: (env.CORS_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    trustProxy: env.TRUST_PROXY?.trim() || null,
    personalDataRetentionDays: int('PERSONAL_DATA_RETENTION_DAYS', 1825, 0, 36_500),
  };
  if (config.authJwtSecret !== null && config.authJwtSecret.length < AUTH_JWT_SECRET_MIN_LENGTH) {
    problems.push(`AUTH_JWT_SECRET must be at least ${AUTH_JWT_SECRET_MIN_LENGTH} characters`);
  }
  for (const origin of config.corsOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) problems.push(`CORS_ORIGINS must list origins such as https://app.example.coop (got "${origin}")`);
  }
  const secretKey = env.ODOO_SECRET_KEY;
  const secretKeyProblem = secretKey ? odooSecretKeyProblem(secretKey) : null;
  if (secretKeyProblem) problems.push(secretKeyProblem);
  if (problems.length) throw new ConfigError(problems);
  return config;
}
