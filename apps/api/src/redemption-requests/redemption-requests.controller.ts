import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CooperativeContext } from '@coop/core';
import { RedemptionRequestsService } from '@coop/ledger';
import { Access, Ctx } from '../common/access.decorator';
import { UuidParam } from '../common/params';
import { ProcessRedemptionQueueDto } from './dto/process-redemption-queue.dto';
import { RedemptionRequestQueryDto } from './dto/redemption-request-query.dto';

@ApiTags('movements')
@Controller('api/cooperatives/:cooperativeId/redemption-requests')
export class RedemptionRequestsController {
  constructor(private readonly requests: RedemptionRequestsService) {}

  /** Redemptions waiting for capital to allow them, in the order they will be executed. */
  @Get()
  @Access.cooperative('movements.read')
  list(@Ctx() ctx: CooperativeContext, @Query() q: RedemptionRequestQueryDto) {
    return this.requests.list(ctx, q.status);
  }

  /** Executes waiting redemptions, oldest exit first, until the floor holds one back. */
  @Post('processing')
  @HttpCode(200)
  @Access.cooperative('movements.write')
  process(@Ctx() ctx: CooperativeContext, @Body() dto: ProcessRedemptionQueueDto) {
    return this.requests.process(ctx, dto.date);
  }

  @Post(':requestId/cancellation')
  @HttpCode(200)
  @Access.cooperative('movements.write')
  cancel(@Ctx() ctx: CooperativeContext, @UuidParam('requestId') requestId: string) {
    return this.requests.cancel(ctx, requestId);
  }
}
