import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { MovementsService, RedemptionRequestsService, type IdempotencyClaim } from '@coop/ledger';
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
  subscribe(@UuidParam('cooperativeId') id: string, @Body() dto: CreateSubscriptionDto, @Idempotency() key?: IdempotencyClaim) {
    return this.movements.subscribe(id, dto, key);
  }

  @Post('payments')
  pay(@UuidParam('cooperativeId') id: string, @Body() dto: CreatePaymentDto, @Idempotency() key?: IdempotencyClaim) {
    return this.movements.pay(id, dto, key);
  }

  @Post('transfers')
  transfer(@UuidParam('cooperativeId') id: string, @Body() dto: CreateTransferDto, @Idempotency() key?: IdempotencyClaim) {
    return this.movements.transfer(id, dto, key);
  }

  /** 201 with the movement; or, with `deferIfBelowFloor`, 202 with the queued request when the floor holds it back. */
  @Post('redemptions')
  async redeem(
    @UuidParam('cooperativeId') id: string,
    @Body() { deferIfBelowFloor, ...dto }: CreateRedemptionDto,
    @Res({ passthrough: true }) res: Response,
    @Idempotency() key?: IdempotencyClaim,
  ) {
    const outcome = await this.redemptions.redeemOrDefer(id, dto, deferIfBelowFloor ?? false, key);
    if ('executed' in outcome) return outcome.executed;
    res.status(202);
    return { status: 'DEFERRED', request: outcome.deferred };
  }

  @Post('refunds')
  refund(@UuidParam('cooperativeId') id: string, @Body() dto: CreateRefundDto, @Idempotency() key?: IdempotencyClaim) {
    return this.movements.refund(id, dto, key);
  }

  @Post(':movementId/reversal')
  reverse(
    @UuidParam('cooperativeId') id: string,
    @UuidParam('movementId') movementId: string,
    @Body() dto: CreateReversalDto,
    @Idempotency() key?: IdempotencyClaim,
  ) {
    return this.movements.reverse(id, movementId, dto, key);
  }

  @Get()
  list(@UuidParam('cooperativeId') id: string, @Query() q: MovementQueryDto) {
    return this.movements.list(id, { ...q, limit: q.limit ?? 50 });
  }

  @Get(':movementId')
  get(@UuidParam('cooperativeId') id: string, @UuidParam('movementId') movementId: string) {
    return this.movements.get(id, movementId);
  }
}
