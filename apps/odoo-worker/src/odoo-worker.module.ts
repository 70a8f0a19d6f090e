import { Module, type DynamicModule, type INestApplicationContext, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createLogger } from '@coop/bootstrap';
import { DatabaseModule, type DatabaseModuleOptions } from '@coop/database';
import { OdooSyncModule, type OdooSyncModuleOptions } from '@coop/odoo-sync';

export interface OdooWorkerOptions {
  database: DatabaseModuleOptions;
  odoo?: OdooSyncModuleOptions;
  logger?: LoggerService;
}

/** What a sync needs and nothing else: the database and the Odoo bridge's services; no controller, no HTTP. */
@Module({})
export class OdooWorkerModule {
  static register(options: Omit<OdooWorkerOptions, 'logger'>): DynamicModule {
    return { module: OdooWorkerModule, imports: [DatabaseModule.register(options.database), OdooSyncModule.register(options.odoo)] };
  }
}

/** The worker's and the `odoo:sync` command's application: a Nest application context, initialised, without HTTP. */
export function createWorkerContext(options: OdooWorkerOptions): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(OdooWorkerModule.register(options), { logger: options.logger ?? createLogger() });
}
