import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from './data-source';

export interface DatabaseModuleOptions {
  url: string;
  poolSize: number;
  /** Apply pending migrations when the data source opens (MIGRATIONS_RUN). */
  runMigrations: boolean;
}

/**
 * The TypeORM data source as every process registers it (the API, the Odoo worker, the demo seed): one definition,
 * so that a process cannot open the database with other options than the others. Its DataSource is global.
 */
@Module({})
export class DatabaseModule {
  static register(options: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [TypeOrmModule.forRoot({ ...dataSourceOptions(options.url, options.poolSize), migrationsRun: options.runMigrations })],
    };
  }
}
