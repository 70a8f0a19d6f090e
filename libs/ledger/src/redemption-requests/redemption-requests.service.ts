import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, type CalendarDate, type CooperativeContext } from '@coop/core';
import { inTransaction } from '@coop/database';
import type { IdempotencyClaim } from '../idempotency/idempotency';
import { MovementsService, type RedemptionInput } from '../movements/movements.service';
import type { MovementView } from '../movements/movement.view';
import { CooperativesService } from '../cooperatives/cooperatives.service';

interface RequestRow {
  id: string;
  member_id: string;
  share_class_id: string;
  shares: number;
  requested_on: string;
  approval_reference: string | null;
  approval_date: string | null;
  status: 'PENDING' | 'EXECUTED' | 'CANCELLED';
  last_refusal_code: string | null;
  last_refusal: string | null;
  movement_id: string | null;
  created_at: Date;
  updated_at: Date;
}

export const redemptionRequestView = (r: RequestRow) => ({
  id: r.id,
  memberId: r.member_id,
  shareClassId: r.share_class_id,
  shares: r.shares,
  requestedOn: r.requested_on,
  approvalReference: r.approval_reference,
  approvalDate: r.approval_date,
  status: r.status,
  reason: r.last_refusal ? { code: r.last_refusal_code, message: r.last_refusal } : null,
  movementId: r.movement_id,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});
export type RedemptionRequestView = ReturnType<typeof redemptionRequestView>;

export type RedeemOutcome = { executed: MovementView } | { deferred: RedemptionRequestView };

/** The queue's order: the chronological order of exits (a partial withdrawal counts from its request). */
const QUEUE_ORDER = `COALESCE(m.exit_effective_date, r.requested_on), r.created_at, r.id`;

/**
 * Redemptions that would take capital under its floor wait in a queue and are executed, in the chronological
 * order of exits, as soon as capital allows (L47 art. 13; model statutes: refunds suspended while under the floor).
 */
