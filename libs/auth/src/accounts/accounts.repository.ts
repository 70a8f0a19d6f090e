import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { CooperativeRole, Grant } from '@coop/core';

export interface UserRow {
  id: string;
  email: string;
  display_name: string | null;
  password_hash: string | null;
  is_operator: boolean;
  language: 'fr' | 'en';
  totp_secret: string | null;
  totp_enabled_at: Date | null;
  totp_last_step: string | null;
}

export interface SessionActorRow {
  id: string;
  email: string;
  is_operator: boolean;
  grants: Grant[];
}

const GRANTS = `coalesce(json_agg(json_build_object('cooperativeId', r.cooperative_id, 'role', r.role, 'memberId', r.member_id,
  'secondFactorRequired', c.require_admin_second_factor) ORDER BY r.granted_at) FILTER (WHERE r.user_id IS NOT NULL), '[]') AS grants`;

/** The SQL of users and their roles. Runs as the service's role: the tenant role may not read password or token hashes. */
@Injectable()
export class AccountsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private run(m?: EntityManager) {
    return m ?? this.db.manager;
  }

  async findByEmail(email: string, m?: EntityManager): Promise<UserRow | null> {
    const rows: UserRow[] = await this.run(m).query('SELECT * FROM app_user WHERE lower(email) = lower($1)', [email.trim()]);
    return rows[0] ?? null;
  }

  async findById(id: string, m?: EntityManager, lock = false): Promise<UserRow | null> {
    const rows: UserRow[] = await this.run(m).query(`SELECT * FROM app_user WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return rows[0] ?? null;
  }

  async create(
    m: EntityManager,
    user: { email: string; passwordHash: string | null; displayName?: string | null; operator?: boolean; language?: 'fr' | 'en' },
  ): Promise<string> {
    const id = randomUUID();
    await m.query(
      `INSERT INTO app_user (id, email, display_name, password_hash, is_operator, language, password_changed_at)
       VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $4::text IS NULL THEN NULL ELSE now() END)`,
      [id, user.email.trim(), user.displayName ?? null, user.passwordHash, user.operator ?? false, user.language ?? 'fr'],
    );
    return id;
  }

  async setPassword(m: EntityManager, userId: string, passwordHash: string): Promise<void> {
    await m.query('UPDATE app_user SET password_hash = $2, password_changed_at = now() WHERE id = $1', [userId, passwordHash]);
  }

  async setOperator(m: EntityManager, userId: string): Promise<void> {
    await m.query('UPDATE app_user SET is_operator = true WHERE id = $1', [userId]);
  }

  /** The user of a live session (its refresh-token family not revoked), with their roles: one query per request. */
  async sessionActor(userId: string, familyId: string): Promise<SessionActorRow | null> {
    const rows: SessionActorRow[] = await this.db.query(
      `SELECT u.id, u.email, u.is_operator, ${GRANTS}
         FROM app_user u
         LEFT JOIN user_role r ON r.user_id = u.id
         LEFT JOIN cooperative c ON c.id = r.cooperative_id
        WHERE u.id = $1 AND EXISTS (SELECT 1 FROM refresh_token t WHERE t.family_id = $2 AND t.user_id = u.id AND t.revoked_at IS NULL)
        GROUP BY u.id`,
      [userId, familyId],
    );
    return rows[0] ?? null;
  }

  /** The signed-in person's own view: their account and each cooperative where they hold a role. */
  async profile(userId: string): Promise<{
    id: string;
    email: string;
    displayName: string | null;
    operator: boolean;
    language: 'fr' | 'en';
    secondFactor: boolean;
    cooperatives: { cooperativeId: string; name: string; role: CooperativeRole; memberId: string | null }[];
  } | null> {
    const rows = await this.db.query(
      `SELECT u.id, u.email, u.display_name AS "displayName", u.is_operator AS operator, u.language, u.totp_enabled_at IS NOT NULL AS "secondFactor",
              coalesce(json_agg(json_build_object('cooperativeId', c.id, 'name', c.name, 'role', r.role, 'memberId', r.member_id) ORDER BY c.name)
                FILTER (WHERE r.user_id IS NOT NULL), '[]') AS cooperatives
         FROM app_user u LEFT JOIN user_role r ON r.user_id = u.id LEFT JOIN cooperative c ON c.id = r.cooperative_id
        WHERE u.id = $1 GROUP BY u.id`,
      [userId],
    );
    return rows[0] ?? null;
  }

  async grantsOf(userId: string, m?: EntityManager): Promise<Grant[]> {
    const rows: { grants: Grant[] }[] = await this.run(m).query(
      `SELECT ${GRANTS} FROM user_role r JOIN cooperative c ON c.id = r.cooperative_id WHERE r.user_id = $1`,
      [userId],
    );
    return rows[0]?.grants ?? [];
  }

  async roleIn(m: EntityManager, userId: string, cooperativeId: string): Promise<{ role: CooperativeRole; member_id: string | null } | null> {
    const rows = await m.query('SELECT role, member_id FROM user_role WHERE user_id = $1 AND cooperative_id = $2 FOR UPDATE', [userId, cooperativeId]);
    return rows[0] ?? null;
  }

  async grant(
    m: EntityManager,
    g: { userId: string; cooperativeId: string; role: CooperativeRole; memberId: string | null; grantedBy: string },
  ): Promise<void> {
    await m.query(
      `INSERT INTO user_role (user_id, cooperative_id, role, member_id, granted_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (user_id, cooperative_id) DO UPDATE SET role = EXCLUDED.role, member_id = coalesce(EXCLUDED.member_id, user_role.member_id),
         granted_by = EXCLUDED.granted_by, granted_at = now()`,
      [g.userId, g.cooperativeId, g.role, g.memberId, g.grantedBy],
    );
  }
}
