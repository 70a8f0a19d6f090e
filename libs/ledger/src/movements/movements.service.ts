import { Injectable } from '@nestjs/common';
import { DomainError, Money, fiscalYearEndContaining, type CalendarDate, type CooperativeContext } from '@coop/core';
import {
  lossRate,
  planPayment,
  planRedemption,
  planRefund,
  planReversal,
  planSubscription,
  planTransfer,
  type CooperativeSettings,
  type Holding,
  type LedgerContext,
  type MemberSnapshot,
  type MovementEffect,
  type ShareClassSnapshot,
} from '../rules';
import { CooperativesService } from '../cooperatives/cooperatives.service';
import type { IdempotencyClaim } from '../idempotency/idempotency';
import { decodeCursor, encodeCursor, type Page } from '../shared/views';
import { JournalWriter } from './journal-writer';
import { effectOf, movementView, type MovementRow, type MovementView } from './movement.view';
import { MovementsRepository } from './movements.repository';

export interface SubscriptionInput {
  memberId: string;
  shareClassId: string;
  shares: number;
  paidAmount: string;
  date: CalendarDate;
  dueDate?: CalendarDate;
  reference?: string;
}
export interface PaymentInput {
  memberId: string;
  shareClassId: string;
  amount: string;
  date: CalendarDate;
  reference?: string;
}
export interface TransferInput {
  fromMemberId: string;
  toMemberId: string;
  shareClassId: string;
  shares: number;
  date: CalendarDate;
  approvalReference: string;
  approvalDate: CalendarDate;
}
export interface RedemptionInput {
  memberId: string;
  shareClassId: string;
  shares: number;
  date: CalendarDate;
  approvalReference?: string;
  approvalDate?: CalendarDate;
}
export interface RefundInput {
  memberId: string;
  shareClassId: string;
  amount: string;
  date: CalendarDate;
  reference?: string;
}
export interface ReversalInput {
  date: CalendarDate;
  reason: string;
}
export interface MovementFilter {
  memberId?: string;
  kind?: string;
  from?: CalendarDate;
  to?: CalendarDate;
  limit: number;
  cursor?: string;
}

/** The rule deciding a movement of one member in one share class, on what was read under the journal's lock. */
type MemberPlan = (ctx: LedgerContext, member: MemberSnapshot, shareClass: ShareClassSnapshot, holding: Holding | null) => MovementEffect;

/**
 * The capital movements: each command names the pure rule that decides it (libs/ledger/src/rules), and the journal
 * writer records it under the cooperative's lock; the journal's reads go through the repository.
 */
@Injectable()
export class MovementsService {
  constructor(
    private readonly writer: JournalWriter,
    private readonly repository: MovementsRepository,
    private readonly cooperatives: CooperativesService,
  ) {}

  subscribe(ctx: CooperativeContext, input: SubscriptionInput, idempotency?: IdempotencyClaim): Promise<MovementView> {
    return this.recordForMember(ctx.cooperativeId, input, idempotency, (ctx, member, shareClass, holding) =>
      planSubscription(ctx, {
        member,
        shareClass,
        holding,
        shares: input.shares,
        paidAmount: new Money(input.paidAmount),
        date: input.date,
        dueDate: input.dueDate,
        reference: input.reference,
      }),
    );
  }

  pay(ctx: CooperativeContext, input: PaymentInput, idempotency?: IdempotencyClaim): Promise<MovementView> {
    return this.recordForMember(ctx.cooperativeId, input, idempotency, (ctx, member, shareClass, holding) =>
      planPayment(ctx, { member, shareClass, holding, amount: new Money(input.amount), date: input.date, reference: input.reference }),
    );
  }

  transfer(ctx: CooperativeContext, input: TransferInput, idempotency?: IdempotencyClaim): Promise<MovementView> {
    const { cooperativeId } = ctx;
    return this.writer.record({
      cooperativeId,
      idempotency,
      memberIds: [
        { id: input.fromMemberId, field: 'fromMemberId' },
        { id: input.toMemberId, field: 'toMemberId' },
      ],
      shareClassId: input.shareClassId,
      plan: (ctx, snap, shareClass) =>
        planTransfer(ctx, {
          from: snap.members.get(input.fromMemberId) as MemberSnapshot,
          to: snap.members.get(input.toMemberId) as MemberSnapshot,
          shareClass,
          fromHolding: snap.holdings.get(input.fromMemberId) ?? null,
          toHolding: snap.holdings.get(input.toMemberId) ?? null,
          shares: input.shares,
          date: input.date,
          approvalReference: input.approvalReference,
          approvalDate: input.approvalDate,
        }),
    });
  }