@Injectable()
export class RedemptionRequestsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly movements: MovementsService,
    private readonly cooperatives: CooperativesService,
  ) {}

  /** Redeems now; when only the floor stands in the way and `defer` is set, queues the redemption instead. */
  async redeemOrDefer(ctx: CooperativeContext, input: RedemptionInput, defer: boolean, idempotency?: IdempotencyClaim): Promise<RedeemOutcome> {
    try {
      return { executed: await this.movements.redeem(ctx, input, idempotency) };
    } catch (e) {
      if (!defer || !(e instanceof DomainError) || e.code !== 'CAPITAL_FLOOR_BREACH') throw e;
      return { deferred: await this.enqueue(ctx.cooperativeId, input, e) };
    }
  }

  private async enqueue(cooperativeId: string, input: RedemptionInput, refusal: DomainError): Promise<RedemptionRequestView> {
    const [row]: RequestRow[] = await this.db.query(
      `INSERT INTO redemption_request (cooperative_id, member_id, share_class_id, shares, requested_on, approval_reference, approval_date,
         status, last_refusal_code, last_refusal)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'PENDING', $8, $9)
       ON CONFLICT (member_id, share_class_id) WHERE status = 'PENDING' DO NOTHING RETURNING *`,
      [
        cooperativeId,
        input.memberId,
        input.shareClassId,
        input.shares,
        input.date,
        input.approvalReference ?? null,
        input.approvalDate ?? null,
        refusal.code,
        refusal.message,
      ],
    );
    if (row) return redemptionRequestView(row);
    const [existing]: RequestRow[] = await this.db.query(
      `SELECT * FROM redemption_request WHERE member_id = $1 AND share_class_id = $2 AND status = 'PENDING'`,
      [input.memberId, input.shareClassId],
    );
    if (existing.shares !== input.shares) {
      throw new DomainError('CONFLICT', `a redemption of ${existing.shares} shares is already waiting for this member and class`, 'shares', {
        requestId: existing.id,
      });
    }
    return redemptionRequestView(existing);
  }

  async list(ctx: CooperativeContext, status?: RequestRow['status']): Promise<RedemptionRequestView[]> {
    const { cooperativeId } = ctx;
    await this.cooperatives.getEntity(cooperativeId);
    const rows: RequestRow[] = await this.db.query(
      `SELECT r.* FROM redemption_request r JOIN member m ON m.id = r.member_id
       WHERE r.cooperative_id = $1 AND ($2::text IS NULL OR r.status = $2) ORDER BY ${QUEUE_ORDER}`,
      [cooperativeId, status ?? null],
    );
    return rows.map(redemptionRequestView);
  }

  async cancel(ctx: CooperativeContext, requestId: string): Promise<RedemptionRequestView> {
    const { cooperativeId } = ctx;
    const [[row]]: [RequestRow[], number] = await this.db.query(
      `UPDATE redemption_request SET status = 'CANCELLED', updated_at = now() WHERE cooperative_id = $1 AND id = $2 AND status = 'PENDING' RETURNING *`,
      [cooperativeId, requestId],
    );
    if (row) return redemptionRequestView(row);
    const [found]: RequestRow[] = await this.db.query('SELECT * FROM redemption_request WHERE cooperative_id = $1 AND id = $2', [cooperativeId, requestId]);
    if (!found) throw new DomainError('NOT_FOUND', `redemption request ${requestId} does not exist in this cooperative`, 'requestId');
    throw new DomainError('CONFLICT', `this request is already ${found.status.toLowerCase()}`, 'requestId');
  }

  /**
   * Executes waiting redemptions on `date`, oldest exit first, and stops at the first one the floor still holds back:
   * later exits wait behind it. A request that can no longer be executed for another reason is cancelled with it.
   * Each execution carries an idempotency key of its own, so a crash between the movement and the request's update
   * cannot redeem twice.
   */
  async process(ctx: CooperativeContext, date: CalendarDate) {
    const { cooperativeId } = ctx;
    await this.cooperatives.getEntity(cooperativeId);
    return inTransaction(this.db, async (lock) => {
      // One processing run per cooperative at a time (held until this transaction ends).
      const [{ locked }] = await lock.query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [`redemption-queue:${cooperativeId}`]);
      if (!locked) throw new DomainError('CONFLICT', 'the redemption queue of this cooperative is being processed', 'cooperativeId');
      const pending: RequestRow[] = await this.db.query(
        `SELECT r.* FROM redemption_request r JOIN member m ON m.id = r.member_id
         WHERE r.cooperative_id = $1 AND r.status = 'PENDING' ORDER BY ${QUEUE_ORDER}`,
        [cooperativeId],
      );
      const executed: { requestId: string; movement: MovementView }[] = [];
      const cancelled: RedemptionRequestView[] = [];
      let stoppedBy: { requestId: string; code: string; message: string } | null = null;
      for (const r of pending) {
        try {
          const movement = await this.movements.redeem(
            ctx,
            {
              memberId: r.member_id,
              shareClassId: r.share_class_id,
              shares: r.shares,
              date,
              approvalReference: r.approval_reference ?? undefined,
              approvalDate: r.approval_date ?? undefined,
            },
            { key: `redemption-request:${r.id}`, fingerprint: r.id },
          );
          await this.db.query(
            `UPDATE redemption_request SET status = 'EXECUTED', movement_id = $2, last_refusal_code = NULL, last_refusal = NULL, updated_at = now() ` +
              `WHERE id = $1`,
            [r.id, movement.id],
          );
          executed.push({ requestId: r.id, movement });
        } catch (e) {
          if (!(e instanceof DomainError)) throw e;
          if (e.code === 'CAPITAL_FLOOR_BREACH' || e.code === 'DATE_OUT_OF_ORDER') {
            await this.db.query('UPDATE redemption_request SET last_refusal_code = $2, last_refusal = $3, updated_at = now() WHERE id = $1', [
              r.id,
              e.code,
              e.message,
            ]);
            stoppedBy = { requestId: r.id, code: e.code, message: e.message };
            break;
          }
          const [[row]] = await this.db.query(
            `UPDATE redemption_request SET status = 'CANCELLED', last_refusal_code = $2, last_refusal = $3, updated_at = now() WHERE id = $1 RETURNING *`,
            [r.id, e.code, e.message],
          );
          cancelled.push(redemptionRequestView(row));
        }
      }
      const [{ count }] = await this.db.query(`SELECT count(*)::int AS count FROM redemption_request WHERE cooperative_id = $1 AND status = 'PENDING'`, [
        cooperativeId,
      ]);
      return { date, executed, cancelled, pending: count, stoppedBy };
    });
  }
}
