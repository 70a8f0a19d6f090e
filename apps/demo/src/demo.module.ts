import { Module, type DynamicModule, type INestApplicationContext, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createLogger } from '@coop/bootstrap';
import { DatabaseModule, type DatabaseModuleOptions } from '@coop/database';
import { LedgerModule } from '@coop/ledger';

/** What loading the demo needs: the database and the ledger's services; no controller, no HTTP, no Odoo. */
@Module({})
export class DemoModule {
  static register(database: DatabaseModuleOptions): DynamicModule {
    return { module: DemoModule, imports: [DatabaseModule.register(database), LedgerModule] };
  }
}

/** `npm run seed:demo`'s application: a Nest application context, initialised, without HTTP. */
export function createDemoContext(database: DatabaseModuleOptions, logger: LoggerService = createLogger()): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(DemoModule.register(database), { logger });
}
