import { Module, type DynamicModule, type INestApplicationContext, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuthModule } from '@coop/auth';
import { DatabaseModule, type DatabaseModuleOptions } from '@coop/database';
import { LogMailer } from '@coop/mail';

/** The administration commands' application: the database and the accounts; no HTTP. */
@Module({})
export class CliModule {
  static register(database: DatabaseModuleOptions, logger: LoggerService): DynamicModule {
    return { module: CliModule, imports: [DatabaseModule.register(database), AuthModule.register({}, new LogMailer(logger))] };
  }
}

export function createCliContext(database: DatabaseModuleOptions, logger: LoggerService): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(CliModule.register(database, logger), { logger });
}
