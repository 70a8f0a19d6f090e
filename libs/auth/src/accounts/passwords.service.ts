import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DomainError, type Actor } from '@coop/core';
import { inTransaction } from '@coop/database';
import { passwordChangedMail, passwordResetMail, type Mailer } from '@coop/mail';
import { AUTH_OPTIONS, MAILER, type AuthOptions } from '../auth-options';
import { PasswordHasher } from '../passwords/password-hasher';
import { checkPasswordPolicy } from '../passwords/password-policy';
import { loginEmailKey } from '../sessions/login-throttle';
import { SessionsRepository } from '../sessions/sessions.repository';
import { hashOpaqueToken, newOpaqueToken, TOKEN_PREFIX } from '../tokens/opaque-token';
import { AccountsRepository } from './accounts.repository';
import { AuthCache, changingAccess } from './auth-cache';

/** Changing a password (other sessions end) and resetting a forgotten one by a link sent by mail. */
@Injectable()
export class PasswordsService {
  private readonly log = new Logger('accounts');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(AUTH_OPTIONS) private readonly options: AuthOptions,
    @Inject(MAILER) private readonly mailer: Mailer,
    private readonly accounts: AccountsRepository,
    private readonly sessions: SessionsRepository,
    private readonly hasher: PasswordHasher,
    private readonly cache: AuthCache,
  ) {}

  async change(actor: Actor, familyId: string | null, input: { currentPassword: string; newPassword: string }): Promise<void> {
    if (actor.kind !== 'user' || !actor.userId) throw new DomainError('FORBIDDEN', 'only a signed-in user changes their password');
    const user = await this.accounts.findById(actor.userId);
    if (!user || !(await this.hasher.verify(user.password_hash, input.currentPassword))) {
      throw new DomainError('INVALID_CREDENTIALS', 'the current password is wrong', 'currentPassword');
    }
    checkPasswordPolicy(input.newPassword, user.email, 'newPassword');
    const hash = await this.hasher.hash(input.newPassword);
    await changingAccess(this.cache, () =>
      inTransaction(this.db, async (q) => {
        await this.accounts.setPassword(q.manager, user.id, hash);
        await this.sessions.revokeUserSessions(q.manager, user.id, familyId);
      }),
    );
    this.mail(passwordChangedMail({ to: user.email, when: new Date(), language: user.language }));
  }

  /**
   * Always the same answer: whether the email has an account is not told. The mail leaves in the background, so that
   * the answer takes as long either way.
   */
  async requestReset(email: string): Promise<void> {
    const user = await this.accounts.findByEmail(email);
    if (!user) return;
    const { token, hash } = newOpaqueToken(TOKEN_PREFIX.passwordReset);
    const minutes = this.options.passwordResetTtlMinutes;
    await this.db.query(`INSERT INTO password_reset (id, user_id, token_hash, expires_at) VALUES ($1, $2, $3, now() + make_interval(mins => $4))`, [
      randomUUID(),
      user.id,
      hash,
      minutes,
    ]);
    const link = `${this.options.publicUrl}/reset-password?token=${encodeURIComponent(token)}`;
    this.mail(passwordResetMail({ to: user.email, link, expiresAt: new Date(Date.now() + minutes * 60_000), language: user.language }));
  }

  /** A link works once, before it expires; every session of the account ends and the login back-off is cleared. */
  async confirmReset(input: { token: string; newPassword: string }): Promise<void> {
    const rows: { id: string; user_id: string; email: string }[] = await this.db.query(
      `SELECT r.id, r.user_id, u.email FROM password_reset r JOIN app_user u ON u.id = r.user_id
        WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > now()`,
      [hashOpaqueToken(input.token)],
    );
    if (!rows.length) throw new DomainError('LINK_INVALID', 'this password reset link is not valid, was already used or has expired', 'token');
    const [reset] = rows;
    checkPasswordPolicy(input.newPassword, reset.email, 'newPassword');
    const hash = await this.hasher.hash(input.newPassword);
    await changingAccess(this.cache, () =>
      inTransaction(this.db, async (q) => {
        // An UPDATE answers [rows, count] through TypeORM.
        const [spent]: [{ id: string }[], number] = await q.query('UPDATE password_reset SET used_at = now() WHERE id = $1 AND used_at IS NULL RETURNING id', [
          reset.id,
        ]);
        if (!spent.length) throw new DomainError('LINK_INVALID', 'this password reset link was already used', 'token');
        await this.accounts.setPassword(q.manager, reset.user_id, hash);
        await this.sessions.revokeUserSessions(q.manager, reset.user_id);
        await this.sessions.clearFailures(q.manager, loginEmailKey(reset.email));
      }),
    );
  }

  private mail(mail: Parameters<Mailer['send']>[0]): void {
    this.mailer.send(mail).catch((e: Error) => this.log.error({ message: 'mail not sent', to: mail.to, subject: mail.subject, error: e.message }));
  }
}
