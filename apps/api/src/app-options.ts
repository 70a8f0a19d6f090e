import type { LoggerService } from '@nestjs/common';
import type { AppConfig } from '@coop/core';
import { createMailer, readMailConfig } from '@coop/mail';
import type { AppOptions } from './app-factory';

/** The API's options from the validated configuration: main.ts and the benchmark build it the same way. */
export function appOptionsFrom(config: AppConfig, databaseUrl: string, logger: LoggerService, env: NodeJS.ProcessEnv = process.env): AppOptions {
  const mail = readMailConfig(env);
  if (!mail.ok) throw new Error(mail.problems.join('; ')); // loadConfig listed these already: not reached after it
  return {
    databaseUrl,
    poolSize: config.dbPoolSize,
    runMigrations: config.runMigrations,
    logger,
    odoo: { batchSize: config.odooBatchSize },
    mailer: createMailer(mail.config, logger),
    loginRateLimitPerMinute: config.loginRateLimitPerMinute,
    personalDataRetentionDays: config.personalDataRetentionDays,
    corsOrigins: config.corsOrigins,
    trustProxy: config.trustProxy,
    auth: {
      jwtSecret: config.authJwtSecret,
      accessTokenTtlSeconds: config.accessTokenTtlSeconds,
      refreshTokenTtlDays: config.refreshTokenTtlDays,
      argon2MemoryKib: config.argon2MemoryKib,
      argon2Iterations: config.argon2Iterations,
      operatorRequiresSecondFactor: config.operatorRequiresSecondFactor,
      publicUrl: mail.config.publicUrl,
    },
  };
}
