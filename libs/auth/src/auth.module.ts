import { Module, type DynamicModule } from '@nestjs/common';
import type { Mailer } from '@coop/mail';
import { AccountsRepository } from './accounts/accounts.repository';
import { ActorResolver } from './accounts/actor-resolver';
import { AuthCache } from './accounts/auth-cache';
import { PasswordsService } from './accounts/passwords.service';
import { RolesService } from './accounts/roles.service';
import { UsersService } from './accounts/users.service';
import { ApiTokensRepository } from './api-tokens/api-tokens.repository';
import { ApiTokensService } from './api-tokens/api-tokens.service';
import { AuditService } from './audit/audit.service';
import { AUTH_OPTIONS, DEFAULT_AUTH_OPTIONS, MAILER, type AuthOptions } from './auth-options';
import { InvitationsService } from './invitations/invitations.service';
import { PasswordHasher } from './passwords/password-hasher';
import { SecondFactorService } from './second-factor/second-factor.service';
import { SessionsRepository } from './sessions/sessions.repository';
import { SessionsService } from './sessions/sessions.service';
import { AccessTokens } from './tokens/access-tokens';

const SERVICES = [
  AccountsRepository,
  ActorResolver,
  AuthCache,
  PasswordsService,
  RolesService,
  UsersService,
  ApiTokensRepository,
  ApiTokensService,
  AuditService,
  InvitationsService,
  PasswordHasher,
  SecondFactorService,
  SessionsRepository,
  SessionsService,
  AccessTokens,
];

/** Accounts, sessions, tokens, invitations, second factor and the audit trail. Needs the database module. */
@Module({})
export class AuthModule {
  static register(options: Partial<AuthOptions>, mailer: Mailer): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      providers: [{ provide: AUTH_OPTIONS, useValue: { ...DEFAULT_AUTH_OPTIONS, ...options } }, { provide: MAILER, useValue: mailer }, ...SERVICES],
      exports: [AUTH_OPTIONS, MAILER, ...SERVICES],
    };
  }
}