  async redeem(ctx: CooperativeContext, input: RedemptionInput, idempotency?: IdempotencyClaim): Promise<MovementView> {
    const { cooperativeId } = ctx;
    const settings = await this.cooperatives.getSettings(cooperativeId);
    const rate = await this.redemptionLossRate(cooperativeId, settings, input);
    return this.recordForMember(
      cooperativeId,
      input,
      idempotency,
      (ctx, member, shareClass, holding) =>
        planRedemption(ctx, {
          member,
          shareClass,
          holding,
          shares: input.shares,
          date: input.date,
          lossRate: rate,
          approvalReference: input.approvalReference,
          approvalDate: input.approvalDate,
        }),
      settings,
    );
  }

  /**
   * Model statutes: the value of a leaving member's shares is fixed at the close of the fiscal year in which the exit
   * takes effect. Uses the losses recorded for that year, or else the latest year recorded before it.
   */
  private async redemptionLossRate(cooperativeId: string, settings: CooperativeSettings, input: RedemptionInput): Promise<Money> {
    const exitDate = await this.repository.exitEffectiveDate(cooperativeId, input.memberId);
    const statement = await this.repository.lossStatementOnOrBefore(cooperativeId, fiscalYearEndContaining(exitDate ?? input.date, settings.fiscalYearEnd));
    if (!statement) return new Money(0);
    const { losses, statutory_reserves: statutoryReserves, capital_at_close: capitalAtClose } = statement;
    return lossRate(
      { losses: new Money(losses), statutoryReserves: new Money(statutoryReserves), capitalAtClose: new Money(capitalAtClose) },
      settings.lossAllocation,
    );
  }

  refund(ctx: CooperativeContext, input: RefundInput, idempotency?: IdempotencyClaim): Promise<MovementView> {
    return this.recordForMember(ctx.cooperativeId, input, idempotency, (ctx, member, shareClass, holding) =>
      planRefund(ctx, { member, shareClass, holding, amount: new Money(input.amount), date: input.date, reference: input.reference }),
    );
  }

  async reverse(ctx: CooperativeContext, movementId: string, input: ReversalInput, idempotency?: IdempotencyClaim): Promise<MovementView> {
    const { cooperativeId } = ctx;
    const original = await this.getRow(cooperativeId, movementId);
    const memberIds = [{ id: original.member_id, field: 'movementId' }];
    if (original.counterparty_member_id) memberIds.push({ id: original.counterparty_member_id, field: 'movementId' });
    return this.writer.record({
      cooperativeId,
      idempotency,
      memberIds,
      shareClassId: original.share_class_id,
      reversalOf: movementId,
      plan: (ctx, snap) =>
        planReversal(ctx, {
          original: effectOf(original),
          alreadyReversed: snap.alreadyReversed,
          memberHolding: snap.holdings.get(original.member_id) ?? null,
          counterpartyHolding: original.counterparty_member_id ? (snap.holdings.get(original.counterparty_member_id) ?? null) : null,
          date: input.date,
          reason: input.reason,
        }),
    });
  }

  /** A movement of one member in one share class. */
  private recordForMember(
    cooperativeId: string,
    input: { memberId: string; shareClassId: string },
    idempotency: IdempotencyClaim | undefined,
    plan: MemberPlan,
    settings?: CooperativeSettings,
  ): Promise<MovementView> {
    return this.writer.record({
      cooperativeId,
      idempotency,
      settings,
      memberIds: [{ id: input.memberId, field: 'memberId' }],
      shareClassId: input.shareClassId,
      plan: (ctx, snap, shareClass) => plan(ctx, snap.members.get(input.memberId) as MemberSnapshot, shareClass, snap.holdings.get(input.memberId) ?? null),
    });
  }

  async get(ctx: CooperativeContext, movementId: string): Promise<MovementView> {
    return movementView(await this.getRow(ctx.cooperativeId, movementId));
  }

  async list(ctx: CooperativeContext, filter: MovementFilter): Promise<Page<MovementView>> {
    const { cooperativeId } = ctx;
    await this.cooperatives.getEntity(cooperativeId);
    const after = decodeCursor(filter.cursor, 1);
    const rows = await this.repository.list(cooperativeId, { ...filter, afterNumber: after?.[0] as number | undefined, limit: filter.limit + 1 });
    const items = rows.slice(0, filter.limit);
    const last = items[items.length - 1];
    return { items: items.map(movementView), nextCursor: rows.length > filter.limit && last ? encodeCursor([last.movement_number, last.id]) : null };
  }

  private async getRow(cooperativeId: string, movementId: string): Promise<MovementRow> {
    const row = await this.repository.find(cooperativeId, movementId);
    if (!row) {
      await this.cooperatives.getEntity(cooperativeId);
      throw new DomainError('MOVEMENT_NOT_FOUND', `movement ${movementId} does not exist in this cooperative`, 'movementId');
    }
    return row;
  }
}
