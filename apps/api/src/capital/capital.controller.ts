import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CooperativeContext } from '@coop/core';
import { CapitalService } from '@coop/ledger';
import { Access, Ctx } from '../common/access.decorator';
import { AsOfQueryDto } from '../common/query.dto';

@ApiTags('capital')
@Controller('api/cooperatives/:cooperativeId')
export class CapitalController {
  constructor(private readonly capital: CapitalService) {}

  /** Subscribed, paid, unpaid and overdue capital, highest capital, floor and public bodies' share. */
  @Get('capital')
  @Access.cooperative('capital.read')
  get(@Ctx() ctx: CooperativeContext, @Query() q: AsOfQueryDto) {
    return this.capital.capital(ctx, q.asOf);
  }

  /** The cooperative against the law: SCIC categories, public bodies' cap, college weights, floor. */
  @Get('compliance')
  @Access.cooperative('capital.read')
  compliance(@Ctx() ctx: CooperativeContext, @Query() q: AsOfQueryDto) {
    return this.capital.compliance(ctx, q.asOf);
  }
}
