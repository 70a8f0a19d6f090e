import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RedemptionRequestsService } from '@coop/ledger';
import { UuidParam } from '../common/params';
import { ProcessRedemptionQueueDto } from './dto/process-redemption-queue.dto';
import { RedemptionRequestQueryDto } from './dto/redemption-request-query.dto';

@ApiTags('movements')
@Controller('api/cooperatives/:cooperativeId/redemption-requests')
export class RedemptionRequestsController {
  constructor(private readonly requests: RedemptionRequestsService) {}

  /** Redemptions waiting for capital to allow them, in the order they will be executed. */
  @Get()
  list(@UuidParam('cooperativeId') id: string, @Query() q: RedemptionRequestQueryDto) {
    return this.requests.list(id, q.status);
  }

  /** Executes waiting redemptions, oldest exit first, until the floor holds one back. */
  @Post('processing')
  @HttpCode(200)
  process(@UuidParam('cooperativeId') id: string, @Body() dto: ProcessRedemptionQueueDto) {
    return this.requests.process(id, dto.date);
  }

  @Post(':requestId/cancellation')
  @HttpCode(200)
  cancel(@UuidParam('cooperativeId') id: string, @UuidParam('requestId') requestId: string) {
    return this.requests.cancel(id, requestId);
  }
}
