import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError, type Actor } from '@coop/core';
import { inTransaction } from '@coop/database';
import { AccountsRepository } from '../accounts/accounts.repository';
import { PasswordHasher } from '../passwords/password-hasher';
import { hashRecoveryCode, newRecoveryCodes } from '../totp/recovery-codes';
import { newTotpSecret, totpUri, verifyTotp } from '../totp/totp';

const ISSUER = 'coop-ledger';

/** TOTP (RFC 6238) as a second factor, with single-use recovery codes. */
@Injectable()
export class SecondFactorService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly accounts: AccountsRepository,
    private readonly hasher: PasswordHasher,
  ) {}

  /** Step 1: a new secret for the authenticator app (not active until confirmed with a code). */
  async begin(actor: Actor): Promise<{ secret: string; otpauthUri: string }> {
    const user = await this.user(actor);
    if (user.totp_enabled_at) throw new DomainError('SECOND_FACTOR_ALREADY_ENABLED', 'a second factor is already on: turn it off first to replace it');
    const secret = newTotpSecret();
    await this.db.query('UPDATE app_user SET totp_secret = $2, totp_last_step = NULL WHERE id = $1', [user.id, secret]);
    return { secret, otpauthUri: totpUri({ secret, account: user.email, issuer: ISSUER }) };
  }

  /** Step 2: a code from the app proves it holds the secret; the recovery codes are shown this once. */
  async confirm(actor: Actor, code: string): Promise<{ recoveryCodes: string[] }> {
    const user = await this.user(actor);
    if (user.totp_enabled_at) throw new DomainError('SECOND_FACTOR_ALREADY_ENABLED', 'the second factor is already on');
    if (!user.totp_secret) throw new DomainError('CONFLICT', 'start with POST /api/me/second-factor to get a secret', 'code');
    const result = verifyTotp(user.totp_secret, code, new Date(), null);
    if (!result.ok) throw new DomainError('SECOND_FACTOR_INVALID', 'the code does not match: check the time of your device', 'code');
    const codes = newRecoveryCodes();
    await inTransaction(this.db, async (q) => {
      await q.query('UPDATE app_user SET totp_enabled_at = now(), totp_last_step = $2 WHERE id = $1', [user.id, result.step]);
      await q.query('DELETE FROM recovery_code WHERE user_id = $1', [user.id]);
      for (const c of codes) await q.query('INSERT INTO recovery_code (user_id, code_hash) VALUES ($1, $2)', [user.id, hashRecoveryCode(c)]);
    });
    return { recoveryCodes: codes };
  }

  /** Turning it off takes the password (a stolen session alone cannot). */
  async disable(actor: Actor, password: string): Promise<void> {
    const user = await this.user(actor);
    if (!(await this.hasher.verify(user.password_hash, password))) throw new DomainError('INVALID_CREDENTIALS', 'the password is wrong', 'password');
    await inTransaction(this.db, async (q) => {
      await q.query('UPDATE app_user SET totp_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL WHERE id = $1', [user.id]);
      await q.query('DELETE FROM recovery_code WHERE user_id = $1', [user.id]);
    });
  }

  /** At login: a TOTP code (each time step once: a code seen once is refused after) or an unused recovery code. */
  async verifyAtLogin(m: EntityManager, userId: string, input: { totpCode?: string; recoveryCode?: string }): Promise<boolean> {
    const user = await this.accounts.findById(userId, m, true);
    if (!user?.totp_secret) return false;
    if (input.totpCode) {
      const result = verifyTotp(user.totp_secret, input.totpCode, new Date(), user.totp_last_step === null ? null : Number(user.totp_last_step));
      if (!result.ok) return false;
      await m.query('UPDATE app_user SET totp_last_step = $2 WHERE id = $1', [userId, result.step]);
      return true;
    }
    // UPDATE … RETURNING answers [rows, rowCount] through TypeORM, not the rows
    const [used]: [unknown[], number] = await m.query(
      'UPDATE recovery_code SET used_at = now() WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING code_hash',
      [userId, hashRecoveryCode(input.recoveryCode ?? '')],
    );
    return used.length > 0;
  }

  private async user(actor: Actor) {
    const user = actor.kind === 'user' && actor.userId ? await this.accounts.findById(actor.userId) : null;
    if (!user) throw new DomainError('FORBIDDEN', 'only a signed-in user manages their second factor');
    return user;
  }
}
