import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError } from '@coop/core';
import { inTransaction } from '@coop/database';
import { AccountsRepository } from '../accounts/accounts.repository';
import { AuthCache, changingAccess } from '../accounts/auth-cache';
import { AUTH_OPTIONS, type AuthOptions } from '../auth-options';
import { PasswordHasher } from '../passwords/password-hasher';
import { SecondFactorService } from '../second-factor/second-factor.service';
import { AccessTokens } from '../tokens/access-tokens';
import { hashOpaqueToken, newOpaqueToken, TOKEN_PREFIX } from '../tokens/opaque-token';
import { lockSecondsAfter, loginEmailKey } from './login-throttle';
import { newFamilyId, SessionsRepository } from './sessions.repository';

export interface LoginInput {
  email: string;
  password: string;
  /** the 6 digits of the authenticator, when the account has a second factor */
  totpCode?: string;
  /** or one of its recovery codes */
  recoveryCode?: string;
}

export interface Client {
  ip: string | null;
  userAgent: string | null;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  /** seconds the access token is valid */
  expiresIn: number;
}

const INVALID = () => new DomainError('INVALID_CREDENTIALS', 'the email or the password is wrong');

/** Login, refresh-token rotation (a reused token revokes its whole family), logout. */
@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(AUTH_OPTIONS) private readonly options: AuthOptions,
    private readonly accounts: AccountsRepository,
    private readonly sessions: SessionsRepository,
    private readonly hasher: PasswordHasher,
    private readonly tokens: AccessTokens,
    private readonly secondFactor: SecondFactorService,
    private readonly cache: AuthCache,
  ) {}

  /**
   * The same answer and about the same time whether the email exists or not; failures back off per email (known or
   * not) and, in front of this, per address (the API's throttler).
   */
  async login(input: LoginInput, client: Client): Promise<TokenPair> {
    const emailKey = loginEmailKey(input.email);
    const locked = await this.sessions.lockedSeconds(this.db.manager, emailKey);
    if (locked > 0) throw new DomainError('TOO_MANY_ATTEMPTS', `too many failed logins: try again in ${locked} s`, undefined, { retryAfterSeconds: locked });
    const user = await this.accounts.findByEmail(input.email);
    const passwordOk = await this.hasher.verify(user?.password_hash ?? null, input.password);
    if (!user || !passwordOk) {
      await this.failed(emailKey);
      throw INVALID();
    }
    let mfa = false;
    if (user.totp_enabled_at) {
      if (!input.totpCode && !input.recoveryCode)
        throw new DomainError('SECOND_FACTOR_REQUIRED', 'give the code of your authenticator (totpCode) or a recovery code', 'totpCode');
      const passed = await inTransaction(this.db, (q) => this.secondFactor.verifyAtLogin(q.manager, user.id, input));
      if (!passed) {
        await this.failed(emailKey);
        throw new DomainError('SECOND_FACTOR_INVALID', 'the second-factor code is wrong or was already used', input.totpCode ? 'totpCode' : 'recoveryCode');
      }
      mfa = true;
    }
    return inTransaction(this.db, async (q) => {
      await this.sessions.clearFailures(q.manager, emailKey);
      return this.issue(q.manager, user.id, newFamilyId(), mfa, client);
    });
  }

  /** Spends a refresh token for a new pair. A token already spent (stolen and replayed, or replayed by the thief's victim) revokes its family. */
  async refresh(refreshToken: string, client: Client): Promise<TokenPair> {
    const outcome = await changingAccess(this.cache, () =>
      inTransaction(this.db, async (q) => {
        const row = await this.sessions.lockRefreshToken(q.manager, hashOpaqueToken(refreshToken));
        if (!row || row.revoked_at || row.expired) return { kind: 'invalid' as const };
        if (row.used_at) {
          await this.sessions.revokeFamily(q.manager, row.family_id);
          return { kind: 'reused' as const };
        }
        await this.sessions.markUsed(q.manager, row.id);
        return { kind: 'ok' as const, pair: await this.issue(q.manager, row.user_id, row.family_id, row.second_factor, client) };
      }),
    );
    if (outcome.kind === 'reused')
      throw new DomainError('TOKEN_INVALID', 'this refresh token was already used: every session it belongs to is revoked; sign in again');
    if (outcome.kind === 'invalid') throw new DomainError('TOKEN_INVALID', 'the refresh token is not valid, expired or revoked');
    return outcome.pair;
  }

  async logout(familyId: string): Promise<void> {
    await changingAccess(this.cache, () => inTransaction(this.db, (q) => this.sessions.revokeFamily(q.manager, familyId)));
  }

  private async issue(m: EntityManager, userId: string, familyId: string, mfa: boolean, client: Client): Promise<TokenPair> {
    const refresh = newOpaqueToken(TOKEN_PREFIX.refresh);
    const ttlDays = this.options.refreshTokenTtlDays;
    await this.sessions.insertRefreshToken(m, { familyId, userId, hash: refresh.hash, ttlDays, secondFactor: mfa, ...client });
    const accessToken = await this.tokens.sign({ sub: userId, fam: familyId, mfa });
    return { accessToken, refreshToken: refresh.token, tokenType: 'Bearer', expiresIn: this.tokens.ttlSeconds };
  }

  private async failed(emailKey: string): Promise<void> {
    await inTransaction(this.db, (q) => this.sessions.recordFailure(q.manager, emailKey, lockSecondsAfter));
  }
}
