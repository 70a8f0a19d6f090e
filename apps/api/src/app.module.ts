import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AuthModule, type AuthOptions } from '@coop/auth';
import { DatabaseModule } from '@coop/database';
import { LedgerModule } from '@coop/ledger';
import type { Mailer } from '@coop/mail';
import { OdooSyncModule, type OdooSyncModuleOptions } from '@coop/odoo-sync';
import { AccountsController } from './accounts/accounts.controller';
import { AuthController } from './auth/auth.controller';
import { AccessGuard } from './common/access.guard';
import { RequestScopeInterceptor } from './common/request-scope.interceptor';
import { MeController } from './me/me.controller';
import { CertificatesController } from './register/certificates.controller';
import { MemberSpaceController } from './me/member-space.controller';
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
  auth?: Partial<AuthOptions>;
  /** Where mails go (SMTP, or the log without SMTP settings). */
  mailer: Mailer;
  /** Days after a member's closure before their personal data may be pseudonymised. */
  personalDataRetentionDays?: number;
  /** Sign-in, refresh and password-reset requests per minute and client address. */
  loginRateLimitPerMinute?: number;
}

@Module({})
export class AppModule {
  static register(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        DatabaseModule.register({ url: options.databaseUrl, poolSize: options.poolSize, runMigrations: options.runMigrations }),
        LedgerModule.register({ personalDataRetentionDays: options.personalDataRetentionDays }),
        OdooSyncModule.register(options.odoo),
        AuthModule.register(options.auth ?? {}, options.mailer),
        ThrottlerModule.forRoot([{ ttl: 60_000, limit: options.loginRateLimitPerMinute ?? 10 }]),
        DiscoveryModule,
      ],
      providers: [
        // by reference (useExisting), so that the benchmark's "without accounts" run can swap them in a testing module
        AccessGuard,
        RequestScopeInterceptor,
        { provide: APP_GUARD, useExisting: AccessGuard },
        { provide: APP_INTERCEPTOR, useExisting: RequestScopeInterceptor },
      ],
      controllers: [
        HealthController,
        AuthController,
        MeController,
        MemberSpaceController,
        AccountsController,
        CooperativesController,
        CategoriesController,
        CollegesController,
        ShareClassesController,
        MembersController,
        MovementsController,
        CapitalController,
        RegisterController,
        CertificatesController,
        LossStatementsController,
        RedemptionRequestsController,
        OdooController,
      ],
    };
  }
}
