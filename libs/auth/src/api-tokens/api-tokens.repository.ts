import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { CooperativeRole } from '@coop/core';

export interface ApiTokenRow {
  id: string;
  user_id: string;
  cooperative_id: string;
  role: CooperativeRole;
  name: string;
  created_at: Date;
  expires_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface ApiTokenActorRow {
  id: string;
  name: string;
  user_id: string;
  email: string;
  cooperative_id: string;
  token_role: CooperativeRole;
  /** the creator's role there today (null: they lost it, and the token with it) */
  user_role: CooperativeRole | null;
  member_id: string | null;
  expires_at: Date;
}

const COLUMNS = 'id, user_id, cooperative_id, role, name, created_at, expires_at, last_used_at, revoked_at';

@Injectable()
export class ApiTokensRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(m: EntityManager, t: { id: string; userId: string; cooperativeId: string; role: CooperativeRole; name: string; hash: string; expiresAt: Date }) {
    const rows: ApiTokenRow[] = await m.query(
      `INSERT INTO api_token (id, user_id, cooperative_id, role, name, token_hash, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
      [t.id, t.userId, t.cooperativeId, t.role, t.name, t.hash, t.expiresAt],
    );
    return rows[0];
  }

  listOfUser(userId: string): Promise<ApiTokenRow[]> {
    return this.db.query(`SELECT ${COLUMNS} FROM api_token WHERE user_id = $1 ORDER BY created_at DESC`, [userId]);
  }

  async revoke(userId: string, tokenId: string): Promise<boolean> {
    // An UPDATE answers [rows, count] through TypeORM.
    const [rows]: [{ id: string }[], number] = await this.db.query(
      'UPDATE api_token SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 AND user_id = $2 RETURNING id',
      [tokenId, userId],
    );
    return rows.length > 0;
  }

  /** A live token by its hash, with its creator's role in the cooperative today. */
  async actor(hash: string): Promise<ApiTokenActorRow | null> {
    const rows: ApiTokenActorRow[] = await this.db.query(
      `SELECT t.id, t.name, t.user_id, u.email, t.cooperative_id, t.role AS token_role, r.role AS user_role, r.member_id, t.expires_at
         FROM api_token t JOIN app_user u ON u.id = t.user_id
         LEFT JOIN user_role r ON r.user_id = t.user_id AND r.cooperative_id = t.cooperative_id
        WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > now()`,
      [hash],
    );
    return rows[0] ?? null;
  }

  /** Last use, to the minute: a script calling 1 000 times a minute does not write 1 000 times. */
  async touch(tokenId: string): Promise<void> {
    await this.db.query('UPDATE api_token SET last_used_at = now() WHERE id = $1', [tokenId]);
  }
}
