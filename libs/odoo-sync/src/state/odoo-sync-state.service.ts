import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, type CooperativeContext } from '@coop/core';
import { OdooConnectionsService } from '../connection/odoo-connections.service';
import type { SyncWarning } from '../mapping/partner-mapping';

interface StateRow {
  member_id: string;
  member_number: number | null;
  odoo_partner_id: number | null;
  synced_hash: string | null;
  synced_at: Date | null;
  status: string | null;
  attempts: number | null;
  last_error: string | null;
  last_error_kind: string | null;
  next_attempt_at: Date | null;
  warnings: SyncWarning[] | null;
  pending_events: number;
}

/** A member's state on the current target. Candidates are not contacts: NOT_SYNCED, whatever their events. */
const stateView = (r: StateRow) => ({
  memberId: r.member_id,
  memberNumber: r.member_number,
  status: r.member_number === null ? 'NOT_SYNCED' : (r.status ?? 'PENDING'),
  odooPartnerId: r.odoo_partner_id,
  syncedHash: r.synced_hash,
  syncedAt: r.synced_at?.toISOString() ?? null,
  attempts: r.attempts ?? 0,
  lastError: r.last_error ? { kind: r.last_error_kind, message: r.last_error } : null,
  /** What Odoo could not take as the ledger has it (a country or language it does not know): written without it. */
  warnings: r.warnings ?? [],
  nextAttemptAt: r.next_attempt_at?.toISOString() ?? null,
  pendingChanges: r.pending_events,
});
export type SyncStateView = ReturnType<typeof stateView>;

const STATE_SQL = `
  SELECT m.id AS member_id, m.member_number, s.odoo_partner_id, s.synced_hash, s.synced_at, s.status, s.attempts, s.last_error,
         s.last_error_kind, s.next_attempt_at, s.warnings,
         (SELECT count(*)::int FROM odoo_sync_event e WHERE e.member_id = m.id AND e.processed_at IS NULL) AS pending_events
  FROM member m LEFT JOIN odoo_member_sync s ON s.target_id = $2 AND s.member_id = m.id`;

const runView = (r: {
  id: string;
  trigger: string;
  status: string;
  started_at: Date;
  finished_at: Date | null;
  stats: unknown;
  error: string | null;
  error_kind: string | null;
}) => ({
  id: r.id,
  trigger: r.trigger,
  status: r.status,
  startedAt: r.started_at.toISOString(),
  finishedAt: r.finished_at?.toISOString() ?? null,
  stats: r.stats,
  error: r.error ? { kind: r.error_kind, message: r.error } : null,
});

/** What accountants see of the sync on the current target: each member's state, failures, dead letters, runs. */
@Injectable()
export class OdooSyncStateService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly connections: OdooConnectionsService,
  ) {}

  async member(ctx: CooperativeContext, memberId: string): Promise<SyncStateView> {
    const { cooperativeId } = ctx;
    const { targetId } = await this.connections.target(cooperativeId);
    const [row] = await this.db.query(`${STATE_SQL} WHERE m.cooperative_id = $1 AND m.id = $3`, [cooperativeId, targetId, memberId]);
    if (!row) throw new DomainError('MEMBER_NOT_FOUND', `member ${memberId} does not exist in this cooperative`, 'memberId');
    return stateView(row);
  }

  /** Members with a given status (FAILED, DEAD…) or with warnings, up to `limit`, by member number. */
  async list(ctx: CooperativeContext, filter: { status?: string; withWarnings?: boolean }, limit: number): Promise<SyncStateView[]> {
    const { cooperativeId } = ctx;
    const { targetId } = await this.connections.target(cooperativeId);
    const rows = await this.db.query(
      `${STATE_SQL} WHERE m.cooperative_id = $1 AND m.member_number IS NOT NULL AND ($3::text IS NULL OR coalesce(s.status, 'PENDING') = $3)
         AND (NOT $4 OR jsonb_array_length(s.warnings) > 0)
       ORDER BY m.member_number LIMIT $5`,
      [cooperativeId, targetId, filter.status ?? null, filter.withWarnings ?? false, limit],
    );
    return rows.map(stateView);
  }

  /** Members per status, and how many carry warnings. */
  async summary(ctx: CooperativeContext): Promise<Record<string, number>> {
    const { cooperativeId } = ctx;
    const { targetId } = await this.connections.target(cooperativeId);
    const rows = await this.db.query(
      `SELECT coalesce(s.status, 'PENDING') AS status, count(*)::int AS count, count(*) FILTER (WHERE jsonb_array_length(s.warnings) > 0)::int AS warned
       FROM member m LEFT JOIN odoo_member_sync s ON s.target_id = $2 AND s.member_id = m.id
       WHERE m.cooperative_id = $1 AND m.member_number IS NOT NULL GROUP BY 1`,
      [cooperativeId, targetId],
    );
    const summary: Record<string, number> = Object.fromEntries(rows.map((r: { status: string; count: number }) => [r.status, r.count]));
    const warned = rows.reduce((n: number, r: { warned: number }) => n + r.warned, 0);
    if (warned > 0) summary.WITH_WARNINGS = warned;
    return summary;
  }

  /** Gives dead letters (or one of them) a fresh start: the next run tries them again. */
  async retry(ctx: CooperativeContext, memberId?: string): Promise<{ retried: number }> {
    const { targetId } = await this.connections.target(ctx.cooperativeId);
    const [, count] = await this.db.query(
      `UPDATE odoo_member_sync SET status = 'PENDING', attempts = 0, next_attempt_at = NULL, updated_at = now()
       WHERE target_id = $1 AND status IN ('DEAD', 'FAILED') AND ($2::uuid IS NULL OR member_id = $2)`,
      [targetId, memberId ?? null],
    );
    if (memberId && count === 0) throw new DomainError('NOT_FOUND', `member ${memberId} is not a failed or dead letter`, 'memberId');
    return { retried: count };
  }

  async runs(ctx: CooperativeContext, limit: number) {
    const { cooperativeId } = ctx;
    await this.connections.target(cooperativeId);
    const rows = await this.db.query('SELECT * FROM odoo_sync_run WHERE cooperative_id = $1 ORDER BY started_at DESC LIMIT $2', [cooperativeId, limit]);
    return rows.map(runView);
  }

  async run(ctx: CooperativeContext, runId: string) {
    const [row] = await this.db.query('SELECT * FROM odoo_sync_run WHERE cooperative_id = $1 AND id = $2', [ctx.cooperativeId, runId]);
    if (!row) throw new DomainError('NOT_FOUND', `sync run ${runId} does not exist in this cooperative`, 'runId');
    return runView(row);
  }
}
