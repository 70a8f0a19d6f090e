import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type { CooperativeContext } from '@coop/core';
import { MovementsService, RedemptionRequestsService, type IdempotencyClaim } from '@coop/ledger';
import { Access, Ctx } from '../common/access.decorator';
import { Idempotency, UuidParam } from '../common/params';
import { CreatePaymentDto } from './dto/create-payment.dto';
import { CreateRedemptionDto } from './dto/create-redemption.dto';
import { CreateRefundDto } from './dto/create-refund.dto';
import { CreateReversalDto } from './dto/create-reversal.dto';
import { CreateSubscriptionDto } from './dto/create-subscription.dto';
import { CreateTransferDto } from './dto/create-transfer.dto';
import { MovementQueryDto } from './dto/movement-query.dto';

@ApiTags('movements')
@ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a replay returns the first answer' })
@Controller('api/cooperatives/:cooperativeId/movements')
export class MovementsController {
  constructor(
    private readonly movements: MovementsService,
    private readonly redemptions: RedemptionRequestsService,
  ) {}

  @Post('subscriptions')
  @Access.cooperative('movements.write')
  subscribe(@Ctx() ctx: CooperativeContext, @Body() dto: CreateSubscriptionDto, @Idempotency() key?: IdempotencyClaim) {
    return this.movements.subscribe(ctx, dto, key);
  }

  @Post('payments')
  @Access.cooperative('movements.write')
  pay(@Ctx() ctx: CooperativeContext, @Body() dto: CreatePaymentDto, @Idempotency() key?: IdempotencyClaim) {
    return this.movements.pay(ctx, dto, key);
  }

  @Post('transfers')
  @Access.cooperative('movements.write')
  transfer(@Ctx() ctx: CooperativeContext, @Body() dto: CreateTransferDto, @Idempotency() key?: IdempotencyClaim) {
    return this.movements.transfer(ctx, dto, key);
  }

  /** 201 with the movement; or, with `deferIfBelowFloor`, 202 with the queued request when the floor holds it back. */
  @Post('redemptions')
  @Access.cooperative('movements.write')
  async redeem(
    @Ctx() ctx: CooperativeContext,
    @Body() { deferIfBelowFloor, ...dto }: CreateRedemptionDto,
    @Res({ passthrough: true }) res: Response,
    @Idempotency() key?: IdempotencyClaim,
  ) {
    const outcome = await this.redemptions.redeemOrDefer(ctx, dto, deferIfBelowFloor ?? false, key);
    if ('executed' in outcome) return outcome.executed;
    res.status(202);
    return { status: 'DEFERRED', request: outcome.deferred };
  }

  @Post('refunds')
  @Access.cooperative('movements.write')
  refund(@Ctx() ctx: CooperativeContext, @Body() dto: CreateRefundDto, @Idempotency() key?: IdempotencyClaim) {
    return this.movements.refund(ctx, dto, key);
  }

  @Post(':movementId/reversal')
  @Access.cooperative('movements.write')
  reverse(@Ctx() ctx: CooperativeContext, @UuidParam('movementId') movementId: string, @Body() dto: CreateReversalDto, @Idempotency() key?: IdempotencyClaim) {
    return this.movements.reverse(ctx, movementId, dto, key);
  }

  @Get()
  @Access.cooperative('movements.read')
  list(@Ctx() ctx: CooperativeContext, @Query() q: MovementQueryDto) {
    return this.movements.list(ctx, { ...q, limit: q.limit ?? 50 });
  }

  @Get(':movementId')
  @Access.cooperative('movements.read')
  get(@Ctx() ctx: CooperativeContext, @UuidParam('movementId') movementId: string) {
    return this.movements.get(ctx, movementId);
  }
}
