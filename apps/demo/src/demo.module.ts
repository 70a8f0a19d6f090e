import { Module, type DynamicModule, type INestApplicationContext, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createLogger } from '@coop/bootstrap';
import { DatabaseModule, type DatabaseModuleOptions } from '@coop/database';
import { AuthModule } from '@coop/auth';
import { LedgerModule } from '@coop/ledger';
import { LogMailer } from '@coop/mail';

/** What loading the demo needs: the database, the ledger's services and the accounts (its demo users); no HTTP, no Odoo. */
@Module({})
export class DemoModule {
  static register(database: DatabaseModuleOptions, logger: LoggerService): DynamicModule {
    return { module: DemoModule, imports: [DatabaseModule.register(database), LedgerModule, AuthModule.register({}, new LogMailer(logger))] };
  }
}

/** `npm run seed:demo`'s application: a Nest application context, initialised, without HTTP. */
export function createDemoContext(database: DatabaseModuleOptions, logger: LoggerService = createLogger()): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(DemoModule.register(database, logger), { logger });
}
