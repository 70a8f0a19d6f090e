import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';

export interface RefreshTokenRow {
  id: string;
  family_id: string;
  user_id: string;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
  second_factor: boolean;
}

/** The SQL of sessions: refresh-token families and the login back-off. */
@Injectable()
export class SessionsRepository {
  async insertRefreshToken(
    m: EntityManager,
    t: { familyId: string; userId: string; hash: string; ttlDays: number; secondFactor: boolean; ip: string | null; userAgent: string | null },
  ): Promise<void> {
    await m.query(
      `INSERT INTO refresh_token (id, family_id, user_id, token_hash, expires_at, second_factor, ip, user_agent)
       VALUES ($1, $2, $3, $4, now() + make_interval(days => $5), $6, $7, $8)`,
      [randomUUID(), t.familyId, t.userId, t.hash, t.ttlDays, t.secondFactor, t.ip, t.userAgent?.slice(0, 300) ?? null],
    );
  }

  async lockRefreshToken(m: EntityManager, hash: string): Promise<(RefreshTokenRow & { expired: boolean }) | null> {
    const rows = await m.query('SELECT *, expires_at <= now() AS expired FROM refresh_token WHERE token_hash = $1 FOR UPDATE', [hash]);
    return rows[0] ?? null;
  }

  async markUsed(m: EntityManager, id: string): Promise<void> {
    await m.query('UPDATE refresh_token SET used_at = now() WHERE id = $1', [id]);
  }

  async revokeFamily(m: EntityManager, familyId: string): Promise<void> {
    await m.query('UPDATE refresh_token SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL', [familyId]);
  }

  /** Every session of the user but `keepFamilyId` (a password change keeps the session that made it). */
  async revokeUserSessions(m: EntityManager, userId: string, keepFamilyId: string | null = null): Promise<void> {
    await m.query('UPDATE refresh_token SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL AND family_id IS DISTINCT FROM $2', [
      userId,
      keepFamilyId,
    ]);
  }

  async lockedSeconds(m: EntityManager, emailKey: string): Promise<number> {
    const rows = await m.query(
      'SELECT ceil(extract(epoch FROM locked_until - now()))::int AS seconds FROM login_throttle WHERE email_key = $1 AND locked_until > now()',
      [emailKey],
    );
    return rows[0]?.seconds ?? 0;
  }

  /** Counts one more failure and returns the count; the back-off (login-throttle.ts) decides the lock from it. */
  async recordFailure(m: EntityManager, emailKey: string, lockSecondsAfter: (failures: number) => number): Promise<void> {
    const [{ failures }] = await m.query(
      `INSERT INTO login_throttle (email_key, failures) VALUES ($1, 1)
       ON CONFLICT (email_key) DO UPDATE SET failures = login_throttle.failures + 1, updated_at = now() RETURNING failures`,
      [emailKey],
    );
    const seconds = lockSecondsAfter(failures);
    if (seconds > 0) await m.query(`UPDATE login_throttle SET locked_until = now() + make_interval(secs => $2) WHERE email_key = $1`, [emailKey, seconds]);
  }

  async clearFailures(m: EntityManager, emailKey: string): Promise<void> {
    await m.query('DELETE FROM login_throttle WHERE email_key = $1', [emailKey]);
  }
}

export const newFamilyId = () => randomUUID();
