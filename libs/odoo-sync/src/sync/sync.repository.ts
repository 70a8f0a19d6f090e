import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { inTransaction } from '@coop/database';
import { DataSource } from 'typeorm';
import type { SyncWarning } from '../mapping/partner-mapping';
import type { MemberRow, RecordedMember, SyncError } from './sync-plan';

/** A member with changes not yet in Odoo: its newest outbox event. */
export interface PendingMember {
  memberId: string;
  lastEventId: string;
}

/** What a run learnt of one member, recorded in the ledger. */
export interface Outcome {
  memberId: string;
  /** The newest outbox event handled (null: a repair, no event). */
  lastEventId: string | null;
  ok: boolean;
  /** Set when the member has a partner on the target (not for candidates, which are not synced). */
  partnerId?: number;
  hash?: string;
  warnings?: SyncWarning[];
  error?: SyncError;
}

/** The SQL of the member sync: the outbox, the members as the sync reads them, their states per target, the runs. */
@Injectable()
export class OdooSyncRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Members with unprocessed events, oldest change first; dead letters and members waiting for their retry time wait. */
  async pendingMembers(cooperativeId: string, targetId: string, limit?: number): Promise<PendingMember[]> {
    const rows: { member_id: string; last_event_id: string }[] = await this.db.query(
      `SELECT e.member_id, max(e.id)::text AS last_event_id
       FROM odoo_sync_event e LEFT JOIN odoo_member_sync s ON s.target_id = $2 AND s.member_id = e.member_id
       WHERE e.cooperative_id = $1 AND e.processed_at IS NULL
         AND (s.status IS NULL OR s.status <> 'DEAD') AND (s.next_attempt_at IS NULL OR s.next_attempt_at <= now())
       GROUP BY e.member_id ORDER BY min(e.id) LIMIT $3`,
      [cooperativeId, targetId, limit ?? null],
    );
    return rows.map((r) => ({ memberId: r.member_id, lastEventId: r.last_event_id }));
  }

  /** Every member that is (or was) a contact, with what the ledger recorded of it on the target. */
  async recordedMembers(cooperativeId: string, targetId: string): Promise<RecordedMember[]> {
    return this.db.query(
      `SELECT m.id AS "memberId", s.odoo_partner_id AS "odooPartnerId", s.status
       FROM member m LEFT JOIN odoo_member_sync s ON s.target_id = $2 AND s.member_id = m.id
       WHERE m.cooperative_id = $1 AND m.member_number IS NOT NULL`,
      [cooperativeId, targetId],
    );
  }

  async collegeNames(cooperativeId: string): Promise<string[]> {
    const rows: { name: string }[] = await this.db.query('SELECT name FROM college WHERE cooperative_id = $1', [cooperativeId]);
    return rows.map((r) => r.name);
  }

  /** The members of a batch as the mapping reads them (columns named as MemberForSync's fields: no copy). */
  async loadMembers(cooperativeId: string, targetId: string, lastEvents: ReadonlyMap<string, string | null>): Promise<MemberRow[]> {
    const rows: MemberRow[] = await this.db.query(
      `SELECT m.id, m.member_number AS "memberNumber", m.status, m.person_type AS "personType", m.first_name AS "firstName",
              m.last_name AS "lastName", m.company_name AS "companyName", m.email, m.phone, m.street, m.postal_code AS "postalCode",
              m.city, m.country, m.language, c.name AS "collegeName", s.odoo_partner_id AS "odooPartnerId", s.synced_hash AS "syncedHash"
       FROM member m LEFT JOIN college c ON c.id = m.college_id LEFT JOIN odoo_member_sync s ON s.target_id = $2 AND s.member_id = m.id
       WHERE m.cooperative_id = $1 AND m.id = ANY(string_to_array($3, ',')::uuid[]) ORDER BY m.member_number`,
      [cooperativeId, targetId, [...lastEvents.keys()].join(',')],
    );
    for (const r of rows) r.lastEventId = lastEvents.get(r.id) ?? null;
    return rows;
  }

  /**
   * Records a batch in one transaction: synced members (their partner, hash and warnings) and their events; failed
   * members with their error, a retry delay doubling at each failure, and the dead-letter list after `maxAttempts`.
   * Returns how many became dead letters.
   */
  async record(cooperativeId: string, targetId: string, outcomes: readonly Outcome[], retryDelaySeconds: number, maxAttempts: number): Promise<number> {
    const synced = outcomes.filter((o) => o.ok && o.partnerId !== undefined);
    const handled = outcomes.filter((o) => o.ok && o.lastEventId !== null);
    const failed = outcomes.filter((o) => !o.ok);
    // One JSON parameter per statement (cheaper to send than arrays of uuids).
    const json = (rows: unknown[]) => JSON.stringify(rows);
    return inTransaction(this.db, async (q) => {
      if (synced.length) {
        await q.query(
          `INSERT INTO odoo_member_sync (target_id, member_id, cooperative_id, odoo_partner_id, synced_hash, synced_at, status, attempts,
                                         last_error, last_error_kind, next_attempt_at, warnings, updated_at)
           SELECT $2, u.member_id, $1, u.partner_id, u.hash, now(), 'SYNCED', 0, NULL, NULL, NULL, u.warnings, now()
           FROM jsonb_to_recordset($3::jsonb) AS u(member_id uuid, partner_id int, hash text, warnings jsonb)
           ON CONFLICT (target_id, member_id) DO UPDATE SET odoo_partner_id = EXCLUDED.odoo_partner_id, synced_hash = EXCLUDED.synced_hash,
             synced_at = now(), status = 'SYNCED', attempts = 0, last_error = NULL, last_error_kind = NULL, next_attempt_at = NULL,
             warnings = EXCLUDED.warnings, updated_at = now()`,
          [cooperativeId, targetId, json(synced.map((o) => ({ member_id: o.memberId, partner_id: o.partnerId, hash: o.hash, warnings: o.warnings ?? [] })))],
        );
      }
      if (handled.length) {
        await q.query(
          `UPDATE odoo_sync_event e SET processed_at = now() FROM jsonb_to_recordset($2::jsonb) AS u(member_id uuid, last_id bigint)
           WHERE e.cooperative_id = $1 AND e.member_id = u.member_id AND e.id <= u.last_id AND e.processed_at IS NULL`,
          [cooperativeId, json(handled.map((o) => ({ member_id: o.memberId, last_id: o.lastEventId })))],
        );
      }
      if (!failed.length) return 0;
      const rows: { status: string }[] = await q.query(
        `INSERT INTO odoo_member_sync (target_id, member_id, cooperative_id, status, attempts, last_error, last_error_kind, next_attempt_at, updated_at)
         SELECT $2, u.member_id, $1, 'FAILED', 1, u.message, u.kind, now() + make_interval(secs => $4), now()
         FROM jsonb_to_recordset($3::jsonb) AS u(member_id uuid, message text, kind text)
         ON CONFLICT (target_id, member_id) DO UPDATE SET attempts = odoo_member_sync.attempts + 1, last_error = EXCLUDED.last_error,
           last_error_kind = EXCLUDED.last_error_kind,
           status = CASE WHEN odoo_member_sync.attempts + 1 >= $5 THEN 'DEAD' ELSE 'FAILED' END,
           next_attempt_at = now() + make_interval(secs => $4 * power(2, LEAST(odoo_member_sync.attempts, 10))), updated_at = now()
         RETURNING status`,
        [
          cooperativeId,
          targetId,
          json(failed.map((o) => ({ member_id: o.memberId, message: o.error?.message ?? 'unknown error', kind: o.error?.kind ?? 'REFUSED' }))),
          retryDelaySeconds,
          maxAttempts,
        ],
      );
      return rows.filter((r) => r.status === 'DEAD').length;
    });
  }

  async startRun(cooperativeId: string, targetId: string, trigger: string): Promise<string> {
    const [{ id }] = await this.db.query(`INSERT INTO odoo_sync_run (cooperative_id, target_id, trigger, status) VALUES ($1, $2, $3, 'RUNNING') RETURNING id`, [
      cooperativeId,
      targetId,
      trigger,
    ]);
    return id;
  }

  async finishRun(runId: string, status: string, stats: object, error: { message: string; kind: string } | null): Promise<void> {
    await this.db.query(`UPDATE odoo_sync_run SET status = $2, finished_at = now(), stats = $3, error = $4, error_kind = $5 WHERE id = $1`, [
      runId,
      status,
      JSON.stringify(stats),
      error?.message ?? null,
      error?.kind ?? null,
    ]);
  }

  /** When the cooperative's last run on its current target started (null: never). */
  async lastRunStartedAt(cooperativeId: string, targetId: string): Promise<Date | null> {
    const [row] = await this.db.query('SELECT max(started_at) AS at FROM odoo_sync_run WHERE cooperative_id = $1 AND target_id = $2', [
      cooperativeId,
      targetId,
    ]);
    return row?.at ?? null;
  }
}
