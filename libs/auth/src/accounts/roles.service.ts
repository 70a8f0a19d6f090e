import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, type CooperativeContext, type CooperativeRole } from '@coop/core';
import { inTransaction } from '@coop/database';
import { AuthCache, changingAccess } from './auth-cache';

export interface RoleHolderView {
  userId: string;
  email: string;
  displayName: string | null;
  role: CooperativeRole;
  memberId: string | null;
  secondFactor: boolean;
  grantedAt: string;
  grantedBy: string;
}

/** Who holds which role in a cooperative, for its admins. */
@Injectable()
export class RolesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cache: AuthCache,
  ) {}

  async list(ctx: CooperativeContext): Promise<RoleHolderView[]> {
    const rows = await this.db.query(
      `SELECT r.user_id, u.email, u.display_name, r.role, r.member_id, u.totp_enabled_at IS NOT NULL AS second_factor, r.granted_at, r.granted_by
         FROM user_role r JOIN app_user u ON u.id = r.user_id WHERE r.cooperative_id = $1 ORDER BY r.granted_at`,
      [ctx.cooperativeId],
    );
    return rows.map((r: Record<string, unknown>) => ({
      userId: r.user_id,
      email: r.email,
      displayName: r.display_name,
      role: r.role,
      memberId: r.member_id,
      secondFactor: r.second_factor,
      grantedAt: (r.granted_at as Date).toISOString(),
      grantedBy: r.granted_by,
    }));
  }

  /** Takes a person's role away; the last admin stays (a cooperative is never left without one). */
  async revoke(ctx: CooperativeContext, userId: string): Promise<void> {
    await changingAccess(this.cache, () =>
      inTransaction(this.db, async (q) => {
        const admins: { user_id: string }[] = await q.query(`SELECT user_id FROM user_role WHERE cooperative_id = $1 AND role = 'admin' FOR UPDATE`, [
          ctx.cooperativeId,
        ]);
        if (admins.length === 1 && admins[0].user_id === userId) {
          throw new DomainError('CONFLICT', 'the last admin of a cooperative cannot be removed: make another admin first', 'userId');
        }
        // A DELETE answers [rows, count] through TypeORM.
        const [removed]: [{ user_id: string }[], number] = await q.query('DELETE FROM user_role WHERE cooperative_id = $1 AND user_id = $2 RETURNING user_id', [
          ctx.cooperativeId,
          userId,
        ]);
        if (!removed.length) throw new DomainError('USER_NOT_FOUND', `user ${userId} has no role in this cooperative`, 'userId');
        await q.query('UPDATE api_token SET revoked_at = now() WHERE cooperative_id = $1 AND user_id = $2 AND revoked_at IS NULL', [ctx.cooperativeId, userId]);
      }),
    );
  }

  /** Requiring a second factor of the admins takes an admin who has one (else they would lock themselves out). */
  async setAdminSecondFactor(ctx: CooperativeContext, required: boolean): Promise<{ requireAdminSecondFactor: boolean }> {
    if (required && ctx.actor.kind === 'user' && !ctx.actor.secondFactor) {
      throw new DomainError('SECOND_FACTOR_SETUP_REQUIRED', 'turn on your own second factor and sign in with it first', 'requireAdminSecondFactor');
    }
    await changingAccess(this.cache, () =>
      this.db.query('UPDATE cooperative SET require_admin_second_factor = $2 WHERE id = $1', [ctx.cooperativeId, required]),
    );
    return { requireAdminSecondFactor: required };
  }
}
