import { Module, type DynamicModule } from '@nestjs/common';
import { DatabaseModule } from '@coop/database';
import { LedgerModule } from '@coop/ledger';
import { OdooSyncModule, type OdooSyncModuleOptions } from '@coop/odoo-sync';
import { CapitalController } from './capital/capital.controller';
import { CategoriesController } from './categories/categories.controller';
import { CollegesController } from './colleges/colleges.controller';
import { CooperativesController } from './cooperatives/cooperatives.controller';
import { HealthController } from './health/health.controller';
import { LossStatementsController } from './loss-statements/loss-statements.controller';
import { MembersController } from './members/members.controller';
import { MovementsController } from './movements/movements.controller';
import { OdooController } from './odoo/odoo.controller';
import { RedemptionRequestsController } from './redemption-requests/redemption-requests.controller';
import { RegisterController } from './register/register.controller';
import { ShareClassesController } from './share-classes/share-classes.controller';

export interface AppModuleOptions {
  databaseUrl: string;
  poolSize: number;
  runMigrations: boolean;
  odoo?: OdooSyncModuleOptions;
}

@Module({})
export class AppModule {
  static register(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        DatabaseModule.register({ url: options.databaseUrl, poolSize: options.poolSize, runMigrations: options.runMigrations }),
        LedgerModule,
        OdooSyncModule.register(options.odoo),
      ],
      controllers: [
        HealthController,
        CooperativesController,
        CategoriesController,
        CollegesController,
        ShareClassesController,
        MembersController,
        MovementsController,
        CapitalController,
        RegisterController,
        LossStatementsController,
        RedemptionRequestsController,
        OdooController,
      ],
    };
  }
}
